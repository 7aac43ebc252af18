// A merge refused as plan-changed lists exactly the pairs that differ from its review, each side
// under its title, cut at a count, and says so when only how they are sent changed.
import { describe, expect, it } from "vitest";
import { differenceLines } from "../../src/render/notes.js";

const pair = (i: number) => ({ destination: `d${i}`, audience: `a${i}`, plan: "p" });

describe("the pairs a refused merge changed against its review", () => {
  it("merged-only and reviewed-only pairs, each under its title, a blank quoted line between, cut at `most`", () => {
    const lines = differenceLines({ merged: [pair(1), pair(2), pair(3)], reviewed: [pair(9)] }, 2, "> ");
    expect(lines).toEqual([
      "> **Merged, never reviewed** (3):",
      "> - `a1` → `d1` (`p`)",
      "> - `a2` → `d2` (`p`)",
      "> - … and 1 more",
      ">",
      "> **Reviewed, not in the merge** (1):",
      "> - `a9` → `d9` (`p`)",
    ]);
  });

  it("the same pairs: what changed is how they are sent; nothing when the review could not be read", () => {
    expect(differenceLines({ merged: [], reviewed: [] })).toEqual([
      "The same pairs as reviewed: what changed is how they are sent (their jobs, or their plans' windows).",
    ]);
    expect(differenceLines(undefined)).toEqual([]);
  });
});
