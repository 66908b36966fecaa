import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The characters SQS accepts in a message body: the XML character set, supplementary planes
 * (emoji) included. A lone surrogate is not a character and stays refused.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 */
const SQS_BODY_CHARACTER = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

let applied = false;

/**
 * fauxqs 2.4 tests bodies with a pattern that lacks the `u` flag, so it sees each half of an
 * emoji's surrogate pair as a character SQS refuses and rejects the message with
 * InvalidMessageContents, where SQS accepts it. Every sender of the local cloud (the outbox
 * relay, consumers parking in a DLQ) would then fail on any order that holds an emoji. This makes
 * fauxqs's check the one SQS documents, in this process. Returns false when the check could not be
 * found (another fauxqs version): the emulator is then left as it is.
 */
export async function acceptSupplementaryCharacters(): Promise<boolean> {
  if (applied) return true;
  // fauxqs exports only its entry point; the module holding the pattern is reached by file URL.
  const typesFile = findUp(
    dirname(fileURLToPath(import.meta.url)),
    'node_modules/fauxqs/dist/sqs/sqsTypes.js',
  );
  if (typesFile === undefined) return false;
  const types = (await import(pathToFileURL(typesFile).href)) as { INVALID_MESSAGE_BODY_CHAR?: unknown };
  const pattern = types.INVALID_MESSAGE_BODY_CHAR;
  if (!(pattern instanceof RegExp)) return false;
  // The binding is a read-only export, but the RegExp it names is an object: its `test` is what fauxqs calls.
  Object.defineProperty(pattern, 'test', { value: (text: string) => SQS_BODY_CHARACTER.test(text) });
  applied = true;
  return true;
}

function findUp(from: string, relative: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
