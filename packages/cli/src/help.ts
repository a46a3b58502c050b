/** `envdiff --help`. */
export const HELP = `envdiff: compare two deployed environments and gate CI on what differs.

Usage:
  envdiff compare <leftUrl> <rightUrl> [options]
  envdiff suite --left-base URL --right-base URL (--paths FILE | --openapi URL | --sitemap URL) [--name NAME] [options]
  envdiff check [name...] [--config FILE]   run the checks of envdiff.config.json (all, or those named)
  envdiff init <leftUrl> <rightUrl> [--name NAME] [--config FILE] [--force]
  envdiff init --left-base URL --right-base URL (--openapi URL|FILE | --sitemap URL | --paths FILE)
  envdiff get <comparisonId|suiteId> [--run N] [options]
  envdiff pairs [--limit N] [--format text|json|markdown]

Server:
  --server URL             envdiff server (or ENVDIFF_URL, or "server" in the config file)
  --token TOKEN            API token (or ENVDIFF_TOKEN), sent as Authorization: Bearer
  -c, --config FILE        config file for check and init (default ./envdiff.config.json)

Gate and output:
  --fail-on LEVEL          none|info|low|medium|high (default high; check: the config's gate.failOn)
  --new-only               fail only on differences new in this run
  --fail-on-inconclusive   exit 4 when a comparison is inconclusive (its samples could not decide)
  --format FORMAT          text|json|junit|markdown (default text)
  --wait SECONDS           give up waiting after this long (default 600)
  --idempotency-key KEY    a retried CI step replays the same comparison
  --run N                  get: run N of the suite (each suite numbers its runs from 1; default its newest)

Request options (compare and suite; check and init keep them in the config file):
  -H, --header "N: v"      header sent to both sides (repeatable)
  --left-header "N: v"     header sent to the left side only (repeatable)
  --right-header "N: v"    header sent to the right side only (repeatable)
  --ignore-header NAME     header to leave out of the diff (repeatable)
  --ignore-path POINTER    JSON pointer to leave out, * and ** allowed (repeatable)
  --mask PATTERN|JSON      RE2 pattern masked before comparing, or {"pattern","replacement","in"} (repeatable)
  --array-key POINTER=FIELD  match the elements of the array at POINTER by FIELD (repeatable)
  --unordered-path POINTER   compare the array at POINTER as a set (repeatable)
  --left-label NAME, --right-label NAME   names for the two sides in the report
  --samples N              probes per side, 1-3, to tell noise from change
  --timeout MS             per-probe timeout, 500-30000
  --method GET|HEAD|POST   POST is sent to both sides, production included
  --body-json JSON|@FILE   POST body as JSON
  --body-text TEXT|@FILE   POST body as text, with --body-content-type TYPE
  --body-secret            seal the body like a header value (shown as "[redacted]")

Exit codes: 0 pass, 1 differences at or above --fail-on, 2 a comparison failed, 3 usage/network/API error,
4 inconclusive (only with --fail-on-inconclusive or the config's "gate": {"inconclusive": "fail"}).
A failed comparison outranks differences, and differences outrank an inconclusive comparison.
In GitHub Actions the markdown report is appended to $GITHUB_STEP_SUMMARY and differences are annotated.
`;
