/** What envdiff sends (the document's `webhooks`): a watch's drift delivery, signed as Standard Webhooks specifies. */

import { driftDeliverySchema, webhookDeliveryHeadersSchema } from "../shapes/webhook-delivery";
import { json } from "./openapi-kit";

export const webhooks = {
  "envdiff.drift": {
    post: {
      operationId: "driftDelivery",
      // Authenticated by its Standard Webhooks signature (webhook-signature), not by a scheme of this API.
      security: [],
      summary: "A watched pair has a new high difference or resolved one (Standard Webhooks)",
      description:
        'Sent to watches whose webhookFormat is "standard" (the default). A "slack" or "teams" watch posts that chat\'s own message format instead (docs/directory.md § Chat messages), unsigned, with the same retries.',
      requestParams: { header: webhookDeliveryHeadersSchema },
      requestBody: json(driftDeliverySchema),
      responses: {
        "2XX": { description: "Delivered" },
        "408": {
          description: "Retried (also 429 and 5xx, honouring Retry-After; network errors and timeouts too)",
        },
        "4XX": { description: "Any other 4xx, and 3xx: refused, not retried" },
      },
    },
  },
};
