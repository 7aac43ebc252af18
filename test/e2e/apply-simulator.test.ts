// End to end: the real client against the real simulator over loopback HTTP, both on one virtual
// clock: run durations, polls, pre-flight waits and token lifetimes cost no wall time.
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../helpers/clock.js";
import { acceptedTwice, applyAgainst, startSimulator as startOn } from "../helpers/sim.js";
import { pair, uuid } from "../helpers/plans.js";

const D = Array.from({ length: 5 }, (_, i) => uuid(`e2e-d${i}`));
const A = Array.from({ length: 40 }, (_, i) => uuid(`e2e-a${i}`));

/** A simulator on its own virtual clock, shared with every applyAgainst on it. */
const startSimulator = (options: Parameters<typeof startOn>[0] = {}) =>
  startOn({ clock: new VirtualClock(), ...options });

const statuses = (r: { results: { status: string }[] }) => r.results.map((x) => x.status);
const located = (audience: string, line: number) => {
  const p = pair("prod", D[0]!, audience, "sale", "activation-plans/sale.yaml");
  p.audience.pos = { line, col: 11 };
  return p;
};

describe("apply against the simulator", () => {
  it("happy path in several waves: waves run in order, every pair succeeds once", async () => {
    const sim = await startSimulator();
    // One audience to 5 destinations, 2 pairs per job: 3 jobs that must not overlap in time.
    const requested = [
      ...D.map((d) => pair("prod", d, A[0]!)),
      ...A.slice(1, 6).map((a) => pair("prod", D[0]!, a)),
    ];
    const { report, logs } = await applyAgainst(sim, requested, { maxPerJob: 2, countBy: "pairs" });
    expect(statuses(report).every((s) => s === "succeeded")).toBe(true);
    expect(report.results).toHaveLength(10);
    expect(acceptedTwice(sim)).toEqual([]);
    expect(sim.state.accepted).toHaveLength(10);
    const waves = Math.max(...report.results.map((r) => r.wave));
    expect(waves).toBeGreaterThanOrEqual(3);
    // Jobs holding the shared audience never overlapped: each started after the previous one's runs ended.
    const runs = sim.state.accepted
      .filter((a) => a.audience === A[0])
      .map((a) => sim.state.runs.get(a.runId)!);
    const submissions = [...new Set(runs.map((r) => r.createdAt))].sort((a, b) => a - b);
    expect(submissions.length).toBe(waves);
    for (let i = 1; i < submissions.length; i++) {
      const previousEnd = Math.max(
        ...runs.filter((r) => r.createdAt === submissions[i - 1]).map((r) => r.completesAt),
      );
      expect(submissions[i]!).toBeGreaterThanOrEqual(previousEnd);
    }
    expect(logs.some((l) => new RegExp(`^Wave 2 of ${waves}: submitting \\d+ jobs?\\.$`).test(l))).toBe(true);
  });

  it("429 storms: retried after Retry-After, nothing submitted twice", async () => {
    const sim = await startSimulator({ rate429: 0.5, retryAfterSeconds: 0, seed: 3 });
    const { report, logs } = await applyAgainst(
      sim,
      A.slice(0, 12).map((a) => pair("prod", D[1]!, a)),
      { maxPerJob: 4 },
    );
    expect(statuses(report)).toEqual(Array(12).fill("succeeded"));
    expect(sim.requests.filter((r) => r.status === 429).length).toBeGreaterThan(3);
    expect(logs.some((l) => l.includes("HTTP 429; retrying"))).toBe(true);
    expect(acceptedTwice(sim)).toEqual([]);
  });

  it("500s: reads are retried; a submission answered 500 is never resubmitted in the run: its pairs end unknown, with the reason", async () => {
    const sim = await startSimulator({ rate500: 0.35, seed: 5 });
    const { report, logs } = await applyAgainst(
      sim,
      A.slice(0, 12).map((a) => pair("prod", D[2]!, a)),
      { maxPerJob: 3 },
    );
    expect(sim.requests.some((r) => r.status === 500 && r.path.endsWith("/adhocrun"))).toBe(true);
    expect(sim.requests.some((r) => r.status === 500 && r.method === "GET")).toBe(true);
    // Every pair ends known: succeeded, or reply-lost with the reason (a 500 may come after processing).
    expect(report.results.every((r) => r.status === "succeeded" || r.code === "reply-lost")).toBe(true);
    expect(report.results.filter((r) => r.code === "reply-lost").every((r) => (r.reason ?? "") !== "")).toBe(
      true,
    );
    expect(report.results.some((r) => r.status === "succeeded")).toBe(true);
    expect(logs.some((l) => l.includes("submitting again is safe"))).toBe(false);
    expect(acceptedTwice(sim)).toEqual([]);
  });

  it("dropped connections: reads retried; a submission whose reply was lost is never resubmitted in the run", async () => {
    const sim = await startSimulator({ rateDrop: 0.3, seed: 9 });
    const { report } = await applyAgainst(
      sim,
      A.slice(0, 8).map((a) => pair("prod", D[3]!, a)),
      { maxPerJob: 2 },
    );
    expect(report.results.every((r) => r.status === "succeeded" || r.code === "reply-lost")).toBe(true);
    expect(sim.requests.some((r) => r.status === -1)).toBe(true);
    expect(acceptedTwice(sim)).toEqual([]);

    const lossy = await startSimulator({ rateDropAfterSubmit: 1 });
    const lost = await applyAgainst(
      lossy,
      A.slice(0, 3).map((a) => pair("prod", D[3]!, a)),
    );
    expect(statuses(lost.report)).toEqual(["failed", "failed", "failed"]);
    expect(lost.report.results[0]!.reason).toContain("may have reached Platform (3 new run(s) listed");
    expect(lossy.state.accepted).toHaveLength(3); // submitted once, not again
  });

  it("an audience already running: waits for that run, then resubmits only that audience", async () => {
    const clock = new VirtualClock();
    const sim = await startSimulator({ runDurationMs: 600, clock });
    // Someone else's run for A[1] on another destination is still in flight when we submit.
    const first = await applyAgainst(sim, [pair("prod", D[3]!, A[1]!)], {
      runTimeoutMs: 1,
      pollInitialMs: 1,
    });
    expect(first.report.results[0]!.status).toBe("failed"); // that caller stopped following it at once
    const since = clock.now();
    const { report, logs } = await applyAgainst(
      sim,
      [A[1]!, A[2]!, A[3]!].map((a) => pair("prod", D[4]!, a)),
    );
    expect(statuses(report)).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(logs.some((l) => l.includes(`audience ${A[1]} already has run`))).toBe(true);
    const ours = sim.state.accepted.filter((a) => a.at >= since);
    expect(ours.map((a) => a.audience).sort()).toEqual([A[1]!, A[2]!, A[3]!].sort());
    expect(acceptedTwice(sim, since)).toEqual([]);
    expect(report.submissions).toBe(3); // rejected once, the rest, then the waiting audience alone
  });

  it("an unmapped audience: not submitted, with its plan file and line and what to do", async () => {
    const sim = await startSimulator({
      fixture: {
        strict: true,
        dataflows: [{ id: D[0]!, name: "SFTP", audiences: [{ id: A[0]!, name: "Mapped" }] }],
      },
    });
    const { report } = await applyAgainst(sim, [located(A[0]!, 9), located(A[1]!, 10)]);
    const byAudience = new Map(report.results.map((r) => [r.audience, r]));
    expect(byAudience.get(A[0]!)!.status).toBe("succeeded");
    const unmapped = byAudience.get(A[1]!)!;
    expect(unmapped.status).toBe("not-submitted");
    expect(unmapped.reason).toContain(`audience ${A[1]} is not mapped to dataflow ${D[0]}`);
    expect(unmapped.reason).toContain("Fix: add the audience");
    expect(unmapped.reason).toContain("activation-plans/sale.yaml:10");
    expect(sim.state.accepted.map((a) => a.audience)).toEqual([A[0]]);
    expect(acceptedTwice(sim)).toEqual([]);
  });

  it("out of schedule and too soon after first activation are caught by pre-flight", async () => {
    const sim = await startSimulator({
      fixture: {
        strict: true,
        dataflows: [
          {
            id: D[0]!,
            audiences: [
              { id: A[0]!, endDate: "2020-01-01" },
              { id: A[1]!, activatedMinutesAgo: 10 },
            ],
          },
        ],
      },
    });
    const { report } = await applyAgainst(sim, [located(A[0]!, 9), located(A[1]!, 10)]);
    expect(
      report.results.map((r) => [
        r.status,
        r.reason?.includes("ended 2020-01-01") || r.reason?.includes("less than an hour ago"),
      ]),
    ).toEqual([
      ["not-submitted", true],
      ["not-submitted", true],
    ]);
    expect(sim.state.accepted).toEqual([]);
  });

  it("a scheduled export in progress: waits, logging why, then submits when it ends", async () => {
    const clock = new VirtualClock();
    const sim = await startSimulator({ fixture: { exportJobs: [{ busyForMs: 800 }] }, clock });
    const started = clock.now();
    const { report, logs } = await applyAgainst(sim, [pair("prod", D[0]!, A[0]!)]);
    expect(statuses(report)).toEqual(["succeeded"]);
    expect(logs.some((l) => /waiting because scheduled segment export job \d+ is PROCESSING/.test(l))).toBe(
      true,
    );
    expect(sim.state.accepted[0]!.at - started).toBeGreaterThanOrEqual(700);
    expect(sim.requests.some((r) => r.path.endsWith("/adhocrun") && r.status === 400)).toBe(false);
    expect(acceptedTwice(sim)).toEqual([]);
  });

  it("a token that expires mid-run is renewed; the secret is registered for masking", async () => {
    const sim = await startSimulator({
      tokenLifetimeSeconds: 1,
      credentials: { clientId: "test-client", clientSecret: "s3cret-value" },
      runDurationMs: 2500,
    });
    const { report, secrets } = await applyAgainst(
      sim,
      A.slice(0, 3).map((a) => pair("prod", D[0]!, a)),
      { clientSecret: "s3cret-value" },
    );
    expect(statuses(report)).toEqual(["succeeded", "succeeded", "succeeded"]);
    const tokenCalls = sim.requests.filter((r) => r.path === "/ims/token/v3");
    expect(tokenCalls.length).toBeGreaterThanOrEqual(3);
    expect(sim.requests.filter((r) => r.status === 401)).toHaveLength(0);
    expect(secrets).toContain("s3cret-value");
    expect(secrets.filter((s) => s.startsWith("sim-")).length).toBe(tokenCalls.length);
    // The secret travels in the form body only, never in a URL.
    expect(sim.requests.every((r) => !r.path.includes("s3cret"))).toBe(true);
    expect(acceptedTwice(sim)).toEqual([]);
  });

  it("a statusURL on a foreign host is not followed with the token", async () => {
    const sim = await startSimulator({ statusUrlBase: "https://collector.example.net" });
    const { report, logs } = await applyAgainst(sim, [pair("prod", D[0]!, A[0]!)]);
    expect(statuses(report)).toEqual(["succeeded"]);
    expect(
      logs.some(
        (l) =>
          l.includes("points at https://collector.example.net") &&
          l.includes("not followed with credentials"),
      ),
    ).toBe(true);
    // Followed through Platform's own Flow Service (its run list), never the foreign host.
    expect(sim.requests.some((r) => r.path.startsWith("/data/foundation/flowservice/runs"))).toBe(true);
    expect(acceptedTwice(sim)).toEqual([]);
  });

  it("dry run: pre-flight only, nothing submitted", async () => {
    const sim = await startSimulator();
    const { report } = await applyAgainst(sim, [pair("prod", D[0]!, A[0]!)], { dryRun: true });
    expect(report.results[0]).toMatchObject({
      status: "would-submit",
      reason: expect.stringContaining("dry run"),
    });
    expect(sim.requests.some((r) => r.method === "POST" && r.path.endsWith("/adhocrun"))).toBe(false);
  });

  it("v1: sends the latest profile export job ID and the v1 body, without the v2 Accept header", async () => {
    const sim = await startSimulator();
    const { report } = await applyAgainst(sim, [pair("prod", D[0]!, A[0]!)], { apiVersion: 1 });
    expect(statuses(report)).toEqual(["succeeded"]);
    const post = sim.requests.find((r) => r.path.endsWith("/adhocrun"))!;
    expect(JSON.parse(post.body)).toEqual({ activationInfo: { [D[0]!]: [A[0]!] }, exportIds: ["1000000"] });
    expect(post.headers.accept).toBeUndefined();
  });

  it("a failed run is reported with Adobe's error", async () => {
    const sim = await startSimulator({
      fixture: { strict: true, dataflows: [{ id: D[0]!, audiences: [{ id: A[0]!, failRun: true }] }] },
    });
    const { report } = await applyAgainst(sim, [pair("prod", D[0]!, A[0]!)]);
    expect(report.results[0]).toMatchObject({
      status: "failed",
      reason: expect.stringContaining("ACTIVATION_BATCH-0000-FAILED: Job aborted."),
    });
  });

  it("follows runs through each dataflow's run list: a list call a dataflow each poll, single reads only for what the lists lack", async () => {
    const runReads = (sim: Awaited<ReturnType<typeof startSimulator>>) =>
      sim.requests.filter((r) => /^\/data\/foundation\/flowservice\/runs\/[^?]+$/.test(r.path)).length;
    const listCalls = (sim: Awaited<ReturnType<typeof startSimulator>>) =>
      sim.requests.filter((r) => r.path.startsWith("/data/foundation/flowservice/runs?")).length;
    const requested = A.slice(0, 4).flatMap((a) => [pair("prod", D[0]!, a), pair("prod", D[1]!, a)]);
    // The lists show every run: 8 runs followed without reading one of them alone.
    const listing = await startSimulator({ runDurationMs: 5_000 });
    const listed = await applyAgainst(listing, requested);
    expect(statuses(listed.report)).toEqual(Array(8).fill("succeeded"));
    expect(runReads(listing)).toBe(0);
    expect(listCalls(listing)).toBeGreaterThanOrEqual(2);
    // A list that lags behind (or a Platform clock far behind the runner's): each run is read alone.
    const lagging = await startSimulator({ runDurationMs: 5_000, listLagMs: 3_600_000 });
    const alone = await applyAgainst(lagging, requested);
    expect(statuses(alone.report)).toEqual(Array(8).fill("succeeded"));
    expect(runReads(lagging)).toBeGreaterThanOrEqual(8);
    // Per poll: 2 list calls (one a dataflow) instead of 8 single reads.
    expect(listCalls(listing) * 3).toBeLessThan(runReads(lagging));
    expect(acceptedTwice(listing)).toEqual([]);
    expect(acceptedTwice(lagging)).toEqual([]);
  });

  it("a 403 says which permission the credential lacks: View Destinations for the pre-flight's reads, Activate Destinations for the submission", async () => {
    const reads = await startSimulator({ forbidden: /\/flowservice\/flows\// });
    const read = await applyAgainst(reads, [pair("prod", D[0]!, A[0]!)]);
    expect(read.report.results.map((r) => r.code)).toEqual(["preflight-unreadable"]);
    expect(read.report.results[0]!.reason).toMatch(
      /HTTP 403: Forbidden.*developer and user roles, the sandbox, and the View Destinations permissions/,
    );
    const submits = await startSimulator({ forbidden: /\/adhocrun$/ });
    const submit = await applyAgainst(submits, [pair("prod", D[0]!, A[0]!)]);
    expect(submit.report.results.map((r) => r.code)).toEqual(["rejected"]);
    expect(submit.report.results[0]!.reason).toMatch(
      /HTTP 403.*View Destinations, Activate Destinations, View Profiles and View Segments permissions/,
    );
    expect(submits.state.accepted).toHaveLength(0);
  });
});
