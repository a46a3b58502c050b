/**
 * What needs ENVDIFF_SECRETS_KEY (sealing header values and webhook secrets, keying request hashes)
 * refuses when the Worker has no usable key, rather than keep anything in clear: one domain error,
 * `secrets_unavailable`, that says what was not done.
 */
import { DomainError } from "../errors";
import { SecretsConfigError } from "../secrets/crypto";

/** Runs `work`; a missing or malformed key becomes `secrets_unavailable`, followed by `consequence`. */
export async function sealingOrRefuse<T>(work: () => Promise<T>, consequence: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SecretsConfigError) {
      throw new DomainError("secrets_unavailable", `${error.message} ${consequence}`);
    }
    throw error;
  }
}
