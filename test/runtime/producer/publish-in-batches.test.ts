import { describe, expect, it } from 'vitest';
import type { BatchChannel, EntryFailure } from '../../../runtime/producer/batch-channel.ts';
import { type PublishItem, publishInBatches } from '../../../runtime/producer/publish-in-batches.ts';

const FAST = { retry: { attempts: 3, baseDelayMillis: 1, maxDelayMillis: 2 } };

interface Entry {
  readonly name: string;
  readonly size?: number;
}

/**
 * A channel that records every call and fails entries as `decide` says (per entry name and the
 * number of times that entry has been sent).
 */
function fakeChannel(
  decide: (name: string, sends: number) => Omit<EntryFailure, 'position'> | undefined = () => undefined,
  limits: { maxEntryBytes?: number; maxBatchBytes?: number } = {},
) {
  const calls: string[][] = [];
  const sends = new Map<string, number>();
  const channel: BatchChannel<Entry> = {
    destination: 'fake',
    maxEntries: 10,
    maxEntryBytes: limits.maxEntryBytes ?? 1_000,
    maxBatchBytes: limits.maxBatchBytes ?? 10_000,
    sizeOf: (entry) => entry.size ?? 1,
    send: async (entries) => {
      calls.push(entries.map((entry) => entry.name));
      const failures: EntryFailure[] = [];
      entries.forEach((entry, position) => {
        const count = (sends.get(entry.name) ?? 0) + 1;
        sends.set(entry.name, count);
        const failure = decide(entry.name, count);
        if (failure) failures.push({ position, ...failure });
      });
      return failures;
    },
  };
  return { channel, calls };
}

function items(count: number, group?: (index: number) => string): PublishItem<Entry>[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `e${index}`,
    entry: { name: `e${index}` },
    ...(group ? { group: group(index) } : {}),
  }));
}

const transient = { code: 'InternalError', message: 'try again', rejected: false };

describe('publishInBatches', () => {
  it('sends 25 entries in 3 calls of at most 10', async () => {
    const { channel, calls } = fakeChannel();

    const report = await publishInBatches(channel, items(25), FAST);

    expect(calls.map((call) => call.length)).toEqual([10, 10, 5]);
    expect(report.calls).toBe(3);
    expect([...report.outcomes.values()].every((outcome) => outcome.status === 'published')).toBe(true);
  });

  it('starts a new batch when the next entry would pass the batch byte limit', async () => {
    const { channel, calls } = fakeChannel(undefined, { maxBatchBytes: 100 });
    const sized = [40, 40, 40, 90, 10].map((size, index) => ({
      id: `e${index}`,
      entry: { name: `e${index}`, size },
    }));

    await publishInBatches(channel, sized, FAST);

    expect(calls).toEqual([['e0', 'e1'], ['e2'], ['e3', 'e4']]);
  });

  it('marks an entry over the entry limit too-large and sends the rest', async () => {
    const { channel, calls } = fakeChannel(undefined, { maxEntryBytes: 50 });
    const sized = [{ id: 'big', entry: { name: 'big', size: 51 } }, ...items(2)];

    const report = await publishInBatches(channel, sized, FAST);

    expect(report.outcomes.get('big')).toEqual({ status: 'too-large', sizeBytes: 51, limitBytes: 50 });
    expect(calls).toEqual([['e0', 'e1']]);
  });

  it('retries only the entries reported failed, until they pass', async () => {
    const { channel, calls } = fakeChannel((name, sends) =>
      name === 'e1' && sends < 3 ? transient : undefined,
    );

    const report = await publishInBatches(channel, items(3), FAST);

    expect(calls).toEqual([['e0', 'e1', 'e2'], ['e1'], ['e1']]);
    expect(report.outcomes.get('e1')).toEqual({ status: 'published', attempts: 3 });
  });

  it('fails an entry that still fails after every attempt', async () => {
    const { channel, calls } = fakeChannel((name) => (name === 'e0' ? transient : undefined));

    const report = await publishInBatches(channel, items(2), FAST);

    expect(calls).toHaveLength(3);
    expect(report.outcomes.get('e0')).toEqual({
      status: 'failed',
      code: 'InternalError',
      message: 'try again',
      attempts: 3,
    });
    expect(report.outcomes.get('e1')?.status).toBe('published');
  });

  it('does not retry an entry the service rejects', async () => {
    const { channel, calls } = fakeChannel((name) =>
      name === 'e0' ? { code: 'InvalidMessageContents', message: 'bad', rejected: true } : undefined,
    );

    const report = await publishInBatches(channel, items(2), FAST);

    expect(calls).toEqual([['e0', 'e1']]);
    expect(report.outcomes.get('e0')).toEqual({
      status: 'rejected',
      code: 'InvalidMessageContents',
      message: 'bad',
    });
  });

  it('skips the later entries of a group after one failed for good, and lets other groups go on', async () => {
    const { channel, calls } = fakeChannel((name) => (name === 'e2' ? transient : undefined));
    // e0..e9 in the first batch, e10..e19 in the second; even entries are group A, odd are B.
    const grouped = items(20, (index) => (index % 2 === 0 ? 'A' : 'B'));

    const report = await publishInBatches(channel, grouped, FAST);

    expect(report.outcomes.get('e2')?.status).toBe('failed');
    expect(report.outcomes.get('e12')).toEqual({ status: 'skipped', blockedBy: 'e2' });
    expect(report.outcomes.get('e13')?.status).toBe('published');
    expect(calls.flat()).not.toContain('e12');
  });

  it('puts at most one entry per group in a call when asked, filling calls across groups', async () => {
    const { channel, calls } = fakeChannel();
    const grouped = items(6, (index) => (index < 4 ? 'A' : `solo${index}`));

    await publishInBatches(channel, grouped, { ...FAST, oneItemPerGroupPerCall: true });

    expect(calls).toEqual([['e0', 'e4', 'e5'], ['e1'], ['e2'], ['e3']]);
  });

  it('does not send the successor of a failed entry when one entry per group per call is asked', async () => {
    const { channel, calls } = fakeChannel((name) => (name === 'e0' ? transient : undefined));

    const report = await publishInBatches(
      channel,
      items(3, () => 'A'),
      { ...FAST, oneItemPerGroupPerCall: true },
    );

    expect(calls).toEqual([['e0'], ['e0'], ['e0']]);
    expect(report.outcomes.get('e1')).toEqual({ status: 'skipped', blockedBy: 'e0' });
    expect(report.outcomes.get('e2')).toEqual({ status: 'skipped', blockedBy: 'e0' });
  });

  it('keeps a rejected entry from blocking its group', async () => {
    const { channel } = fakeChannel((name) =>
      name === 'e0' ? { code: 'InvalidParameterValue', message: 'bad', rejected: true } : undefined,
    );

    const report = await publishInBatches(
      channel,
      items(12, () => 'A'),
      FAST,
    );

    expect(report.outcomes.get('e0')?.status).toBe('rejected');
    expect(report.outcomes.get('e11')?.status).toBe('published');
  });

  it('sends the batches of one group one after another', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const channel: BatchChannel<Entry> = {
      destination: 'fake',
      maxEntries: 10,
      maxEntryBytes: 10,
      maxBatchBytes: 100,
      sizeOf: () => 1,
      send: async () => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return [];
      },
    };

    await publishInBatches(
      channel,
      items(40, () => 'A'),
      { ...FAST, maxConcurrentBatches: 4 },
    );

    expect(maxInFlight).toBe(1);
  });

  it('sends batches of different groups concurrently up to the bound', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const channel: BatchChannel<Entry> = {
      destination: 'fake',
      maxEntries: 10,
      maxEntryBytes: 10,
      maxBatchBytes: 100,
      sizeOf: () => 1,
      send: async () => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return [];
      },
    };

    await publishInBatches(
      channel,
      items(60, (index) => `g${Math.floor(index / 10)}`),
      {
        ...FAST,
        maxConcurrentBatches: 3,
      },
    );

    expect(maxInFlight).toBe(3);
  });

  it('retries a call that throws a server error', async () => {
    let attempts = 0;
    const channel: BatchChannel<Entry> = {
      ...fakeChannel().channel,
      send: async () => {
        attempts += 1;
        if (attempts === 1)
          throw Object.assign(new Error('boom'), { name: 'InternalError', $fault: 'server' });
        return [];
      },
    };

    const report = await publishInBatches(channel, items(2), FAST);

    expect(report.outcomes.get('e0')).toEqual({ status: 'published', attempts: 2 });
  });

  it('fails at once, without retrying, when a call throws a client fault', async () => {
    let attempts = 0;
    const channel: BatchChannel<Entry> = {
      ...fakeChannel().channel,
      send: async () => {
        attempts += 1;
        throw Object.assign(new Error('no such queue'), { name: 'QueueDoesNotExist', $fault: 'client' });
      },
    };

    const report = await publishInBatches(channel, items(2), FAST);

    expect(attempts).toBe(1);
    expect(report.outcomes.get('e1')).toEqual({
      status: 'failed',
      code: 'QueueDoesNotExist',
      message: 'no such queue',
      attempts: 1,
    });
  });
});
