// Hostile review 3 of the refusal notes, the sections and the 429 handling: each test showed a problem, since fixed.
import { describe, expect, it } from "vitest";
import { JOB_HEAD, limitedJob, serve } from "../helpers/github-fakes.js";
import { createGitHubClient } from "../../src/github/client.js";
import { tellRefused } from "../../src/action/comment.js";
import { tellPrs } from "../../src/action/comment-sections.js";
import type { RefusedMerge } from "../../src/action/review-gate.js";
import { withMarkers } from "../../src/github/comment.js";
import { COMMENT_LIMIT } from "../../src/render/preview.js";
import { GitHubStandIn } from "../helpers/github-standin.js";
import { VirtualClock } from "../helpers/clock.js";

const BOT = { login: "github-actions[bot]", type: "Bot" };
const HASH = `sha256:${"a".repeat(64)}`;

/** A refusal whose plan change is large: 20 pairs merged unreviewed, 20 reviewed and dropped. */
const bigRefusal = (sandbox: string): RefusedMerge => {
  const pair = (i: number, side: string) => ({
    destination: `d${side}${i}-6ed34f6f-1b2c-4d5e-8f90-123456789abc`,
    audience: `a${side}${i}-0f1e2d3c-4b5a-6978-8a9b-cdef01234567`,
    plan: `plans/marketing/emea/${sandbox}/campaign-${side}-${i}.yaml`,
  });
  return {
    head: JOB_HEAD,
    pr: 5,
    reason: "plan-changed",
    title: "Not applied: the plan changed since review",
    why: `The plan derived from the merged commit (${sandbox}) differs from the one reviewed on PR #5.`,
    hash: `sha256:${"b".repeat(64)}`,
    sandboxes: [sandbox],
    differs: {
      merged: Array.from({ length: 20 }, (_, i) => pair(i, "m")),
      reviewed: Array.from({ length: 20 }, (_, i) => pair(i, "r")),
    },
  } as RefusedMerge;
};

describe("hostile review 3: a limited job's refusal note beside another job's large section", () => {
  it("a refusal note written above a long section does not cut that section's closing marker (the next job's write keeps it)", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    gh.comments.set(5, [{ id: 1, body: withMarkers("## Preview of PR #5", HASH), user: BOT }]);
    const report = { pr: 5, hash: HASH, by: undefined };
    // dev's job applied its part: its summary is as long as the apply summary's budget (60,000).
    const devSummary = `### ✅ Activation in dev\n\n${"- a pair that succeeded\n".repeat(2_500)}`;
    await tellPrs(limitedJob(gh, "dev", []), [report], devSummary, { head: JOB_HEAD, final: true });
    expect(gh.comments.get(5)![0]!.body).toContain("<!-- /aep-activation-plans:job:dev -->");
    // prod's part changed since review (many pairs): prod's job refuses it and tells the PR.
    await tellRefused(limitedJob(gh, "prod", []), [bigRefusal("prod")]);
    const afterNote = gh.comments.get(5)![0]!.body;
    expect(afterNote).toContain("Not applied in prod");
    expect(afterNote.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    // tellRefused cuts the whole body to 65,536 bytes from its end: dev's section loses its closing marker.
    expect(afterNote.includes("<!-- /aep-activation-plans:job:dev -->"), "dev's closing marker").toBe(true);
    // stage's job then writes its section: dev's (unclosed, so unseen) section is dropped.
    await tellPrs(limitedJob(gh, "stage", []), [report], "### ✅ Activation in stage\n\nall done", {
      head: JOB_HEAD,
      final: true,
    });
    await gh.stop();
    const body = gh.comments.get(5)![0]!.body;
    expect(body).toContain("### ✅ Activation in stage");
    expect(body).toContain("Not applied in prod");
    expect(body.includes("### ✅ Activation in dev"), "dev's section").toBe(true);
  });
});

describe("hostile review 3: the GitHub client's 429s", () => {
  it("a 429 with retry-after whose message does not say 'secondary rate' is still waited out and retried", async () => {
    const at: number[] = [];
    const clock = new VirtualClock(); // the wait is on the run's clock
    const url = await serve((_req, res) => {
      at.push(clock.now());
      if (at.length === 1) {
        res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
        res.end(JSON.stringify({ message: "Too Many Requests" }));
      } else {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ number: 1, head: { sha: "a".repeat(40) } }));
      }
    });
    const gh = createGitHubClient("ghs_test", url, () => {}, { clock });
    // Before 9dbafe8 the retry plugin retried it; now 429 is in doNotRetry and the throttling plugin
    // only handles a 429 that says "secondary rate" or has x-ratelimit-remaining: 0: it fails at once.
    const r = await gh.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 });
    expect(r.status).toBe(200);
    expect(at.length).toBe(2);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(900);
  }, 20_000);
});

describe("hostile review 3: many sandboxes' refusal notes on one PR", () => {
  it("twelve sandboxes' jobs each refusing a large change all keep their note (its hash to confirm) within 65,536 characters", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    gh.comments.set(5, [{ id: 1, body: withMarkers("## Preview of PR #5", HASH), user: BOT }]);
    const names = Array.from({ length: 12 }, (_, i) => `marketing-emea-${String(i).padStart(2, "0")}`);
    for (const name of names) await tellRefused(limitedJob(gh, name, []), [bigRefusal(name)]);
    await gh.stop();
    const body = gh.comments.get(5)![0]!.body;
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    // tellRefused appends each note and cuts the body's end: the later jobs' notes are cut or gone
    // (and with them the confirm line for their sandbox), never shortened to fit.
    const missing = names.filter((n) => !body.includes(`<!-- /aep-activation-plans:refused:${n} -->`));
    expect(missing).toEqual([]);
  });
});
