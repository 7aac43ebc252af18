// A confirm run tells the PR what it sent: the refusal note that showed its confirm line is replaced
// (markers kept), the other sandboxes' notes and the preview below stay, and a run that sent nothing
// leaves an earlier confirm's word as it was.
import { describe, expect, it } from "vitest";
import { BOT, hashOf, JOB_HEAD, limitedJob, refusalIn } from "../helpers/github-fakes.js";
import { GitHubStandIn } from "../helpers/github-standin.js";
import { tellConfirmed, tellRefused } from "../../src/action/comment.js";
import type { PairResult } from "../../src/activation/types.js";
import { withMarkers } from "../../src/github/comment.js";
import type { OutcomeCode } from "../../src/activation/outcome.js";

/** A pair's result; sent now when it succeeded (as the engine marks a submission of this run). */
const result = (code: OutcomeCode) =>
  ({ code, ...(code === "succeeded" ? { sent: true } : {}) }) as PairResult;

async function refusedInTwoSandboxes() {
  const gh = new GitHubStandIn();
  await gh.start();
  gh.comments.set(5, [
    { id: 1, body: withMarkers("## Preview of PR #5\n\nThe reviewed pairs.", hashOf("a")), user: BOT },
  ]);
  await tellRefused(limitedJob(gh, "prod", []), [refusalIn("prod", hashOf("b"))]);
  await tellRefused(limitedJob(gh, "dev", []), [refusalIn("dev", hashOf("d"))]);
  const body = () => gh.comments.get(5)?.[0]?.body ?? "";
  expect(body()).toContain("Not applied in prod");
  expect(body()).toContain("Not applied in dev");
  return { gh, body };
}

describe("a confirm run tells the PR", () => {
  it("prod's note becomes what the confirm sent; dev's note and the preview stay", async () => {
    const { gh, body } = await refusedInTwoSandboxes();
    const confirm = { head: JOB_HEAD, pr: 5, hash: hashOf("b"), windows: 0 };
    await tellConfirmed(limitedJob(gh, "prod", []), [
      { ...confirm, results: [result("succeeded"), result("succeeded")] },
    ]);
    expect(body()).not.toContain("Not applied in prod");
    expect(body()).toContain(
      `### ✅ Sent with a person's yes in prod: merged as \`${JOB_HEAD.slice(0, 12)}\``,
    );
    expect(body()).toContain(
      `A manual run confirmed \`confirm: 5 ${hashOf("b")}\` and sent what was merged: 2 pairs sent and succeeded.`,
    );
    expect(body()).toContain("Not applied in dev");
    expect(body()).toContain("The reviewed pairs.");
    expect(body().match(/<!-- aep-activation-plans:refused:prod at=/g)).toHaveLength(1);
    expect(body().match(/<!-- \/aep-activation-plans:refused:prod -->/g)).toHaveLength(1);
    await gh.stop();
  });

  it("a failed pair is said; a later confirm sending the failed pair again replaces it; one sending nothing leaves it", async () => {
    const { gh, body } = await refusedInTwoSandboxes();
    const confirm = { head: JOB_HEAD, pr: 5, hash: hashOf("b"), windows: 0 };
    const prod = limitedJob(gh, "prod", []);
    await tellConfirmed(prod, [{ ...confirm, results: [result("succeeded"), result("not-mapped")] }]);
    expect(body()).toContain("### ⚠️ Sent with a person's yes in prod");
    expect(body()).toContain("1 of 2 pairs did not succeed");
    await tellConfirmed(prod, [{ ...confirm, results: [result("succeeded")] }]);
    expect(body()).toContain("1 pair sent and succeeded.");
    expect(body()).not.toContain("did not succeed");
    const said = body();
    await tellConfirmed(prod, [{ ...confirm, results: [] }]);
    expect(body()).toBe(said);
    await gh.stop();
  });

  it("pairs that wait for their window: the note says they wait, not that they were sent", async () => {
    const { gh, body } = await refusedInTwoSandboxes();
    await tellConfirmed(limitedJob(gh, "prod", []), [
      { head: JOB_HEAD, pr: 5, hash: hashOf("b"), results: [], windows: 2 },
    ]);
    expect(body()).toContain(
      `### 🕒 Confirmed in prod: merged as \`${JOB_HEAD.slice(0, 12)}\`, waiting to be sent`,
    );
    expect(body()).toContain("2 pairs wait for their plan's window");
    expect(body()).not.toContain("Sent with a person's yes");
    await gh.stop();
  });

  it("a confirm of another hash, or of a PR without a note, writes nothing", async () => {
    const { gh, body } = await refusedInTwoSandboxes();
    const before = body();
    await tellConfirmed(limitedJob(gh, "prod", []), [
      { head: JOB_HEAD, pr: 5, hash: hashOf("e"), results: [result("succeeded")], windows: 0 },
      { head: JOB_HEAD, pr: 6, hash: hashOf("b"), results: [result("succeeded")], windows: 0 },
    ]);
    expect(body()).toBe(before);
    expect(gh.comments.get(6)).toBeUndefined();
    await gh.stop();
  });
});
