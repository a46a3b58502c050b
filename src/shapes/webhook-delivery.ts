/**
 * What a watch's webhook receives (docs/directory.md § Webhooks): the Standard Webhooks headers and
 * the `envdiff.drift` body. The OpenAPI document's `webhooks` section is generated from these, and
 * the delivery step builds its body to this type.
 */
import { z } from "zod";
import { pairEventSchema } from "./pair";

export const webhookDeliveryHeadersSchema = z.object({
  "webhook-id": z
    .string()
    .meta({ description: "The comparisonId: the same on every attempt of one delivery, so receivers drop repeats." }),
  "webhook-timestamp": z
    .string()
    .regex(/^\d+$/)
    .meta({ description: "Seconds since the epoch when this attempt was signed; refuse it when over 5 minutes off." }),
  "webhook-signature": z.string().meta({
    description:
      'v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<raw body>">, keyed by the base64 after whsec_ in the watch\'s secret.',
    example: "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
  }),
});

export const driftDeliverySchema = z
  .object({
    type: z.literal("envdiff.drift"),
    pairKey: z.string(),
    comparisonId: z.string(),
    leftUrl: z.string(),
    rightUrl: z.string(),
    /** Path of the comparison in this API. */
    comparison: z.string(),
    events: z.array(pairEventSchema),
  })
  .meta({ id: "DriftDelivery" });
export type DriftDelivery = z.infer<typeof driftDeliverySchema>;
