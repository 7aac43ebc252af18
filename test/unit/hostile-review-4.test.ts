// Hostile review 4 of comment-parts.ts (the parts of a sticky comment cut one by one): each test showed a problem, since
// fixed; the notes' budget is a soft one (a note keeps its markers, title and confirm line), as its test now says.
import { describe, expect, it } from "vitest";
import { JOB_HEAD, limitedJob } from "../helpers/github-fakes.js";
import { tellRefused } from "../../src/action/comment.js";
import { fitNotes, renderSections, SEPARATOR, sectionsIn } from "../../src/action/comment-parts.js";
import type { RefusedMerge } from "../../src/action/review-gate.js";
import { withMarkers } from "../../src/github/comment.js";
import { renderRefusedNote } from "../../src/render/notes.js";
import { GitHubStandIn } from "../helpers/github-standin.js";

const BOT = { login: "github-actions[bot]", type: "Bot" };
const HASH = `sha256:${"a".repeat(64)}`;
const count = (text: string, what: string) => text.split(what).length - 1;

/** An apply summary as renderApplySummary shapes it: results, then the preview's collapsed parts. */
const summary = (sandbox: string, rows: number) =>
  [
    `### ✅ Activation in ${sandbox}`,
    "",
    ...Array.from({ length: rows }, (_, i) => `- pair ${i} sent`),
    "",
    "<details><summary>Who receives what (40 pairs)</summary>",
    "",
    ...Array.from({ length: rows }, (_, i) => `| \`audience-${i}\` | \`destination-${i}\` |`),
    "",
    "</details>",
  ].join("\n");

describe("hostile review 4: sections cut to their share", () => {
  it("a section cut inside its <details> does not leave it open (the next sandbox's section would render inside it, collapsed)", () => {
    const dev = { key: "dev", at: JOB_HEAD, text: summary("dev", 1_200) };
    const prod = { key: "prod", at: JOB_HEAD, text: summary("prod", 1_200) };
    const body = renderSections([prod, dev], 60_000);
    const parsed = sectionsIn(body);
    expect(parsed.map((s) => s.key)).toEqual(["dev", "prod"]);
    // dev's section was cut to its share inside "Who receives what": no </details> before prod's section.
    for (const s of parsed)
      expect(count(s.text, "<details>"), `${s.key}'s <details> closed`).toBe(count(s.text, "</details>"));
  });

  it("a long section beside a short one is not cut while the whole fits the budget", () => {
    const dev = {
      key: "dev",
      at: JOB_HEAD,
      text: `### ✅ Activation in dev\n\n${"- a pair that succeeded\n".repeat(1_800)}`,
    };
    const stage = { key: "stage", at: JOB_HEAD, text: "### ✅ Activation in stage\n\nall done" };
    const budget = 60_000;
    expect(dev.text.length + stage.text.length + 500).toBeLessThan(budget);
    const body = renderSections([dev, stage], budget);
    // Each section gets an equal share (~30,000): dev loses a quarter of its text with 17,000 characters free.
    expect(sectionsIn(body).find((s) => s.key === "dev")?.text).toBe(dev.text);
  });
});

describe("hostile review 4: refusal notes cut to their share", () => {
  const note = (sandbox: string, long = false) =>
    renderRefusedNote(
      {
        head: JOB_HEAD,
        pr: 5,
        why: `The plan derived from the merged commit (${sandbox}) differs from the one reviewed on PR #5.`,
        hash: `sha256:${"b".repeat(64)}`,
        sandboxes: [sandbox],
        differs: {
          merged: Array.from({ length: 20 }, (_, i) => ({
            destination: long ? `d${i}-6ed34f6f-1b2c-4d5e-8f90-123456789abc` : `d${i}`,
            audience: long ? `a${i}-0f1e2d3c-4b5a-6978-8a9b-cdef01234567` : `a${i}`,
            plan: `plans/${sandbox}/p${i}.yaml`,
          })),
          reviewed: [],
        },
      } as Parameters<typeof renderRefusedNote>[0],
      "https://github.com/o/r/actions/runs/12345678901",
      sandbox,
    );

  it("notes of many sandboxes' jobs each keep their marker and confirm line, and overrun the notes' budget only by those (fitNotes' contract)", () => {
    const names = Array.from(
      { length: 40 },
      (_, i) => `marketing-emea-analytics-${String(i).padStart(2, "0")}`,
    );
    const fitted = fitNotes(names.map((n) => note(n)));
    // What no note loses: its markers, its title and its way on (the confirm line).
    const minimal = fitted.map((f) => {
      const lines = f.split("\n");
      return [...lines.slice(0, 2), ...lines.slice(-4)].join("\n").length + 8;
    });
    fitted.forEach((f, i) => {
      expect(f).toContain(`refused:${names[i]} at=`);
      expect(f).toContain(`confirm: 5 sha256:${"b".repeat(64)}`);
    });
    // Each note is cut to what it cannot lose: past the budget by no more than that.
    expect(fitted.join(SEPARATOR).length).toBeLessThanOrEqual(
      Math.max(24_000, minimal.reduce((a, b) => a + b, 0) + SEPARATOR.length * names.length),
    );
  });

  it("a note is not cut while all notes together fit the budget", () => {
    const big = note("prod", true);
    const small = Array.from(
      { length: 11 },
      (_, i) =>
        `<!-- aep-activation-plans:refused:s${i} at=${JOB_HEAD} -->\n### ❌ Not applied in s${i}\n\nx\n\ny\n\nz\n<!-- /aep-activation-plans:refused:s${i} -->`,
    );
    expect(big.length + small.join(SEPARATOR).length + 100).toBeLessThan(24_000);
    // The equal share (~1,993) cuts prod's pairs though fewer than 5,000 characters are in use.
    expect(fitNotes([big, ...small])[0]).toBe(big);
  });
});

describe("hostile review 4: the reviewed preview below a refusal note", () => {
  it("a preview cut to fit below a note keeps its <details> closed", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    // The reviewed preview as renderPreview fits it: up to 65,536 characters less the marker lines.
    const preview = [
      "## Preview of PR #5",
      "",
      "<details><summary>Who receives what (3,000 pairs)</summary>",
      "",
      ...Array.from({ length: 3_000 }, (_, i) => `| \`audience-${i}\` | \`dest-${i}\` |`).filter(
        (_, i, a) => a.slice(0, i + 1).join("\n").length < 64_000,
      ),
      "",
      "</details>",
    ].join("\n");
    gh.comments.set(5, [{ id: 1, body: withMarkers(preview, HASH), user: BOT }]);
    await tellRefused(limitedJob(gh, "prod", []), [
      {
        head: JOB_HEAD,
        pr: 5,
        reason: "plan-changed",
        title: "t",
        why: "The plan changed.",
        hash: `sha256:${"b".repeat(64)}`,
        sandboxes: ["prod"],
      } as RefusedMerge,
    ]);
    await gh.stop();
    const body = gh.comments.get(5)![0]!.body;
    expect(body).toContain("Not applied in prod");
    expect(count(body, "<details>"), "<details> closed").toBe(count(body, "</details>"));
  });
});
