// The GitHub Action's entry (action/index.mjs, the committed bundle action.yml runs) started as the
// runner starts it: its inputs as INPUT_*, GitHub's files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
// RUNNER_TEMP) in the workspace, GITHUB_WORKSPACE set, and the CLI's Node (Node 20 when there is one).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CLI_NODE, runProcess } from "./harness.mjs";

const ACTION = join(resolve(import.meta.dirname, "../.."), "action", "index.mjs");

/** Runs the action's entry as the runner does: its inputs as INPUT_*, GitHub's files in a temp folder. */
export async function runAction(ws, inputs, env = {}) {
  const files = { output: join(ws, ".gh-output"), summary: join(ws, ".gh-summary.md"), temp: join(ws, ".runner-temp") };
  mkdirSync(files.temp);
  writeFileSync(files.output, "");
  writeFileSync(files.summary, "");
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
  const runnerEnv = {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: ws,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: files.temp,
    ...inputEnv,
    ...env,
  };
  // The runner starts it elsewhere: the workspace comes from GITHUB_WORKSPACE.
  const result = await runProcess(CLI_NODE, [ACTION], { env: runnerEnv, cwd: tmpdir() });
  return {
    ...result,
    outputs: parseOutputs(readFileSync(files.output, "utf8")),
    summary: readFileSync(files.summary, "utf8"),
  };
}

/** GITHUB_OUTPUT's `name<<DELIMITER` blocks, as the runner reads them. */
export function parseOutputs(text) {
  const outputs = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = /^([\w-]+)<<(.+)$/.exec(lines[i]);
    if (!match) continue;
    const end = lines.indexOf(match[2], i + 1);
    outputs[match[1]] = lines.slice(i + 1, end).join("\n");
    i = end;
  }
  return outputs;
}
