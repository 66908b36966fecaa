/**
 * Runs `task(0)` .. `task(count - 1)` with at most `concurrency` of them in flight, in index order
 * of start. Unlike `Promise.all(items.map(...))` the number of pending promises (and sockets, and
 * memory) stays bounded however large the batch is. `task` should record its own outcome rather
 * than throw: a throw rejects the returned promise at once while the other workers carry on.
 */
export async function runWithConcurrency(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      await task(index);
    }
  };
  const workerCount = Math.max(1, Math.min(Math.floor(concurrency), count));
  const workers: Promise<void>[] = new Array(workerCount);
  for (let i = 0; i < workerCount; i += 1) workers[i] = worker();
  await Promise.all(workers);
}
