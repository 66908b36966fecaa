import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

/**
 * An SQS client that counts its API calls and the messages they delivered. `latencyMillis` adds a
 * wait to every call, to model the round trip to a real SQS endpoint (the emulator answers in
 * well under a millisecond on loopback).
 */
export function countingSqs(latencyMillis = 0) {
  const real = new SQSClient({});
  const counts = { calls: 0, delivered: 0 };
  const client = {
    send: async (command: unknown) => {
      counts.calls += 1;
      if (latencyMillis > 0) await new Promise((resolve) => setTimeout(resolve, latencyMillis));
      const output = (await real.send(command as never)) as { Successful?: unknown[] };
      if (command instanceof SendMessageBatchCommand) counts.delivered += output.Successful?.length ?? 0;
      else if (command instanceof SendMessageCommand) counts.delivered += 1;
      return output;
    },
  } as unknown as SQSClient;
  return { client, counts };
}
