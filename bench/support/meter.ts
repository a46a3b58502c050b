/**
 * Billing meter for benchmarks: wraps a Durable Object's `storage.sql.exec` and adds
 * up the cursors' rowsRead / rowsWritten, the figures Cloudflare bills.
 */
type Exec = SqlStorage["exec"];
type Cursor = ReturnType<Exec>;

export interface Usage {
  rowsRead: number;
  rowsWritten: number;
}

export function meter(storage: DurableObjectStorage): { take(): Usage; stop(): void } {
  const sql = storage.sql as { exec: Exec };
  const exec = sql.exec;
  let cursors: Cursor[] = [];
  sql.exec = ((query: string, ...bindings: unknown[]) => {
    const cursor = exec.call(storage.sql, query, ...bindings);
    cursors.push(cursor);
    return cursor;
  }) as Exec;
  return {
    // Counters are final once the caller has consumed a cursor; every caller here does so synchronously.
    take() {
      const usage = cursors.reduce(
        (sum, c) => ({ rowsRead: sum.rowsRead + c.rowsRead, rowsWritten: sum.rowsWritten + c.rowsWritten }),
        { rowsRead: 0, rowsWritten: 0 },
      );
      cursors = [];
      return usage;
    },
    stop() {
      sql.exec = exec;
    },
  };
}
