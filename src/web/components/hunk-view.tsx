/**
 * One side of a text hunk as a line diff: the changed lines, numbered, removed ones marked on the
 * left and added ones on the right (values come as `-42| line` / `+42| line`, src/diff/text-hunks.ts).
 */
import type { JsonValue } from "../../shapes/json";

const MARKED = /^([-+])(\d+)\| (.*)$/;

export function HunkView({ value, side }: { value: JsonValue; side: "left" | "right" }) {
  if (typeof value !== "string") return <span className="value value-absent">absent</span>;
  return (
    <pre className="hunk">
      {value.split("\n").map((line, index) => {
        const marked = MARKED.exec(line);
        // Lines have no identity beyond their place in the hunk.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        if (!marked) return <span key={index} className="hunk-note">{`${line}\n`}</span>;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <span key={index} className={side === "left" ? "hunk-removed" : "hunk-added"}>
            <span className="hunk-line-no">{marked[2]}</span>
            {`${marked[1]} ${marked[3]}\n`}
          </span>
        );
      })}
    </pre>
  );
}

export function isTextHunkPath(path: string): boolean {
  return path.startsWith("/body/text/");
}
