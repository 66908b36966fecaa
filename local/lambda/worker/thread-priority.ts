import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * The kernel id of the calling thread. On Linux each thread has one, and setpriority(2) with it
 * changes that thread alone (the "threads do not share a nice value" note of sched(7)); Node gives
 * no API for it, so it is read from /proc/thread-self, a link to /proc/<pid>/task/<tid>.
 * @see https://man7.org/linux/man-pages/man7/sched.7.html
 */
export function currentThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sets the calling thread's niceness (only lowering priority needs no privilege). Returns false
 * where the platform has no per-thread niceness (not Linux), leaving the thread as it was.
 */
export function lowerThreadPriority(niceness: number): boolean {
  const tid = currentThreadId();
  if (tid === undefined) return false;
  try {
    setPriority(tid, niceness);
    return true;
  } catch {
    return false;
  }
}
