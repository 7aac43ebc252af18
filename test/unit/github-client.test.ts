// Bounds on GitHub calls: a GitHub that never answers is abandoned after the timeout, a rate limit
// that resets an hour later is not waited out, and a cancellation ends a rate limit's wait.
import { describe, expect, it } from "vitest";
import { serve } from "../helpers/github-fakes.js";
import { createGitHubClient } from "../../src/github/client.js";
import type { Clock } from "../../src/clock.js";
import { VirtualClock } from "../helpers/clock.js";

describe("the GitHub client's bounds", () => {
  it("a GitHub that accepts the request and never answers is abandoned after the timeout", async () => {
    const url = await serve(() => {}); // holds every request open
    const gh = createGitHubClient("ghp_test", url, () => {}, { pace: false, timeoutMs: 300 });
    const started = Date.now();
    await expect(gh.rest.users.getAuthenticated()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("a primary rate limit that resets in an hour fails at once, saying when it resets", async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      res.writeHead(403, {
        "content-type": "application/json",
        "x-ratelimit-limit": "1000",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(reset),
      });
      res.end(JSON.stringify({ message: "API rate limit exceeded" }));
    });
    const logs: string[] = [];
    const gh = createGitHubClient("ghs_test", url, (m) => logs.push(m));
    const started = Date.now();
    await expect(gh.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 })).rejects.toMatchObject({
      status: 403,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(calls).toBe(1);
    expect(logs.join("\n")).toMatch(/resets in 6[01] min; not waiting that long/);
  });

  it("a cancellation ends a rate limit's wait at once, and the retry is never sent; once cancelled, no limit is waited out", async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      res.writeHead(403, { "content-type": "application/json", "retry-after": "1" });
      res.end(JSON.stringify({ message: "You have exceeded a secondary rate limit." }));
    });
    const logs: string[] = [];
    const cancel = new AbortController();
    // A clock whose waits end only when the run is cancelled: the retry can only follow the wait.
    const waitsForCancel: Clock = {
      now: () => Date.now(),
      sleep: (_ms, signal) =>
        new Promise((resolve) => signal?.addEventListener("abort", () => resolve(), { once: true })),
    };
    const gh = createGitHubClient("ghs_test", url, (m) => logs.push(m), {
      hurry: cancel.signal,
      clock: waitsForCancel,
    });
    const answer = gh.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 });
    while (!logs.some((l) => l.includes("retrying after 1 s"))) await new Promise((r) => setTimeout(r, 5));
    cancel.abort();
    await expect(answer).rejects.toThrow(
      "not sent: the run was cancelled while GitHub's rate limit was waited out",
    );
    expect(calls).toBe(1);

    // A limit met after the cancellation is not waited for at all.
    await expect(gh.rest.pulls.get({ owner: "o", repo: "r", pull_number: 2 })).rejects.toMatchObject({
      status: 403,
    });
    expect(calls).toBe(2);
    expect(logs.at(-1)).toBe(
      "GitHub secondary rate limit on GET /repos/{owner}/{repo}/pulls/{pull_number}; the run is being cancelled: not waiting.",
    );
  });

  it("writes are paced a second apart, and notifying writes three, on the run's clock; reads are not paced", async () => {
    const clock = new VirtualClock();
    const at: Record<string, number[]> = {};
    const url = await serve((req, res) => {
      (at[req.method ?? ""] ??= []).push(clock.now());
      res.writeHead(req.method === "POST" ? 201 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: 1, object: { sha: "a".repeat(40) } }));
    });
    const gh = createGitHubClient("ghs_test", url, () => {}, { clock });
    const repo = { owner: "o", repo: "r" };
    const started = Date.now();
    await gh.rest.git.updateRef({ ...repo, ref: "heads/s", sha: "b".repeat(40) });
    await gh.rest.git.updateRef({ ...repo, ref: "heads/s", sha: "c".repeat(40) });
    await gh.rest.issues.createComment({ ...repo, issue_number: 1, body: "x" });
    await gh.rest.issues.createComment({ ...repo, issue_number: 1, body: "y" });
    await gh.rest.git.getRef({ ...repo, ref: "heads/s" });
    await gh.rest.git.getRef({ ...repo, ref: "heads/s" });
    const [w1, w2] = at.PATCH ?? [];
    const [c1, c2] = at.POST ?? [];
    const [r1, r2] = at.GET ?? [];
    expect((w2 ?? 0) - (w1 ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect((c2 ?? 0) - (c1 ?? 0)).toBeGreaterThanOrEqual(3_000);
    expect(r2).toBe(r1);
    expect(Date.now() - started).toBeLessThan(1_000); // virtual waits
  });

  it("past the run's request budget no comment is written, and it says why; reads and the state branch's writes still go", async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: { sha: "a".repeat(40) }, id: 1 }));
    });
    const logs: string[] = [];
    const gh = createGitHubClient("ghs_test", url, (m) => logs.push(m), { pace: false, budget: 2 });
    const repo = { owner: "o", repo: "r" };
    await gh.rest.git.getRef({ ...repo, ref: "heads/aep-activation-state" });
    await gh.rest.issues.listComments({ ...repo, issue_number: 1 });
    await expect(gh.rest.issues.createComment({ ...repo, issue_number: 1, body: "x" })).rejects.toThrow(
      /GitHub request budget \(2\) is spent/,
    );
    await gh.rest.git.getRef({ ...repo, ref: "heads/aep-activation-state" });
    await gh.rest.issues.listComments({ ...repo, issue_number: 2 }); // a review read: never refused
    await gh.rest.git.updateRef({ ...repo, ref: "heads/aep-activation-state", sha: "b".repeat(40) });
    expect(calls).toBe(5);
    expect(gh.requests).toEqual({ reads: 4, writes: 1 });
    expect(logs.join("\n")).toMatch(/no more comments are written/);
  });
});
