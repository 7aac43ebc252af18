// The README documents exactly the inputs and outputs that action.yml declares, with the same defaults.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = path.resolve(import.meta.dirname, "../..");
const action = parse(readFileSync(path.join(root, "action.yml"), "utf8")) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
};
const readme = readFileSync(path.join(root, "README.md"), "utf8");

/** Rows of the README table whose header starts with `| first |`, as [names…, cells…]. */
function table(first: string): string[][] {
  const start = readme.indexOf(`| ${first} |`);
  expect(start, `README has a table starting with '| ${first} |'`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of readme.slice(start).split("\n").slice(2)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

const names = (cell: string) => [...cell.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!);

describe("README and action.yml stay in step", () => {
  it("documents every input, and no other, with action.yml's defaults", () => {
    const rows = table("input");
    const documented = rows.flatMap((r) => names(r[0]!));
    expect([...documented].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const row of rows) {
      for (const name of names(row[0]!)) {
        const def = action.inputs[name]?.default;
        if (def !== undefined && def !== "") expect(row[1], `default of ${name}`).toContain(def);
      }
    }
  });

  it("documents every output, and no other", () => {
    const documented = table("output").flatMap((r) => names(r[0]!));
    expect([...documented].sort()).toEqual(Object.keys(action.outputs).sort());
  });

  it("runs on node24 from the bundled dist/index.js", () => {
    expect(action.runs).toEqual({ using: "node24", main: "dist/index.js" });
  });
});
