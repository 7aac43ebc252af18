// A push's merges: grouping its first-parent commits by the PR merged as each, and what the reviewed
// ones ask for as of the head.
import { describe, expect, it } from "vitest";
import { combineMerges, groupMerges } from "../../src/jobs/merges.js";
import { pairKey, type PlanChange } from "../../src/plan/changes.js";
import { makePlan, pair } from "../helpers/plans.js";

const change = (file: string, pairs: ReturnType<typeof pair>[]): PlanChange => ({
  name: file,
  file,
  change: "added",
  reason: "new plan",
  pairs,
  plan: makePlan(file, "prod", {}),
});

describe("the merges of a push", () => {
  it("a PR's merge commit ends a merge with the commits before it that no PR was merged as; trailing commits are a direct push", () => {
    expect(
      groupMerges("x", [
        { sha: "m1", pr: 1 },
        { sha: "r1", pr: undefined }, // a rebase merge: its earlier commits are no PR's merge commit
        { sha: "r2", pr: 2 },
        { sha: "d1", pr: undefined },
        { sha: "d2", pr: undefined },
      ]),
    ).toEqual([
      { base: "x", head: "m1", pr: 1 },
      { base: "m1", head: "r2", pr: 2 },
      { base: "r2", head: "d2", pr: undefined },
    ]);
    expect(groupMerges("x", [{ sha: "m1", pr: 7 }])).toEqual([{ base: "x", head: "m1", pr: 7 }]);
  });

  it("keeps only the pairs their plan still asks for at the head; a pair asked by two merges goes out under the later review", () => {
    const [a, b, gone] = [pair("prod", "D", "A"), pair("prod", "D", "B"), pair("prod", "D", "G")];
    // Plan q asks for G at the head: that does not keep p's request for it (a request is a plan's).
    const head = [makePlan("p", "prod", { D: ["A", "B"] }), makePlan("q", "prod", { D: ["G"] })];
    const combined = combineMerges(
      [
        { changes: [change("one.yaml", [a, gone])], commit: "m1", review: { pr: 1, hash: "h1" } },
        { changes: [change("two.yaml", [a, b])], commit: "m2", review: { pr: 2, hash: "h2" } },
      ],
      head,
    );
    expect(combined.requested).toEqual([a, a, b]);
    expect(combined.revoked).toEqual([gone]);
    expect(combined.changes.map((c) => [c.pairs.length, c.reason])).toEqual([
      [1, "new plan; 1 removed by a later merge (revoked)"],
      [2, "new plan"],
    ]);
    expect(combined.reviews.get(pairKey("prod", "D", "A"))).toEqual({ pr: 2, hash: "h2" });
    expect(combined.reviews.get(pairKey("prod", "D", "B"))).toEqual({ pr: 2, hash: "h2" });
    expect(combined.reviews.has(pairKey("prod", "D", "G"))).toBe(false);
    expect(combined.commits.get(pairKey("prod", "D", "A"))).toBe("m2");
  });
});
