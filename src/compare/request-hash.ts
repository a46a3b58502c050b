/** A stable hash of a validated request, so an Idempotency-Key can tell "same request" from "another". */
import { canonicalJson, sha256Hex } from "../digest";

export function requestHash(value: unknown): Promise<string> {
  return sha256Hex(canonicalJson(value));
}
