/** /api/secrets/rotation in the OpenAPI document (src/api/secrets.ts). */
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { rotationStatusSchema } from "../shapes/rotation";
import { json, operation } from "./openapi-kit";

export const secretsOperations: ZodOpenApiPathsObject = {
  "/api/secrets/rotation": {
    get: operation("getRotationStatus", "admin", {
      summary: "Whether ENVDIFF_SECRETS_KEY_PREVIOUS may be deleted: what is not yet sealed under the current key",
      responses: {
        "200": { description: "Key ids and what is pending; never a value", ...json(rotationStatusSchema) },
      },
    }),
  },
};
