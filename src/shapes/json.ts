/** A JSON value. Interfaces (not a recursive type alias) keep the RPC stub types shallow enough for tsc. */
import { z } from "zod";

export type JsonValue = string | number | boolean | null | JsonArray | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}
export interface JsonArray extends Array<JsonValue> {}

/** Any JSON value; documented as such in OpenAPI. */
export const jsonValueSchema = z.custom<JsonValue>(() => true).meta({ description: "any JSON value" });
