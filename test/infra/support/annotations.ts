import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';

/** The error messages synth attached to `construct` (its own node, not its children). */
export function errorsOn(construct: IConstruct): string[] {
  return messagesOn(construct, 'error');
}

/** The warning messages synth attached to `construct` (its own node, not its children). */
export function warningsOn(construct: IConstruct): string[] {
  return messagesOn(construct, 'warning');
}

/** Every error message of the stack, whatever construct carries it. */
export function allErrors(stack: Stack): string[] {
  return Annotations.fromStack(stack)
    .findError('*', Match.anyValue())
    .map((message) => String(message.entry.data));
}

function messagesOn(construct: IConstruct, level: 'error' | 'warning'): string[] {
  const annotations = Annotations.fromStack(Stack.of(construct));
  const found =
    level === 'error'
      ? annotations.findError(`/${construct.node.path}`, Match.anyValue())
      : annotations.findWarning(`/${construct.node.path}`, Match.anyValue());
  return found.map((message) => String(message.entry.data));
}
