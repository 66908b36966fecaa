import { randomUUID } from 'node:crypto';

/** A resource name no other test uses: `<prefix>-<8 hex chars>` (plus `.fifo` when asked). */
export function uniqueName(prefix: string, options: { fifo?: boolean } = {}): string {
  return `${prefix}-${randomUUID().slice(0, 8)}${options.fifo ? '.fifo' : ''}`;
}
