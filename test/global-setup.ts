/**
 * Runs in Node before the workerd tests: starts the local HTTP targets (test/support/targets.ts)
 * and hands their base URL to the tests as `inject("targetBaseUrl")`.
 */
import type { TestProject } from "vitest/node";
import { startAdversarialTargets } from "./support/adversarial-targets";
import { startTargets } from "./support/targets";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const targets = await startTargets();
  project.provide("targetBaseUrl", targets.baseUrl);
  const adversarial = await startAdversarialTargets();
  project.provide("adversarialBaseUrl", adversarial.baseUrl);
  return async () => {
    await targets.close();
    await adversarial.close();
  };
}
