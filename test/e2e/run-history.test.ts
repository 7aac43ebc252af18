// A dataflow's run list as a real sandbox has it: runs other clients made (the scheduler, the UI,
// another step with the same credential), pages of 100 with a continuation link, a list that lags
// behind creation, and replies lost after the runs were created. The production client against the
// simulator over loopback, on a virtual clock.
import { describe, expect, it } from "vitest";
import { SCHEDULER_CLIENT, UI_CLIENT } from "../../src/simulator/runs.js";
import { VirtualClock } from "../helpers/clock.js";
import { acceptedTwice, clientAgainst, startSimulator } from "../helpers/sim.js";
import { uuid } from "../helpers/plans.js";

const D = [uuid("rh-d0"), uuid("rh-d1")];
const A = Array.from({ length: 3 }, (_, i) => uuid(`rh-a${i}`));
const HOUR = 3_600_000;

const runListings = (sim: Awaited<ReturnType<typeof startSimulator>>) =>
  sim.requests.filter((r) => r.path.startsWith("/data/foundation/flowservice/runs?"));

/** `n` scheduled export runs on a dataflow, one every three hours back from an hour ago. */
function scheduledHistory(
  sim: Awaited<ReturnType<typeof startSimulator>>,
  flowId: string,
  n: number,
  now: number,
) {
  for (let i = 0; i < n; i++)
    sim.state.addHistoryRun({
      flowId,
      createdAt: now - HOUR - i * 3 * HOUR,
      createdClient: SCHEDULER_CLIENT,
    });
}

describe("a dataflow's run history in the simulator", () => {
  it("an ad-hoc run names the client whose token submitted it, and no audience", async () => {
    const clock = new VirtualClock();
    const sim = await startSimulator({ clock, maps: [{ destination: D[0]!, audience: A[0]! }] });
    const { client } = clientAgainst(sim, "step-client");
    const outcome = await client.submit("prod", { [D[0]!]: [A[0]!] });
    expect(outcome.kind).toBe("accepted");
    const runId = outcome.kind === "accepted" ? outcome.orders[0]!.runId : "";
    const run = await client.getRun("prod", runId);
    expect(run).toMatchObject({ createdClient: "step-client", createdBy: "step-client@AdobeID" });
    const listed = await client.listRuns("prod", D[0]!);
    expect(listed.map((r) => [r.id, r.createdClient])).toEqual([[runId, "step-client"]]);
    // The audience stays the simulator's own bookkeeping: no reply about runs carries it.
    const runReplies = sim.requests.filter((r) => r.path.includes("/flowservice/runs"));
    expect(runReplies.length).toBe(2);
    for (const r of runReplies) expect(JSON.stringify(r.response)).not.toContain(A[0]!);
    expect(sim.state.accepted.map((a) => a.client)).toEqual(["step-client"]);
  });

  it("pages of 100, newest first, followed to the end by listRuns", async () => {
    const clock = new VirtualClock();
    const sim = await startSimulator({ clock });
    scheduledHistory(sim, D[0]!, 250, clock.now());
    scheduledHistory(sim, D[1]!, 5, clock.now());
    const { client } = clientAgainst(sim);
    const runs = await client.listRuns("prod", D[0]!);
    expect(runs).toHaveLength(250);
    expect(new Set(runs.map((r) => r.id)).size).toBe(250);
    const created = runs.map((r) => r.createdAt!);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(runs.every((r) => r.createdClient === SCHEDULER_CLIENT)).toBe(true);
    const pages = runListings(sim);
    expect(pages.map((p) => (p.response as { items: unknown[] }).items.length)).toEqual([100, 100, 50]);
    const next = (pages[0]!.response as { _links: { next?: { href: string } } })._links.next?.href ?? "";
    expect(next).toMatch(/^\/runs\?.*continuationToken=/);
    expect(pages[1]!.path).toContain("continuationToken=");
    expect((pages[2]!.response as { _links: object })._links).toEqual({});
  });

  it("since: only the runs created since then, in as few pages as they fill", async () => {
    const clock = new VirtualClock();
    const sim = await startSimulator({ clock });
    scheduledHistory(sim, D[0]!, 250, clock.now());
    const { client } = clientAgainst(sim);
    // 130 runs in the last 390 hours: two pages, not three.
    const since = clock.now() - HOUR - 129 * 3 * HOUR;
    const runs = await client.listRuns("prod", D[0]!, since);
    expect(runs).toHaveLength(130);
    expect(runs.every((r) => r.createdAt! >= since)).toBe(true);
    expect(runListings(sim)).toHaveLength(2);
  });

  it("lists scheduled, UI and same-credential runs beside ours, each with its creator", async () => {
    const clock = new VirtualClock();
    const now = clock.now();
    const sim = await startSimulator({
      clock,
      runDurationMs: 60_000,
      maps: A.map((audience) => ({ destination: D[0]!, audience })),
      fixture: { history: [{ flowId: D[0]!, minutesAgo: 24 * 60, createdClient: SCHEDULER_CLIENT }] },
    });
    sim.state.addHistoryRun({
      flowId: D[0]!,
      createdAt: now - 2 * HOUR,
      createdClient: UI_CLIENT,
      createdBy: "0A4334FA556585B77F000101@AdobeID",
      audience: A[2]!,
      status: "failed",
    });
    // Another step with this very credential started A1 a minute ago; it is still running.
    const elsewhere = sim.state.addRun({
      flowId: D[0]!,
      audience: A[1]!,
      createdAt: now - 60_000,
      createdClient: "test-client",
      status: "processing",
    });
    const { client } = clientAgainst(sim);
    const refused = await client.submit("prod", { [D[0]!]: [A[1]!] });
    expect(refused).toMatchObject({ kind: "rejected", status: 400 });
    expect(refused.kind === "rejected" && refused.message).toContain(`with run id ${elsewhere.id}`);
    expect((await client.submit("prod", { [D[0]!]: [A[0]!] })).kind).toBe("accepted");

    const runs = await client.listRuns("prod", D[0]!);
    expect(runs.map((r) => [r.createdClient, r.createdBy, r.status])).toEqual([
      ["test-client", "test-client@AdobeID", "Processing"], // ours, just now
      ["test-client", "test-client@AdobeID", "Processing"], // the other step's
      [UI_CLIENT, "0A4334FA556585B77F000101@AdobeID", "failed"],
      [SCHEDULER_CLIENT, `${SCHEDULER_CLIENT}@AdobeID`, "success"],
    ]);
    expect(runs[1]!.id).toBe(elsewhere.id);
    expect(sim.state.accepted.map((a) => [a.audience, a.client])).toEqual([
      [A[1], "test-client"],
      [A[0], "test-client"],
    ]);
  });

  it("listLagMs: a fresh run is readable by ID at once but listed only after the lag", async () => {
    const clock = new VirtualClock();
    const sim = await startSimulator({
      clock,
      listLagMs: 5_000,
      maps: [{ destination: D[0]!, audience: A[0]! }],
    });
    const { client } = clientAgainst(sim);
    const outcome = await client.submit("prod", { [D[0]!]: [A[0]!] });
    const runId = outcome.kind === "accepted" ? outcome.orders[0]!.runId : "";
    expect((await client.getRun("prod", runId)).id).toBe(runId);
    expect(await client.listRuns("prod", D[0]!, clock.now() - 1_000)).toEqual([]);
    await clock.sleep(4_999);
    expect(await client.listRuns("prod", D[0]!)).toEqual([]);
    await clock.sleep(1);
    expect((await client.listRuns("prod", D[0]!)).map((r) => r.id)).toEqual([runId]);
  });

  it.each(["drop", "504"] as const)(
    "a reply lost after the runs were created (%s): the runs exist, and a resubmission counts twice",
    async (lostReplyAs) => {
      const clock = new VirtualClock();
      const sim = await startSimulator({
        clock,
        rateDropAfterSubmit: 1,
        lostReplyAs,
        maps: A.slice(0, 2).map((audience) => ({ destination: D[0]!, audience })),
      });
      const { client } = clientAgainst(sim);
      const submitted = clock.now();
      const lost = await client.submit("prod", { [D[0]!]: A.slice(0, 2) });
      expect(lost.kind).toBe("uncertain");
      expect(sim.requests.at(-1)!.status).toBe(lostReplyAs === "drop" ? -2 : 504);
      const created = await client.listRuns("prod", D[0]!, submitted);
      expect(created.map((r) => r.createdClient)).toEqual(["test-client", "test-client"]);
      expect(sim.state.accepted.map((a) => a.runId).sort()).toEqual(created.map((r) => r.id).sort());
      expect(acceptedTwice(sim)).toEqual([]);
      await clock.sleep(60_000); // the runs finish; Platform would take the same pairs again
      await client.submit("prod", { [D[0]!]: [A[0]!] });
      expect(acceptedTwice(sim)).toEqual([`${D[0]}|${A[0]}`]);
    },
  );
});
