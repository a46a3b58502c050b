/**
 * envdiff's Worker: the stateless Hono router, plus the Durable Object and
 * Workflow classes that wrangler binds by name.
 */
import { Hono } from "hono";

export { EnvPairDO } from "./do/env-pair-do";

const app = new Hono<{ Bindings: Env }>();

app.get("/api/health", (c) => c.json({ ok: true }));

export default app satisfies ExportedHandler<Env>;
