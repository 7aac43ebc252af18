import { describe, expect, it } from "vitest";
import type { PlanOutcome } from "../../src/jobs/outcome.js";
import type { Plan } from "../../src/plan/types.js";
import { COMMENT_LIMIT, renderPreflightFindings, renderPreview } from "../../src/render/preview.js";
import { renderApplySummary } from "../../src/render/summary.js";
import { MARKERS_LENGTH, withMarkers } from "../../src/github/comment.js";
import { makePlan, planOutcome, uuid } from "../helpers/plans.js";

const NOW = new Date("2026-11-27T12:00:00Z");

const outcome = (base: Plan[], head: Plan[]): PlanOutcome => planOutcome(base, head, NOW);

const D = [uuid("d0"), uuid("d1")];
const A = Array.from({ length: 200 }, (_, i) => uuid(`a${i}`));

describe("plan preview (Markdown)", () => {
  it("renders a typical merge", () => {
    const sale = makePlan("black-friday-flash-sale", "prod", {
      [D[0]!]: A.slice(0, 3),
      [D[1]!]: A.slice(2, 4),
    });
    sale.activations[0]!.audiences[0]!.name = "Cart abandoners 7d";
    sale.activations[1]!.destination.name = "SFTP – ESP export";
    const news = makePlan("breaking-news", "prod", { [D[0]!]: A.slice(10, 12) });
    const newsHead = makePlan("breaking-news", "prod", { [D[0]!]: A.slice(10, 13) });
    const old = makePlan("retired", "dev", { [D[0]!]: [A[50]!] });
    const later = makePlan(
      "new-year",
      "prod",
      { [D[1]!]: [A[60]!] },
      {
        window: { notBefore: "2027-01-01T00:00:00Z", pos: { line: 1, col: 1 } },
      },
    );
    const md = renderPreview(outcome([news, old], [sale, newsHead, later]));
    expect(md).toMatchSnapshot();
    expect(md.split("\n")[0]).toBe(
      "### Activation preview: 4 plans changed · 6 pairs to activate · 1 job · 1 wave",
    );
  });

  it("says when nothing will be activated", () => {
    const a = makePlan("p", "prod", { [D[0]!]: A.slice(0, 2) });
    const b = makePlan("p", "prod", { [D[0]!]: A.slice(0, 1) });
    const md = renderPreview(outcome([a], [b]));
    expect(md).toContain("Nothing will be activated: no plan asks for a new pair.");
    expect(md).toContain("1 pair removed (removing a pair activates nothing)");
  });

  it("escapes every plan-provided string: no HTML, links, mentions or table breaks", () => {
    const p = makePlan("evil", "prod", { [D[0]!]: [A[0]!] });
    p.activations[0]!.destination.name =
      "<img src=x onerror=alert(1)> | [click](javascript:alert(1)) @octocat";
    p.activations[0]!.audiences[0]!.name =
      "**bold** `tick` \n# heading https://evil.example www.evil.example";
    p.file = "activation-plans/we`ird|name.yaml";
    const md = renderPreview(outcome([], [p]));
    expect(md).not.toContain("<img");
    expect(md).not.toContain("[click](");
    expect(md).not.toContain("@octocat");
    expect(md).not.toContain("**bold**");
    expect(md).not.toContain("https://evil");
    expect(md).not.toContain("www.evil");
    expect(md).not.toMatch(/\n# heading/);
    expect(md).toContain("we\\`ird\\|name");
  });

  it("fits a PR comment for 10,000 audiences by degrading, and points to the full preview", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => uuid(`big${i}`));
    const p = makePlan("huge", "prod", { [D[0]!]: many, [D[1]!]: many.slice(0, 5000) });
    const o = outcome([], [p]);
    expect(o.execution.jobs).toHaveLength(125);
    const full = renderPreview(o, { budget: Infinity });
    expect(full.length).toBeGreaterThan(COMMENT_LIMIT);
    const md = renderPreview(o, { fullPreviewUrl: "https://github.com/o/r/actions/runs/1" });
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(md).toContain(
      "This preview is shortened to fit a comment. [Read the full preview](https://github.com/o/r/actions/runs/1).",
    );
    expect(md).toContain("| 1 | `job-");
    expect(md).not.toContain("Who receives what"); // the pairs go first, the jobs stay
    const tiny = renderPreview(o, { budget: 1500 });
    expect(tiny.length).toBeLessThanOrEqual(1500);
    expect(tiny).toContain("Plans by change: added: 1.");
    expect(tiny).toMatchSnapshot();
  });

  it("keeps the whole PR comment (markers, preview, pre-flight findings) under GitHub's limit", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => uuid(`fit${i}`));
    const o = outcome([], [makePlan("huge", "prod", { [D[0]!]: many })]);
    const reasons = many.map(
      (a) => `pre-flight: audience ${a} is not mapped <b>x</b> (asked for at activation-plans/huge.yaml:9)`,
    );
    const findings = renderPreflightFindings(reasons);
    expect(findings).toContain("- … and 9,950 more problems");
    expect(findings).not.toContain("<b>");
    const body = withMarkers(
      renderPreview(o, { budget: COMMENT_LIMIT - MARKERS_LENGTH - findings.length }) + findings,
      o.execution.planHash,
    );
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(renderPreflightFindings([])).toBe("");
  });
});

describe("what people read at 625 jobs (the render bench's world: 50,000 pairs, 1 in 50 failed)", () => {
  it("the PR preview and the PR comment after the apply fit a comment, as snapshots", async () => {
    const { world } = await import("../../bench/render.js");
    const { outcome, report } = world();
    expect(outcome.execution.jobs).toHaveLength(625);
    const preview = renderPreview(outcome);
    const after = renderApplySummary(outcome, report, { budget: 60_000 });
    expect(preview.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(after.length).toBeLessThanOrEqual(60_000);
    expect(preview).toMatchSnapshot("625 jobs: the PR preview");
    expect(after).toMatchSnapshot("625 jobs: the PR comment after the apply");
  });
});
