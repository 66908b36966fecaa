import { GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { runCli } from '../../../ops/main.ts';
import { FAILURE_ATTRIBUTES } from '../../../runtime/contract.ts';
import { testSqsClient } from '../../support/queues.ts';

/** What one `ferry` run printed and returned. */
export interface FerryRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process with `args`, capturing its output. */
export async function runFerry(args: readonly string[], options: { tty?: boolean } = {}): Promise<FerryRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'ferry', ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty ?? false },
  });
  return { code, stdout, stderr };
}

/** `--endpoint` of the run's fauxqs: the CLI works on it as on LocalStack, never on a local cloud. */
export function emulatorEndpoint(): string[] {
  return ['--endpoint', process.env.AWS_ENDPOINT_URL_SQS ?? ''];
}

/** What a test dead-letters: which error and from where. */
export interface ParkedMessage {
  readonly errorName: string;
  readonly sourceArn?: string;
  readonly groupId?: string;
}

/**
 * Puts `count` messages in a DLQ as Ferry's consumer would (bodies `{"n":i}`, failure attributes
 * set), ten per call and several calls at once.
 */
export async function parkMessages(
  dlqUrl: string,
  count: number,
  describe: (index: number) => ParkedMessage,
): Promise<void> {
  const calls: Promise<unknown>[] = [];
  for (let start = 0; start < count; start += 10) {
    const entries = Array.from({ length: Math.min(10, count - start) }, (_, offset) => {
      const index = start + offset;
      const parked = describe(index);
      const attribute = (value: string) => ({ DataType: 'String', StringValue: value });
      return {
        Id: String(offset),
        MessageBody: JSON.stringify({ n: index }),
        MessageAttributes: {
          [FAILURE_ATTRIBUTES.errorName]: attribute(parked.errorName),
          [FAILURE_ATTRIBUTES.errorMessage]: attribute(`message ${index} failed`),
          [FAILURE_ATTRIBUTES.originalMessageId]: attribute(`original-${index}`),
          [FAILURE_ATTRIBUTES.receiveCount]: { DataType: 'Number', StringValue: '5' },
          [FAILURE_ATTRIBUTES.firstSeen]: attribute('2026-11-28T03:00:00.000Z'),
          ...(parked.sourceArn ? { [FAILURE_ATTRIBUTES.sourceQueue]: attribute(parked.sourceArn) } : {}),
          'app.tenant': attribute('t-1'),
        },
        ...(parked.groupId
          ? { MessageGroupId: parked.groupId, MessageDeduplicationId: `dedup-${index}` }
          : {}),
      };
    });
    calls.push(testSqsClient().send(new SendMessageBatchCommand({ QueueUrl: dlqUrl, Entries: entries })));
    if (calls.length >= 10) await Promise.all(calls.splice(0));
  }
  await Promise.all(calls);
}

/** The ARN and visible depth of a queue. */
export async function queueState(url: string): Promise<{ arn: string; visible: number; inFlight: number }> {
  const output = await testSqsClient().send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
  );
  return {
    arn: output.Attributes?.QueueArn ?? '',
    visible: Number(output.Attributes?.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(output.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}
