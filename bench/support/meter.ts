/**
 * Billing meter for benchmarks: wraps a Durable Object's `storage.sql.exec` and adds
 * up the cursors' rowsRead / rowsWritten, the figures Cloudflare bills. `setAlarm` is
 * billed as a written row too but goes through no cursor, so its calls are counted apart.
 */
type Exec = SqlStorage["exec"];
type Cursor = ReturnType<Exec>;

export interface Usage {
  rowsRead: number;
  /** SQL rows only; add alarmWrites for the billed total. */
  rowsWritten: number;
  alarmWrites: number;
}

export function meter(storage: DurableObjectStorage): { take(): Usage; stop(): void } {
  const sql = storage.sql as { exec: Exec };
  const exec = sql.exec;
  const setAlarm = storage.setAlarm;
  let cursors: Cursor[] = [];
  let alarmWrites = 0;
  sql.exec = ((query: string, ...bindings: unknown[]) => {
    const cursor = exec.call(storage.sql, query, ...bindings);
    cursors.push(cursor);
    return cursor;
  }) as Exec;
  storage.setAlarm = ((...args: Parameters<typeof setAlarm>) => {
    alarmWrites++;
    return setAlarm.apply(storage, args);
  }) as typeof setAlarm;
  return {
    // Counters are final once the caller has consumed a cursor; every caller here does so synchronously.
    take() {
      const usage = cursors.reduce(
        (sum, c) => ({ rowsRead: sum.rowsRead + c.rowsRead, rowsWritten: sum.rowsWritten + c.rowsWritten }),
        { rowsRead: 0, rowsWritten: 0 },
      );
      const taken = { ...usage, alarmWrites };
      cursors = [];
      alarmWrites = 0;
      return taken;
    },
    stop() {
      sql.exec = exec;
      storage.setAlarm = setAlarm;
    },
  };
}
