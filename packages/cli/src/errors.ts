/**
 * The two ways a run ends without telling anything about the environments (exit 3): a usage error
 * (a bad flag, a bad config file, a missing environment variable) and an API or network failure.
 */
export class UsageError extends Error {}

/** A network or API error: the run cannot tell anything about the environments. */
export class ApiFailure extends Error {}
