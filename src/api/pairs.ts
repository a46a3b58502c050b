/** /api/pairs/:pairKey/comparisons: a pair's timeline, newest first. */
import { Hono } from "hono";
import { listQuerySchema, pairKeyParamSchema } from "./schemas";
import { validate } from "./validate";

export const pairsApi = new Hono<{ Bindings: Env }>().get(
  "/:pairKey/comparisons",
  validate("param", pairKeyParamSchema),
  validate("query", listQuerySchema),
  async (c) => {
    const { pairKey } = c.req.valid("param");
    const { limit } = c.req.valid("query");
    const stub = c.env.ENV_PAIR.getByName(pairKey);
    const [capacity, comparisons] = await Promise.all([stub.capacity(), stub.listComparisons(limit)]);
    return c.json({ pairKey, capacity, comparisons });
  },
);
