/**
 * Migration 0010 moves each suite's definition into suite_definitions and numbers the runs already
 * recorded, per suite from 1, in the order they were recorded. The test files share one D1, so the
 * migrations are applied here to tables of their own: every table and index name the migrations
 * create gets a prefix (the SQL is otherwise run as written), 0000–0009 first, then rows as a
 * deployment before 0010 holds them, then 0010.
 */
import type { D1Migration } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";

const { TEST_MIGRATIONS } = env as Env & { TEST_MIGRATIONS: D1Migration[] };
const prefix = `m${crypto.randomUUID().slice(0, 8)}_`;

/** Every table and index name the migrations create, longest first (so `suite_runs` is not read as `suites`'s prefix). */
function createdNames(migrations: D1Migration[]): string[] {
  const names = new Set<string>();
  for (const query of migrations.flatMap((m) => m.queries)) {
    for (const match of query.matchAll(/CREATE (?:UNIQUE )?(?:TABLE|INDEX) `(\w+)`/g)) names.add(match[1] ?? "");
  }
  return [...names].sort((a, b) => b.length - a.length);
}

const names = createdNames(TEST_MIGRATIONS);

/**
 * The query on the prefixed tables: backticked names, a CHECK's double-quoted `"table".`, and the
 * name drizzle-kit writes bare (a column's REFERENCES).
 */
function prefixed(query: string): string {
  let out = query;
  for (const name of names) {
    out = out
      .replaceAll(`\`${name}\``, `\`${prefix}${name}\``)
      .replaceAll(`"${name}".`, `"${prefix}${name}".`)
      .replaceAll(`REFERENCES ${name}(`, `REFERENCES ${prefix}${name}(`);
  }
  return out;
}

async function apply(migrations: D1Migration[]): Promise<void> {
  for (const migration of migrations) {
    await env.DB.batch(migration.queries.map((query) => env.DB.prepare(prefixed(query))));
  }
}

afterAll(async () => {
  // Children before parents (foreign keys): drop what can go until nothing of ours is left.
  for (let round = 0; round < 10; round++) {
    const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ?")
      .bind(`${prefix}%`)
      .all<{ name: string }>();
    if (results.length === 0) return;
    for (const { name } of results) await env.DB.exec(`DROP TABLE IF EXISTS \`${name}\``).catch(() => undefined);
  }
});

describe("migration 0010", () => {
  it("numbers each suite's recorded runs from 1 in their order and gives every suite and run its definition", async () => {
    const index = TEST_MIGRATIONS.findIndex((m) => m.name.startsWith("0010_"));
    expect(index).toBe(10);
    await apply(TEST_MIGRATIONS.slice(0, index));

    const t = (name: string) => `\`${prefix}${name}\``;
    const suite = (id: string, paths: string[]) =>
      env.DB.prepare(
        `INSERT INTO ${t("suites")} (id, name, left_base, right_base, paths_json, options_json, sealed_headers, created_at)
         VALUES (?, ?, 'http://l.test', 'http://r.test', ?, '{"samples":2}', 'enc:v2:sealed', 5)`,
      ).bind(id, `suite ${id}`, JSON.stringify(paths));
    const run = (id: number, suiteId: string) =>
      env.DB.prepare(
        `INSERT INTO ${t("suite_runs")} (id, suite_id, created_at, trigger, item_count) VALUES (?, ?, ?, 'api', 1)`,
      ).bind(id, suiteId, id * 10);
    // Interleaved, with gaps where older runs were already dropped (SUITE_RUNS_KEPT) or belong to others.
    await env.DB.batch([
      suite("a", ["/one"]),
      suite("b", ["/two", "/three"]),
      suite("never-run", ["/four"]),
      run(3, "a"),
      run(4, "b"),
      run(7, "a"),
      run(9, "b"),
      run(12, "a"),
    ]);

    await apply(TEST_MIGRATIONS.slice(index));

    const runs = await env.DB.prepare(
      `SELECT id, suite_id, number, definition_id FROM ${t("suite_runs")} ORDER BY id`,
    ).all();
    expect(runs.results).toEqual([
      { id: 3, suite_id: "a", number: 1, definition_id: "a" },
      { id: 4, suite_id: "b", number: 1, definition_id: "b" },
      { id: 7, suite_id: "a", number: 2, definition_id: "a" },
      { id: 9, suite_id: "b", number: 2, definition_id: "b" },
      { id: 12, suite_id: "a", number: 3, definition_id: "a" },
    ]);
    const definitions = await env.DB.prepare(
      `SELECT s.id, s.definition_id, d.paths_json, d.options_json, d.sealed_headers, d.created_at
       FROM ${t("suites")} s JOIN ${t("suite_definitions")} d ON d.id = s.definition_id ORDER BY s.id`,
    ).all();
    expect(definitions.results).toEqual([
      {
        id: "a",
        definition_id: "a",
        paths_json: '["/one"]',
        options_json: '{"samples":2}',
        sealed_headers: "enc:v2:sealed",
        created_at: 5,
      },
      {
        id: "b",
        definition_id: "b",
        paths_json: '["/two","/three"]',
        options_json: '{"samples":2}',
        sealed_headers: "enc:v2:sealed",
        created_at: 5,
      },
      {
        id: "never-run",
        definition_id: "never-run",
        paths_json: '["/four"]',
        options_json: '{"samples":2}',
        sealed_headers: "enc:v2:sealed",
        created_at: 5,
      },
    ]);
    // The next run of `a` is its 4th: the unique (suite_id, number) index holds the backfilled numbers.
    const duplicate = await env.DB.prepare(
      `INSERT INTO ${t("suite_runs")} (suite_id, number, created_at, trigger, item_count) VALUES ('a', 3, 1, 'api', 1)`,
    )
      .run()
      .then(
        () => "inserted",
        (error: Error) => error.message,
      );
    expect(duplicate).toContain("UNIQUE");
  });
});
