// Hostile review 2 of the comment sections and the GitHub client: each test showed a problem, since fixed.
// The first three tests are checks that held up; the other six failed on 8457ed9, each showing a problem.
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

const primary = (res: import("node:http").ServerResponse, aheadS: number) => {
  res.writeHead(403, {
    "content-type": "application/json",
    "x-ratelimit-limit": "1000",
    "x-ratelimit-remaining": "0",
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + aheadS),
  });
  res.end(JSON.stringify({ message: "API rate limit exceeded for installation ID 1." }));
};
const ok = (res: import("node:http").ServerResponse) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ number: 1, head: { sha: "a".repeat(40) } }));
};

// The waits are on the run's clock: a virtual one here, so they cost no wall time.
describe("hostile review 2: the GitHub client's rate-limit retries (pace on, the default)", () => {
  it("a primary rate limit (403, remaining 0, reset a second ahead) is waited out and retried once", async () => {
    const at: number[] = [];
    const clock = new VirtualClock();
    const url = await serve((_req, res) => {
      at.push(clock.now());
      if (at.length === 1) primary(res, 1);
      else ok(res);
    });
    const logs: string[] = [];
    const gh = createGitHubClient("ghs_test", url, (m) => logs.push(m), { clock });
    const r = await gh.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 });
    expect(r.status).toBe(200);
    expect(at.length).toBe(2);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(900);
    expect(logs.join("\n")).toContain("GitHub rate limit on GET");
  }, 20_000);

  it("a rate limit that never lifts is retried twice at most (three requests), then fails with GitHub's 403", async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      primary(res, 0);
    });
    const gh = createGitHubClient("ghs_test", url, () => {}, { clock: new VirtualClock() });
    await expect(gh.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 })).rejects.toMatchObject({
      status: 403,
    });
    expect(calls).toBe(3);
  }, 20_000);

  it("a 5xx is still retried by the retry plugin, and a rate limit after it is still waited out", async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(502, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: "Bad gateway" }));
      } else if (calls === 2) primary(res, 0);
      else ok(res);
    });
    const gh = createGitHubClient("ghs_test", url, () => {}, { clock: new VirtualClock() });
    const r = await gh.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 });
    expect(r.status).toBe(200);
    expect(calls).toBe(3);
  }, 30_000);

  it("the request budget counts every request sent, retries included (as its comment says)", async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      if (calls === 1) primary(res, 0);
      else ok(res);
    });
    const gh = createGitHubClient("ghs_test", url, () => {}, { clock: new VirtualClock() });
    await gh.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 });
    expect(calls).toBe(2);
    // Two requests reached GitHub and count against the repository's hourly budget.
    expect(gh.requests.reads + gh.requests.writes).toBe(2);
  }, 20_000);

  it("a secondary rate limit answered with 429 and retry-after: 3 is not asked again before 3 s", async () => {
    const at: number[] = [];
    const clock = new VirtualClock();
    const url = await serve((_req, res) => {
      at.push(clock.now());
      if (at.length === 1) {
        res.writeHead(429, { "content-type": "application/json", "retry-after": "3" });
        res.end(JSON.stringify({ message: "You have exceeded a secondary rate limit." }));
      } else ok(res);
    });
    const gh = createGitHubClient("ghs_test", url, () => {}, { clock });
    const r = await gh.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 });
    expect(r.status).toBe(200);
    // GitHub: "wait until retry-after before retrying"; a retry sooner prolongs the limit.
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(2_900);
    expect(at.length).toBe(2);
  }, 30_000);
});

const BOT = { login: "github-actions[bot]", type: "Bot" };

const refusal = (sandbox: string, hash: string): RefusedMerge => ({
  head: JOB_HEAD,
  pr: 5,
  reason: "plan-changed",
  title: "Not applied: the plan changed since review",
  why: `The plan derived from the merged commit (${sandbox} ${hash}) differs from the one reviewed on PR #5.`,
  hash,
  sandboxes: [sandbox],
});

describe("hostile review 2: the limited jobs' sections and the refused-merge note", () => {
  it("a refused-merge note one sandbox's job wrote on the PR survives another sandbox's job reporting on the same PR", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    const hash = `sha256:${"a".repeat(64)}`;
    gh.comments.set(5, [{ id: 1, body: withMarkers("## Preview of PR #5", hash), user: BOT }]);
    const report = { pr: 5, hash, by: undefined };
    // prod's part of the merge differs from its review: prod's job refuses it and tells the PR.
    const prod = limitedJob(gh, "prod", []);
    await tellRefused(prod, [refusal("prod", `sha256:${"b".repeat(64)}`)]);
    expect(gh.comments.get(5)![0]!.body).toContain("Not applied in prod: merged as");
    // dev's part matches its review: dev's job applies it and reports on the same PR.
    const dev = limitedJob(gh, "dev", []);
    await tellPrs(dev, [report], "### ⏳ Activation running in dev\n\n…", { head: JOB_HEAD });
    await tellPrs(dev, [report], "### ✅ Activation in dev\n\nall done", { head: JOB_HEAD, final: true });
    await gh.stop();
    const body = gh.comments.get(5)![0]!.body;
    expect(body).toContain("### ✅ Activation in dev");
    // The PR must still say prod's merge was not applied (and how to confirm it).
    expect(body).toContain("Not applied in prod: merged as");
    expect(body).toContain(`sha256:${"b".repeat(64)}`);
  });

  it("two sandboxes' jobs that both refuse the same PR both keep their note (each names its own hash to confirm)", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    const hash = `sha256:${"a".repeat(64)}`;
    gh.comments.set(5, [{ id: 1, body: withMarkers("## Preview of PR #5", hash), user: BOT }]);
    await tellRefused(limitedJob(gh, "prod", []), [refusal("prod", `sha256:${"b".repeat(64)}`)]);
    await tellRefused(limitedJob(gh, "dev", []), [refusal("dev", `sha256:${"d".repeat(64)}`)]);
    await gh.stop();
    const body = gh.comments.get(5)![0]!.body;
    expect(body).toContain(`sha256:${"d".repeat(64)}`);
    // prod's refusal, and the hash a person confirms to send prod's pairs, are gone.
    expect(body).toContain(`sha256:${"b".repeat(64)}`);
  });

  it("the comment of a review applied by many sandbox jobs, each with a long summary, stays within GitHub's 65,536 characters", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    const names = Array.from({ length: 18 }, (_, i) => `marketing-emea-${String(i).padStart(2, "0")}`);
    const hash = `sha256:${"a".repeat(64)}`;
    const sandboxes = Object.fromEntries(names.map((n, i) => [n, `sha256:${String(i % 10).repeat(64)}`]));
    const by = { runId: "12345678901", head: "e".repeat(40) };
    gh.comments.set(5, [{ id: 1, body: withMarkers("## Preview", hash, "", by, sandboxes), user: BOT }]);
    for (const name of names) {
      const summary = `### ✅ Activation in ${name}\n\n${"- a pair that succeeded\n".repeat(300)}`;
      await tellPrs(limitedJob(gh, name, []), [{ pr: 5, hash, by, sandboxes }], summary, {
        head: JOB_HEAD,
        final: true,
      });
    }
    await gh.stop();
    const body = gh.comments.get(5)![0]!.body;
    for (const name of names) expect(body).toContain(`### ✅ Activation in ${name}`);
    // GitHub answers 422 "Body is too long (maximum is 65536 characters)": no job's result is shown.
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
  });
});

describe("hostile review 2: a limited job's write when the comment could not be read", () => {
  it("one failed read of the PR's comments does not make a limited job write over the other jobs' sections", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    const hash = `sha256:${"a".repeat(64)}`;
    const report = { pr: 5, hash, by: undefined };
    gh.comments.set(5, [{ id: 1, body: withMarkers("## Preview", hash), user: BOT }]);
    // dev's job is done: its final section is on the PR.
    await tellPrs(limitedJob(gh, "dev", []), [report], "### ✅ Activation in dev\n\nall done", {
      head: JOB_HEAD,
      final: true,
    });
    expect(gh.comments.get(5)![0]!.body).toContain("### ✅ Activation in dev");
    // prod's job ends; its first read of the comments fails once (a GitHub hiccup), the next succeed.
    const prod = limitedJob(gh, "prod", []);
    let failed = false;
    prod.gh!.hook.before("request", (o) => {
      if (!failed && o.method === "GET" && /\/issues\/5\/comments/.test(o.url)) {
        failed = true;
        throw Object.assign(new Error("Server Error"), { status: 502 });
      }
    });
    await tellPrs(prod, [report], "### ✅ Activation in prod\n\nall done", { head: JOB_HEAD, final: true });
    await gh.stop();
    const body = gh.comments.get(5)![0]!.body;
    expect(failed).toBe(true);
    expect(body).toContain("### ✅ Activation in prod");
    // dev's job ended before: nothing writes its section back.
    expect(body).toContain("### ✅ Activation in dev");
  });
  it("a comment unreadable at the job's write and again at its first look is written at the next (nothing was there to stand)", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    const hash = `sha256:${"a".repeat(64)}`;
    gh.comments.set(5, [{ id: 1, body: withMarkers("## Preview", hash), user: BOT }]);
    const logs: string[] = [];
    const prod = limitedJob(gh, "prod", logs);
    let failures = 0;
    prod.gh!.hook.before("request", (o) => {
      if (failures < 2 && o.method === "GET" && /\/issues\/5\/comments/.test(o.url)) {
        failures++;
        throw Object.assign(new Error("Server Error"), { status: 502 });
      }
    });
    await tellPrs(prod, [{ pr: 5, hash, by: undefined }], "### ✅ Activation in prod\n\nall done", {
      head: JOB_HEAD,
      final: true,
    });
    await gh.stop();
    expect(failures).toBe(2);
    expect(gh.comments.get(5)![0]!.body).toContain("### ✅ Activation in prod");
    expect(logs.join("\n")).toContain("Could not read PR #5's comment (HTTP 502)");
  });
});
