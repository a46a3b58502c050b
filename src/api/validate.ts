/**
 * Request validation shared by every route: @hono/zod-validator with a hook that turns
 * zod's issues into the contract's `invalid_request`, and the JSON-only body guards.
 */
import { zValidator } from "@hono/zod-validator";
import type { MiddlewareHandler, ValidationTargets } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import { MAX_REQUEST_BODY_BYTES } from "../shapes/options";
import { ApiError } from "./errors";

export const MAX_BODY_BYTES = 16 * 1024;
/** A request that carries compare options: room for a 64 KiB POST body (MAX_REQUEST_BODY_BYTES) and 16 KiB more. */
export const MAX_OPTIONS_BODY_BYTES = MAX_BODY_BYTES + MAX_REQUEST_BODY_BYTES;
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/;

/** zValidator whose failures become `invalid_request` with each issue's path and message. */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = result.error.issues.map((issue) => ({
        path: issue.path.map(String).join("."),
        message: issue.message,
      }));
      const first = issues[0];
      const where = first?.path ? `${target} ${first.path}` : target;
      throw new ApiError("invalid_request", `Invalid ${where}: ${first?.message ?? "not valid"}.`, { issues });
    }
  });
}

/** Refuses bodies that are not JSON with 415 before anything reads them. */
export const requireJson: MiddlewareHandler = async (c, next) => {
  const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  // The same media types Hono's JSON validator parses: anything else would reach it unparsed.
  if (!JSON_MEDIA_TYPE.test(type)) {
    throw new ApiError(
      "unsupported_media_type",
      `Send the body as JSON with Content-Type: application/json${type ? ` (got ${type.slice(0, 100)})` : ""}.`,
    );
  }
  await next();
};

/** Refuses bodies over `maxSize` bytes with 413, counting the bytes as they stream in. */
export function limitBodyTo(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError("payload_too_large", `The request body is larger than ${maxSize / 1024} KiB.`);
    },
  });
}

/** Refuses bodies over 16 KiB. */
export const limitBody = limitBodyTo(MAX_BODY_BYTES);
/** Refuses bodies over 80 KiB: the routes that take compare options, whose POST body may be 64 KiB. */
export const limitOptionsBody = limitBodyTo(MAX_OPTIONS_BODY_BYTES);

/**
 * The body of a write that takes no input (POST /api/suites/:suiteId/runs): empty or `{}`, sent as
 * JSON like every write, so a cross-site HTML form can never reach it (it cannot send that type).
 */
export const emptyJsonBody: MiddlewareHandler = async (c, next) => {
  const text = (await c.req.text()).trim();
  let empty = text === "";
  try {
    if (!empty) {
      const value: unknown = JSON.parse(text);
      empty = typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
    }
  } catch {
    empty = false;
  }
  if (!empty) throw new ApiError("invalid_request", "This route takes no input: send an empty body or {}.");
  await next();
};
