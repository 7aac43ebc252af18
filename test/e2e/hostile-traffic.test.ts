// Hostile review of the bounded Platform client (connection limit, client-wide 429 pause) and of
// following runs through the dataflows' run lists.
import { describe, expect, it } from "vitest";
import type { RequestedPair } from "../../src/plan/changes.js";
import type { Simulator } from "../../src/simulator/server.js";
import { VirtualClock } from "../helpers/clock.js";
import { applyAgainst, startSimulator } from "../helpers/sim.js";
import { pair, uuid } from "../helpers/plans.js";

const D = Array.from({ length: 6 }, (_, i) => uuid(`ht-d${i}`));
const A = Array.from({ length: 40 }, (_, i) => uuid(`ht-a${i}`));

/** applyAgainst with the client's limit and HTTP settings under the test's control, jobs counted by pairs. */
const applyWith = (sim: Simulator, requested: RequestedPair[], o: Parameters<typeof applyAgainst>[2] = {}) =>
  applyAgainst(sim, requested, { countBy: "pairs", ...o });

describe("hostile: the bounded Platform client", () => {
  it("a submission that waited for a free connection longer than the request timeout was never sent, yet is reported reply-lost", async () => {
    const clock = new VirtualClock();
    const sim = await startSimulator({ clock });
    // Four one-pair jobs in one wave (submitted together); one connection; Platform takes 0.8 s (real)
    // to answer an accepted submission; the request timeout is 1 s. The third and fourth submissions
    // wait in undici's queue while the first two hold the connection.
    sim.options.replyDelayMs = 800;
    const requested = D.slice(0, 4).map((d, i) => pair("prod", d, A[i]!));
    const { report } = await applyWith(sim, requested, {
      maxConcurrent: 1,
      maxPerJob: 1,
      http: { timeoutMs: 1_000 },
    });
    const posted = sim.requests.filter((r) => r.method === "POST" && r.path.endsWith("/adhocrun"));
    const reachedPlatform = (audience: string) => posted.some((r) => r.body.includes(audience));
    const lost = report.results.filter((r) => r.code === "reply-lost");
    // Every pair the report calls "reply lost" (may have reached Platform) must at least have been sent.
    expect(lost.filter((r) => !reachedPlatform(r.audience)).map((r) => r.audience)).toEqual([]);
  });

  it("reads that waited out their timeout in the connection queue are logged as server timeouts and counted as Platform calls Platform never received", async () => {
    const clock = new VirtualClock();
    // Platform's clock is 20 min behind the runner's: the run lists never hold the job's runs, so
    // every open run is read alone each poll (as before the run lists), now through 2 connections.
    const sim = await startSimulator({ clock, now: () => clock.now() - 20 * 60_000, latencyMs: 25 });
    const requested = A.slice(0, 20).flatMap((a) => D.slice(0, 5).map((d) => pair("prod", d, a)));
    const { report, logs, stats } = await applyWith(sim, requested, {
      maxConcurrent: 2,
      http: { timeoutMs: 1_000, maxAttempts: 6, maxTotalWaitMs: 120_000, baseDelayMs: 500 },
      runTimeoutMs: 600_000,
      pollMaxMs: 30_000,
    });
    expect(report.results.every((r) => r.status === "succeeded")).toBe(true);
    const counted = [...stats.calls].reduce((n, [, c]) => n + c, 0);
    // "Platform calls: N" must be what Platform received, and no read that never left may be
    // reported as Platform not answering in time.
    expect(logs.filter((l) => l.includes("timed out waiting for the server"))).toEqual([]);
    expect(counted).toBe(sim.requests.length);
  }, 60_000);
});
