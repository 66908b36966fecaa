import path from 'node:path';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalFunction } from '../../../local/lambda/index.ts';
import { uniqueName } from '../../support/unique-name.ts';
import { collectLogs, fixtureBundles } from './fixture-bundles.ts';

const bundles = fixtureBundles();
afterAll(() => bundles.cleanup());

const SOURCE = `
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

const sqs = new SQSClient({});

export const handler = async (event: { body: string }): Promise<{ messageId?: string }> => {
  const sent = await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: event.body }));
  return { messageId: sent.MessageId };
};
`;

/** Bundles like CDK's NodejsFunction: CommonJS, Node target, the AWS SDK left to the runtime. */
async function bundleLikeNodejsFunction(): Promise<string> {
  const sourceDir = await bundles.write({ 'handler.ts': SOURCE });
  const outDir = await bundles.write({});
  await build({
    entryPoints: [path.join(sourceDir, 'handler.ts')],
    outfile: path.join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    external: ['@aws-sdk/*'],
    logLevel: 'silent',
  });
  return outDir;
}

describe('LocalFunction with an esbuild bundle', () => {
  it('runs a NodejsFunction-style bundle that sends to the SQS emulator through its *.localhost URL', async () => {
    const sqs = new SQSClient({});
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('lambda-sdk') }));
    const codeDir = await bundleLikeNodejsFunction();
    const fn = bundles.track(
      new LocalFunction({
        functionName: 'Sender',
        codeDir,
        logSink: collectLogs().sink,
        timeoutSeconds: 20,
        environment: {
          AWS_ENDPOINT_URL_SQS: process.env.AWS_ENDPOINT_URL_SQS ?? '',
          QUEUE_URL: queue.QueueUrl ?? '',
        },
      }),
    );

    const result = await fn.invoke({ body: 'from the local lambda' });

    expect(result).toMatchObject({ ok: true, payload: { messageId: expect.any(String) } });
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, WaitTimeSeconds: 1 }),
    );
    expect(received.Messages?.map((message) => message.Body)).toEqual(['from the local lambda']);
  });
});
