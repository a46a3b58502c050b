// A target that answers with text meant to attack whoever reads envdiff's output (issue 21, finding 7):
// ANSI and OSC escape sequences, C1 controls, a right-to-left override, and GitHub workflow commands
// at the start of lines, in its JSON values, its JSON keys (which become paths) and a header value.
// It is a raw TCP server, so the header's bytes reach envdiff exactly as written (Node's HTTP server
// refuses control characters in header values). `/left` and `/right` differ everywhere they can.
import { once } from "node:events";
import { createServer } from "node:net";

export const HOSTILE = {
  left: {
    title: "\u001b]8;;https://evil.example/\u0007click me\u001b]8;;\u0007",
    note: "fine\n::error file=README.md,line=1::pwned\n::add-mask::envdiff",
    "\u001b[2J::warning::key": 1,
    c1: "\u009b31mred\u009b0m",
    bidi: "abc\u202edcba",
    commands: "::stop-commands::fence",
  },
  right: {
    title: "\u001b[31mred\u001b[0m",
    note: "::set-output name=verdict::pass",
    c1: "\u009d0;title\u009c",
    bidi: "plain",
    commands: "##vso[task.setvariable variable=verdict]pass",
    "::error::key": 2,
  },
};

/** Header value bytes per side: ESC, BEL and C1 bytes (obs-text) around a workflow command. */
const HEADER = {
  left: Buffer.from("\x1b[1m::warning::header\x07", "latin1"),
  right: Buffer.from("\x9b31m::notice::header\x1b]0;t\x07", "latin1"),
};

export async function startHostileTarget() {
  const server = createServer((socket) => {
    socket.on("error", () => {});
    socket.once("data", (chunk) => {
      const [method = "GET", path = "/"] = chunk.toString("latin1").split(" ");
      const side = path.startsWith("/left") ? "left" : "right";
      const body = Buffer.from(JSON.stringify(HOSTILE[side]));
      const head = Buffer.concat([
        Buffer.from("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-evil: ", "latin1"),
        HEADER[side],
        Buffer.from(`\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n`, "latin1"),
      ]);
      socket.end(method === "HEAD" ? head : Buffer.concat([head, body]));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  return { baseUrl, close: () => new Promise((done) => server.close(done)) };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** Lines envdiff itself writes for GitHub: annotations, with their own title and nothing before `::`. */
const OURS =
  /^::(error|warning|notice) (?:file=[^,:]*,line=\d+,)?title=envdiff[^:]*::|^::notice::\d+ more in the job summary$/;

/**
 * Whether `text` is safe to print and to hand to a CI runner: no raw control character but LF, no
 * line a runner reads as a command unless it is one of envdiff's own annotations (`ours: true`).
 */
export function assertNeutral(text, label, { ours = false } = {}) {
  const raw = RAW.exec(text);
  if (raw) {
    const at = raw.index;
    throw new Error(
      `${label}: raw U+${raw[0].codePointAt(0).toString(16).padStart(4, "0")} in …${JSON.stringify(text.slice(Math.max(0, at - 40), at + 20))}`,
    );
  }
  for (const line of text.split("\n")) {
    const start = line.trimStart();
    if (!start.startsWith("::") && !start.startsWith("##vso[") && !start.startsWith("##[")) continue;
    if (ours && OURS.test(line)) continue;
    throw new Error(`${label}: a line a CI runner reads as a command: ${JSON.stringify(line)}`);
  }
}
