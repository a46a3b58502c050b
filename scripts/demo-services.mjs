#!/usr/bin/env node
// npm run demo:services: the demo's "staging" and "production" services on fixed ports, until Ctrl-C,
// to compare by hand (curl or the web page) against `npm run dev`.
import { startVariant } from "../test/support/targets.ts";

const staging = await startVariant("staging", Number(process.env.STAGING_PORT ?? 8701));
const production = await startVariant("production", Number(process.env.PRODUCTION_PORT ?? 8702));
console.log(`staging    ${staging.baseUrl}   (/api/status, /api/health, /api/same)`);
console.log(`production ${production.baseUrl}`);
console.log("Ctrl-C to stop.");
process.on("SIGINT", async () => {
  await Promise.all([staging.close(), production.close()]);
  process.exit(0);
});
