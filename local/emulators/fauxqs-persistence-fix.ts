interface StatementLike {
  run(...values: unknown[]): unknown;
}
interface PersistenceLike {
  readonly db: { prepare(sql: string): StatementLike };
  updateMessageReady(messageId: string): void;
}

const READY_SQL =
  'UPDATE sqs_messages SET receipt_handle = NULL, visibility_deadline = NULL WHERE message_id = ?';
let applied: Promise<void> | undefined;

/**
 * Works around a fauxqs 2.4 bug of persisted mode that loses messages. ChangeMessageVisibility to 0
 * first takes the message out of flight in memory, then marks its row ready with an UPDATE that
 * sets `approximate_receive_count` (a NOT NULL column) to NULL. SQLite refuses, the call fails
 * after the message left flight and before it is queued again, and the message is gone from the
 * running emulator (the SDK's retry then gets MessageNotInflight). Ferry's consumers set
 * visibility 0 to retry a message at once, so under faults this lost messages. The fix replaces
 * that UPDATE with one that clears only the receipt handle and deadline, as the in-memory state
 * does. Only the persistence class is touched; it is loaded from fauxqs's own file, so it is the
 * instance fauxqs uses. Test: test/local/emulators/fauxqs-persistence.test.ts.
 */
export function fixFauxqsPersistence(): Promise<void> {
  applied ??= (async () => {
    // fauxqs exports only its entry (dist/app.js); persistence.js sits beside it.
    const module = (await import(new URL('./persistence.js', import.meta.resolve('fauxqs')).href)) as {
      PersistenceManager?: { prototype: PersistenceLike };
    };
    const prototype = module.PersistenceManager?.prototype;
    if (!prototype || typeof prototype.updateMessageReady !== 'function') {
      throw new Error(
        'fauxqs has no PersistenceManager.updateMessageReady any more; check whether its visibility-0 bug is fixed and remove fixFauxqsPersistence',
      );
    }
    const statements = new WeakMap<object, StatementLike>();
    prototype.updateMessageReady = function updateMessageReady(this: PersistenceLike, messageId: string) {
      let statement = statements.get(this);
      if (!statement) {
        statement = this.db.prepare(READY_SQL);
        statements.set(this, statement);
      }
      statement.run(messageId);
    };
  })();
  return applied;
}
