/**
 * The order vitest starts test files in (vitest.config.ts `sequence.sequencer`). With no results
 * cached (a clean clone, CI) vitest starts the largest files first, and the files that take longest
 * are small ones that run hundreds of comparisons: started last, one of them kept one worker busy
 * for a minute after the other had finished. These start first, longest first (times measured by
 * vitest's reporter: README § Development); every other file follows in vitest's own order.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

const SLOW_FIRST = [
  "test/api/adversarial.test.ts",
  "test/suites/suite-fanout.test.ts",
  "test/directory/watch-fanout.test.ts",
  "test/suites/suite-run.test.ts",
  "test/api/realistic.test.ts",
  "test/api/newsroom.test.ts",
  "test/suites/suite-watch.test.ts",
  "test/api/workflow.test.ts",
];

function rank(spec: TestSpecification): number {
  const index = SLOW_FIRST.findIndex((file) => spec.moduleId.endsWith(file));
  return index === -1 ? SLOW_FIRST.length : index;
}

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return sorted
      .map((spec, i) => ({ spec, i }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i)
      .map(({ spec }) => spec);
  }
}
