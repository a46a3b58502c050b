/** Times as the contract shows them: stored as milliseconds since the epoch, answered as ISO 8601. */

export const iso = (ms: number) => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));
