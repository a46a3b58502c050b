/** /api/pairs/{pairKey}/settings in the OpenAPI document (src/api/pair-settings.ts). */
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { pairKeyParamSchema } from "../shapes/routes";
import { pairSettingsResponseSchema, pairSettingsSchema } from "../shapes/settings";
import { errors, json, operation } from "./openapi-kit";

export const settingsOperations: ZodOpenApiPathsObject = {
  "/api/pairs/{pairKey}/settings": {
    get: operation("getPairSettings", "read", {
      summary: "The pair's saved default options",
      requestParams: { path: pairKeyParamSchema },
      responses: {
        "200": { description: "The saved settings ({} when none)", ...json(pairSettingsResponseSchema) },
        ...errors("invalid_request"),
      },
    }),
    put: operation("putPairSettings", "admin", {
      summary: "Save default options for every comparison of the pair (request options override them)",
      description:
        "Header values are sealed; a read shows their names only, each value `[redacted]`. A header given as " +
        "`[redacted]` keeps the value the pair has saved for that name (in the same place: `headers`, `left` or " +
        "`right`; names match whatever their case), so settings read, changed and written back keep their " +
        "credentials; a `[redacted]` header with no saved value is refused. `left` and `right` headers are bound to " +
        "the URLs `sides` names: those of the first save (the pair's URLs in the directory's order), kept by later saves.",
      requestParams: { path: pairKeyParamSchema },
      requestBody: json(pairSettingsSchema),
      responses: {
        "200": { description: "The saved settings", ...json(pairSettingsResponseSchema) },
        ...errors("invalid_request", "payload_too_large", "unsupported_media_type"),
      },
    }),
  },
};
