import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { RecordHandler } from './implementations.ts';

/** A record handler that watches FIFO order while it delegates, and what it saw. */
export interface OrderCheck {
  readonly handler: RecordHandler;
  /** Every breach of FIFO order seen so far, plus groups not run to their end. Empty: order kept. */
  violations(): string[];
}

interface GroupState {
  /** Sequence numbers of the group's records, in batch order: the order they must run in. */
  readonly expected: string[];
  next: number;
  running: boolean;
}

/**
 * Wraps `inner` so that one run of `event` through it checks the FIFO contract: inside a group a
 * record starts only after the previous one of its group has finished, in batch order, and every
 * record runs. Groups may interleave with each other freely.
 */
export function orderCheckingHandler(event: SQSEvent, inner: RecordHandler): OrderCheck {
  const groups = new Map<string, GroupState>();
  for (const record of event.Records) {
    const group = record.attributes.MessageGroupId ?? '';
    const sequence = record.attributes.SequenceNumber ?? '';
    const state = groups.get(group);
    if (state) state.expected.push(sequence);
    else groups.set(group, { expected: [sequence], next: 0, running: false });
  }
  const seen: string[] = [];
  const handler = async (record: SQSRecord): Promise<void> => {
    const group = record.attributes.MessageGroupId ?? '';
    const sequence = record.attributes.SequenceNumber ?? '';
    const state = groups.get(group);
    if (!state) throw new Error(`Record ${record.messageId} is not part of the checked batch.`);
    if (state.running) seen.push(`group ${group}: ${sequence} started while an earlier record still ran`);
    if (state.expected[state.next] !== sequence) {
      seen.push(`group ${group}: ${sequence} ran where ${state.expected[state.next]} was due`);
    }
    state.running = true;
    try {
      await inner(record);
    } finally {
      state.running = false;
      state.next += 1;
    }
  };
  return {
    handler,
    violations: () => {
      const unfinished = [...groups]
        .filter(([, state]) => state.next !== state.expected.length)
        .map(([group, state]) => `group ${group}: ${state.next} of ${state.expected.length} records ran`);
      return [...seen, ...unfinished];
    },
  };
}
