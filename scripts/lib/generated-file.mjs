// A generated file that is committed: write it when the code generates something else, or, with
// `--check`, write nothing and fail (exit 1) naming the command that regenerates it, so CI catches a
// change that was not regenerated.
import { readFileSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");

export function writeOrCheck(file, text, { check, command }) {
  let current = null;
  try {
    current = readFileSync(file, "utf8");
  } catch {}
  const name = relative(ROOT, file);
  if (check) {
    if (current !== text) {
      console.error(`Out of date: ${name}. Run ${command}.`);
      process.exitCode = 1;
    } else console.log(`${name} matches the code.`);
  } else if (current === text) console.log(`${name}: up to date.`);
  else {
    writeFileSync(file, text);
    console.log(`Wrote ${name}.`);
  }
}
