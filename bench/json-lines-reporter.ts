/** A Vitest reporter that passes benchmark JSON lines through and keeps everything else off stdout. */
import type { Reporter, TestModule } from "vitest/node";

type UserConsoleLog = Parameters<NonNullable<Reporter["onUserConsoleLog"]>>[0];

export default class JsonLinesReporter implements Reporter {
  #failed = 0;

  onUserConsoleLog(log: UserConsoleLog): void {
    for (const line of log.content.split("\n")) {
      if (line.startsWith("{")) process.stdout.write(`${line}\n`);
      else if (line.trim()) process.stderr.write(`${line}\n`);
    }
  }

  onTestModuleEnd(module: TestModule): void {
    for (const test of module.children.allTests()) {
      const result = test.result();
      if (result.state === "failed") {
        this.#failed++;
        process.stderr.write(
          `benchmark failed: ${test.fullName}\n${result.errors?.map((e) => e.message).join("\n")}\n`,
        );
      }
    }
  }

  onTestRunEnd(): void {
    if (this.#failed > 0) process.exitCode = 1;
  }
}
