/**
 * `npm run bench`: starts the realistic staging/production fixture (test/support/shop.ts) for
 * bench/realistic.bench.ts, which reads its URLs with `inject("shopUrls")`.
 */
import type { TestProject } from "vitest/node";
import { startShop } from "../test/support/shop";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shop = await startShop();
  project.provide("shopUrls", { staging: shop.stagingUrl, production: shop.productionUrl });
  return () => shop.close();
}
