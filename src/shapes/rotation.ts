/** GET /api/secrets/rotation: whether the previous secrets key may be deleted yet (docs/secrets.md). */
import { z } from "zod";

export const rotationStatusSchema = z
  .object({
    currentKeyId: z.string().meta({ description: "The first 8 hex characters of SHA-256 over ENVDIFF_SECRETS_KEY." }),
    previousKeyId: z
      .string()
      .nullable()
      .meta({ description: "The same for ENVDIFF_SECRETS_KEY_PREVIOUS; null when it reads none." }),
    pending: z
      .object({
        watches: z.number().int().min(0).meta({ description: "Watches, of pairs and suites." }),
        suites: z.number().int().min(0).meta({ description: "Suites: their request headers." }),
        pairObjects: z
          .number()
          .int()
          .min(0)
          .meta({ description: "Pair objects: their saved headers and their comparisons' headers." }),
      })
      .meta({
        description:
          "Rows and pair objects still holding a value that is not sealed under the current key, bound to its " +
          "row (v2), or an options view that shows a header value. The cron tick works them off.",
      }),
    safeToDeletePrevious: z.boolean().meta({
      description:
        "True when nothing is pending: no stored value needs the previous key. Comparisons that started before " +
        "the rotation keep their own sealed copy until they end (RUN_DEADLINE_MS at most).",
    }),
  })
  .meta({ id: "RotationStatus" });

export type RotationStatus = z.infer<typeof rotationStatusSchema>;
