/**
 * Raw dumps of everything envdiff stores, for tests that prove a value is stored nowhere in clear:
 * every table and column of a pair's object SQLite (and its key-value storage), and of D1.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";

/** Every row of every table of the pair's object, plus its key-value storage, as JSON text. */
export async function dumpPairObject(pairKey: string): Promise<string> {
  return runInDurableObject(env.ENV_PAIR.getByName(pairKey), async (_instance, state) => {
    const tables = state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .toArray()
      .map((t) => t.name)
      // The runtime's own tables cannot be read (SQLITE_AUTH); their content is the KV API, listed below.
      .filter((name) => !name.startsWith("_cf_"));
    const dump: Record<string, unknown> = {};
    for (const name of tables) dump[name] = state.storage.sql.exec(`SELECT * FROM "${name}"`).toArray();
    dump["key-value storage"] = Object.fromEntries(await state.storage.list());
    if (tables.length < 2) throw new Error(`only ${tables.length} tables in the object`);
    return JSON.stringify(dump);
  });
}

/** Every row of every table of the D1 database, as JSON text. */
export async function dumpD1(): Promise<string> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'sqlite_%'",
  ).all<{ name: string }>();
  const dump: Record<string, unknown> = {};
  for (const { name } of results) dump[name] = (await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results;
  if (!("pairs" in dump)) throw new Error("the D1 dump has no pairs table");
  return JSON.stringify(dump);
}
