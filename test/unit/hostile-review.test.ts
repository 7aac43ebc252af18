// Hostile review of the settle check and the GitHub client's cancellation: each test showed a problem, since fixed.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { JOB_HEAD, limitedJob, serve } from "../helpers/github-fakes.js";
import { tempDir } from "../helpers/tmp.js";
import { createGitHubClient } from "../../src/github/client.js";
import { tellPrs } from "../../src/action/comment-sections.js";
import { withMarkers } from "../../src/github/comment.js";
import { GitHubStandIn } from "../helpers/github-standin.js";
import { VirtualClock } from "../helpers/clock.js";

describe("hostile review: the GitHub client's cancellation", () => {
  it("a state write whose rate-limit wait is over and whose retry is in flight at cancel time still completes", async () => {
    let calls = 0;
    let retryArrived = false;
    const url = await serve((_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(403, { "content-type": "application/json", "retry-after": "1" });
        res.end(JSON.stringify({ message: "You have exceeded a secondary rate limit." }));
        return;
      }
      // The retry reached GitHub; it answers a moment later.
      retryArrived = true;
      setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ ref: "refs/heads/aep-activation-state", object: { sha: "b".repeat(40) } }));
      }, 300);
    });
    const logs: string[] = [];
    const cancel = new AbortController();
    // The second's wait on the run's clock (virtual: no wall time).
    const gh = createGitHubClient("ghs_test", url, (m) => logs.push(m), {
      hurry: cancel.signal,
      clock: new VirtualClock(),
    });
    const write = gh.rest.git.updateRef({
      owner: "o",
      repo: "r",
      ref: "heads/aep-activation-state",
      sha: "b".repeat(40),
    });
    const settled = write.then(
      (r) => ({ ok: true as const, status: r.status }),
      (e: Error) => ({ ok: false as const, message: e.message }),
    );
    // The wait is over and the retry is on its way: the run is cancelled now (SIGINT).
    while (!retryArrived) await new Promise((r) => setTimeout(r, 5));
    cancel.abort();
    // The write was sent and GitHub applies it: the run must see its answer, not "not sent".
    expect(await settled).toEqual({ ok: true, status: 200 });
    expect(calls).toBe(2);
  });
});

describe("hostile review: the process after a cancelled rate-limit wait", () => {
  it("a run cancelled while a request waits out a secondary rate limit exits when it is done, not when the abandoned retry's timer fires", async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
    const script = path.join(tempDir("aep-hr-"), "cancelled.mts");
    // The Action's shape: a run that, once cancelled, ends (its promise settles) and lets node exit.
    writeFileSync(
      script,
      `import { createServer } from "node:http";
import { createGitHubClient } from ${JSON.stringify(path.join(root, "src/github/client.ts"))};
const server = createServer((_req, res) => {
  res.writeHead(403, { "content-type": "application/json", "retry-after": "8" });
  res.end(JSON.stringify({ message: "You have exceeded a secondary rate limit." }));
});
await new Promise((r) => server.listen(0, "127.0.0.1", () => r(undefined)));
const cancel = new AbortController();
const logs = [];
const gh = createGitHubClient("ghs_test", "http://127.0.0.1:" + server.address().port, (m) => logs.push(m), { hurry: cancel.signal });
const answer = gh.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 });
while (!logs.some((l) => l.includes("retrying after"))) await new Promise((r) => setTimeout(r, 5));
cancel.abort();
await answer.catch((e) => console.log(e.message));
server.closeAllConnections();
server.close();
console.log("run over");
`,
    );
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), [script], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    let over = 0;
    const exited = await new Promise<number>((resolve) => {
      const poll = setInterval(() => {
        if (over === 0 && out.includes("run over")) over = Date.now();
      }, 10);
      child.on("exit", () => {
        clearInterval(poll);
        if (over === 0 && out.includes("run over")) over = Date.now();
        resolve(Date.now());
      });
    });
    expect(out).toContain("not sent: the run was cancelled");
    expect(over).toBeGreaterThan(0);
    // The run was over; the process lingers until the plugin's retry timer (8 s) fires.
    expect(exited - over).toBeLessThan(3_000);
  }, 30_000);
});

describe("hostile review: the settle check of a limited job's comment section", () => {
  it("a section another job's later write kept (only cut to a smaller share of the comment) is not taken for lost", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    const hash = `sha256:${"a".repeat(64)}`;
    const report = { pr: 5, hash, by: undefined };
    // The preview of the review both jobs apply.
    gh.comments.set(5, [
      { id: 1, body: withMarkers("## Preview", hash), user: { login: "github-actions[bot]", type: "Bot" } },
    ]);
    const prodLogs: string[] = [];
    const devLogs: string[] = [];
    const dev = limitedJob(gh, "dev", devLogs);
    // A long apply summary (the renderer allows 60,000 bytes): over half the comment's sections budget.
    const prodSummary = `### ✅ Activation in prod\n\n${"- a pair that succeeded\n".repeat(1_800)}`;
    // While prod's job waits to look again, dev's job writes its final section from a copy read after
    // prod's write: prod's section is in it, at dev's cut.
    const prod = limitedJob(gh, "prod", prodLogs, async () => {
      await tellPrs(dev, [report], "### ✅ Activation in dev\n\nall done", { head: JOB_HEAD, final: true });
    });
    await tellPrs(prod, [report], prodSummary, { head: JOB_HEAD, final: true });
    await gh.stop();
    const body = gh.comments.get(5)![0]!.body;
    expect(body).toContain(
      `<!-- aep-activation-plans:job:prod at=${JOB_HEAD} -->\n### ✅ Activation in prod`,
    );
    expect(body).toContain("### ✅ Activation in dev");
    // Nothing was lost: prod's section is there (cut to its share of two sections).
    expect(prodLogs.join("\n")).not.toContain("writing it again");
  });

  it("a catch-up run reporting on several PRs waits once for the other jobs' writes, not once per PR", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    const logs: string[] = [];
    let slept = 0;
    const ctx = limitedJob(gh, "prod", logs, async (ms) => {
      slept += ms;
    });
    const reports = [11, 12, 13, 14].map((pr) => {
      const hash = `sha256:${String(pr).repeat(32)}`;
      gh.comments.set(pr, [
        {
          id: pr,
          body: withMarkers("## Preview", hash),
          user: { login: "github-actions[bot]", type: "Bot" },
        },
      ]);
      return { pr, hash, by: undefined };
    });
    await tellPrs(ctx, reports, "### ✅ Activation in prod", { head: JOB_HEAD, final: true });
    await gh.stop();
    // Four merged PRs: the job's end is held 20 s (5 s each, one after the other).
    expect(slept).toBeLessThanOrEqual(5_000);
  });
});
