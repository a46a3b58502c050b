// The temporary directory of the test runs, in memory where the machine has one (/dev/shm on Linux).
// Miniflare keeps the tests' Durable Objects, D1, Workflows and Queues in SQLite files under the
// temporary directory (`wrangler dev --persist-to` under the folder the tests make there), and SQLite
// syncs each commit to disk. On this project's 2-core machine, with a shared disk, those syncs were
// more than half of the fan-out tests' time (500 suite paths: 75 s on /tmp, 32 s in memory).
// A TMPDIR set by the user wins: tests that must run on a real disk can still ask for one. So does a
// small /dev/shm (a container's is 64 MB by default): a full run keeps a few hundred MB of SQLite files.
import { accessSync, constants, statfsSync, statSync } from "node:fs";

const MEMORY = "/dev/shm";
const NEEDED_BYTES = 2 * 1024 ** 3;

function usable(dir) {
  try {
    accessSync(dir, constants.W_OK);
    if (!statSync(dir).isDirectory()) return false;
    const { bavail, bsize } = statfsSync(dir);
    return bavail * bsize >= NEEDED_BYTES;
  } catch {
    return false;
  }
}

/** Points TMPDIR (and so `os.tmpdir()`, here and in every child process) at memory, unless it is set. */
export function preferMemoryTmpDir() {
  if (!process.env.TMPDIR && usable(MEMORY)) process.env.TMPDIR = MEMORY;
}
