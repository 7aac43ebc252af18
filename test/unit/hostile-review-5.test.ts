// Fifth hostile review: a confirm run's word on the PR (tellConfirmed) and the GitHub client's waits
// on the Clock port. Each test failed on c720544, showing a problem, since fixed.
import { describe, expect, it } from "vitest";
import { BOT, hashOf, JOB_HEAD, limitedJob, refusalIn, serve } from "../helpers/github-fakes.js";
import { GitHubStandIn } from "../helpers/github-standin.js";
import { tellConfirmed, tellRefused } from "../../src/action/comment.js";
import type { PairResult } from "../../src/activation/types.js";
import { withMarkers } from "../../src/github/comment.js";
import type { OutcomeCode } from "../../src/activation/outcome.js";
import { createGitHubClient } from "../../src/github/client.js";
import type { Clock } from "../../src/clock.js";

const result = (code: OutcomeCode) => ({ code, status: "not-submitted" }) as PairResult;

describe("hostile review 5: a confirm run's word on the PR", () => {
  it("a confirm whose every pair pre-flight held (nothing submitted) does not tell the PR its merge was 'Sent'", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    gh.comments.set(5, [
      { id: 1, body: withMarkers("## Preview of PR #5\n\nThe reviewed pairs.", hashOf("a")), user: BOT },
    ]);
    await tellRefused(limitedJob(gh, "prod", []), [refusalIn("prod", hashOf("b"))]);
    await tellConfirmed(limitedJob(gh, "prod", []), [
      {
        head: JOB_HEAD,
        pr: 5,
        hash: hashOf("b"),
        results: [result("not-mapped"), result("not-mapped")],
        windows: 0,
      },
    ]);
    const body = gh.comments.get(5)?.[0]?.body ?? "";
    // Nothing reached Platform: the note must not say the merge was sent.
    expect(body).not.toContain("Sent with a person's yes");
    await gh.stop();
  });
});

describe("hostile review 5: the GitHub client's waits", () => {
  it("a cancellation ends a rate limit's wait at once even on a clock whose sleep does not watch the signal (as sleepUnless does)", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(403, { "content-type": "application/json", "retry-after": "2" });
      res.end(JSON.stringify({ message: "You have exceeded a secondary rate limit." }));
    });
    const logs: string[] = [];
    const cancel = new AbortController();
    // The Clock port says a clock *may* end a wait early on abort: this one (like PacedClock) does not.
    const deaf: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
    const gh = createGitHubClient("ghs_test", url, (m) => logs.push(m), {
      hurry: cancel.signal,
      clock: deaf,
    });
    const answer = gh.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 }).then(
      () => "answered",
      () => "rejected",
    );
    while (!logs.some((l) => l.includes("retrying after 2 s"))) await new Promise((r) => setTimeout(r, 5));
    const aborted = Date.now();
    cancel.abort();
    await answer;
    expect(Date.now() - aborted).toBeLessThan(500);
  });
});
