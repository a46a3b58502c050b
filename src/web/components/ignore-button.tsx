/**
 * "Ignore this" on a difference row: adds the difference's path to the pair's saved ignore paths
 * (PUT /api/pairs/:pairKey/settings) in one click, after saying what will change. The comparison
 * shown stays as it is; the pair's later comparisons (manual, watch, suite) leave the path out,
 * whatever ignore paths of their own they add (src/web/ignore-path.ts).
 */
import { useState } from "react";
import { ApiFailure, getPairSettings, putPairSettings } from "../client";
import { MAX_IGNORE_PATHS, withIgnoredPath } from "../ignore-path";

type Step =
  | { kind: "idle" }
  | { kind: "confirm" }
  | { kind: "saving" }
  | { kind: "done" }
  | { kind: "failed"; message: string };

async function addIgnorePath(pairKey: string, path: string): Promise<void> {
  const { settings } = await getPairSettings(pairKey);
  const next = withIgnoredPath(settings, path);
  if (next === null) return;
  if (next === "full") {
    throw new ApiFailure("invalid_request", `This pair already ignores ${MAX_IGNORE_PATHS} paths; remove one first.`);
  }
  await putPairSettings(pairKey, next);
}

export function IgnoreButton({ pairKey, path }: { pairKey: string; path: string }) {
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const confirm = async () => {
    setStep({ kind: "saving" });
    try {
      await addIgnorePath(pairKey, path);
      setStep({ kind: "done" });
    } catch (error) {
      setStep({ kind: "failed", message: error instanceof Error ? error.message : "Could not save." });
    }
  };
  switch (step.kind) {
    case "idle":
      return (
        <button type="button" className="link" onClick={() => setStep({ kind: "confirm" })}>
          Ignore this
        </button>
      );
    case "confirm":
      return (
        <span className="ignore-confirm">
          <span className="small">
            Adds <code>{path}</code> to this pair's ignore paths: its next comparisons will not report it.
          </span>{" "}
          <button type="button" className="secondary" onClick={confirm}>
            Ignore
          </button>{" "}
          <button type="button" className="link" onClick={() => setStep({ kind: "idle" })}>
            Cancel
          </button>
        </span>
      );
    case "saving":
      return <span className="muted small">Saving…</span>;
    case "done":
      return <span className="small">Ignored from the next comparison on.</span>;
    case "failed":
      return (
        <span className="text-high small" role="alert">
          {step.message}
        </span>
      );
  }
}
