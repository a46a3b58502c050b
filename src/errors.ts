/**
 * Typed domain errors shared by the object, the workflow and the API.
 *
 * Workers RPC carries an Error's message across the stub but not its custom
 * properties, so the code travels as the message's prefix (`not_found: …`)
 * and `errorCode()` reads it back on the caller's side.
 */

export const STORAGE_ERROR_CODES = ["not_found", "invalid_transition"] as const;
export type StorageErrorCode = (typeof STORAGE_ERROR_CODES)[number];

export class EnvPairError extends Error {
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = "EnvPairError";
    this.code = code;
  }
}

// Errors re-thrown across RPC or out of a workflow step may gain a "NonRetryableError: " style prefix.
const CODE_PREFIX = new RegExp(`^(?:\\w*Error: )*(${STORAGE_ERROR_CODES.join("|")}): `);

/** The storage error code of anything thrown by an EnvPairDO call, local or across RPC. */
export function errorCode(error: unknown): StorageErrorCode | null {
  if (error instanceof EnvPairError) return error.code;
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "";
  const match = CODE_PREFIX.exec(message);
  return match ? (match[1] as StorageErrorCode) : null;
}
