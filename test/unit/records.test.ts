// What the activation state records at each step, and what a later run makes of it.
import { describe, expect, it } from "vitest";
import type { PairResult } from "../../src/activation/types.js";
import type { OutcomeCode } from "../../src/activation/outcome.js";
import { earlierEntries } from "../../src/state/earlier.js";
import { learnRunsPerPair, recordIntents, recordResults } from "../../src/state/records.js";
import { requestId, type ActivationState } from "../../src/state/types.js";
import { scopeOf } from "../../src/app/state-lock.js";
import { makePlan, pair, uuid } from "../helpers/plans.js";

const D = uuid("rec-d");
const A = [0, 1, 2, 3, 4].map((i) => uuid(`rec-a${i}`));
const CTX = { commit: "c".repeat(40), client: "me", now: 1_000, review: { pr: 7, hash: "sha256:x" } };

function result(i: number, over: Partial<PairResult> = {}): PairResult {
  return {
    sandbox: "prod",
    destination: D,
    audience: A[i]!,
    jobId: "job-1",
    wave: 1,
    requestedBy: [pair("prod", D, A[i]!)],
    status: "pending",
    ...over,
  };
}
const ended = (i: number, status: PairResult["status"], code: OutcomeCode, runId?: string) =>
  result(i, { status, code, ...(runId === undefined ? {} : { runId }) });
const empty = (): ActivationState => ({
  key: { org: "o", sandbox: "prod", stepKey: "" },
  records: new Map(),
});
const rec = (s: ActivationState, i: number) => s.records.get(requestId(CTX.commit, D, A[i]!));

describe("activation state records", () => {
  it("an intent before the submission: job, time, client, the review, one more attempt", () => {
    const s = empty();
    recordIntents(s, [result(0)], CTX);
    expect(rec(s, 0)).toMatchObject({
      state: "intent",
      job: "job-1",
      intentAt: 1_000,
      client: "me",
      attempts: 1,
      review: { pr: 7 },
    });
    recordResults(s, [ended(0, "failed", "rejected")], { ...CTX, now: 2_000 });
    recordIntents(s, [result(0)], { ...CTX, now: 3_000 });
    expect(rec(s, 0)).toMatchObject({ state: "intent", attempts: 2, intentAt: 3_000 });
    expect(rec(s, 0)?.code).toBeUndefined();
  });

  it("each outcome leads to its state: followed, unknown, failed (retried) or succeeded", () => {
    const s = empty();
    recordIntents(
      s,
      [0, 1, 2, 3, 4].map((i) => result(i)),
      CTX,
    );
    recordResults(
      s,
      [
        ended(0, "succeeded", "succeeded", "r0"),
        ended(1, "failed", "run-timeout", "r1"), // started, not seen to end
        ended(2, "failed", "reply-lost"), // may have reached Platform
        ended(3, "failed", "no-run-returned"), // a 200 that did not name it
        ended(4, "not-submitted", "conflict-timeout"),
      ],
      CTX,
    );
    expect([0, 1, 2, 3, 4].map((i) => rec(s, i)?.state)).toEqual([
      "succeeded",
      "submitted",
      "unknown",
      "unknown",
      "failed",
    ]);
    expect(rec(s, 1)?.runIds).toEqual(["r1"]);
  });

  it("a later run: succeeded stays, submitted is followed, unknown is held, failed is submitted again", () => {
    const s = empty();
    recordIntents(
      s,
      [0, 1, 2, 3].map((i) => result(i)),
      CTX,
    );
    recordResults(
      s,
      [
        ended(0, "succeeded", "succeeded", "r0"),
        ended(1, "failed", "run-timeout", "r1"),
        ended(2, "failed", "reply-lost"),
        ended(3, "failed", "rejected"),
      ],
      CTX,
    );
    const pairs = [0, 1, 2, 3].map((i) => ({ sandbox: "prod", destination: D, audience: A[i]! }));
    const earlier = earlierEntries(s, CTX, pairs, false);
    expect([...earlier.values()]).toEqual([
      { state: "succeeded" },
      { state: "running", runId: "r1", recordedAt: CTX.now }, // when the state recorded it: its lists reach back for it
      { state: "unknown" },
    ]);
    // force resends what succeeded, never what is unknown; another commit's request is a new one.
    expect([...earlierEntries(s, CTX, pairs, true).values()].map((e) => e.state)).toEqual([
      "running",
      "unknown",
    ]);
    expect(earlierEntries(s, { commit: "d".repeat(40) }, pairs, false).size).toBe(0);
  });

  it("a rerun of an older run: a pair a later merge asked for again is superseded (failed, pending or never tried here), never what succeeded or runs", () => {
    const s = empty();
    const later = { ...CTX, commit: "e".repeat(40), now: 9_000 };
    // This commit: A0 failed, A1 succeeded, A2 pending for its window, A3 never tried, A4 failed.
    recordIntents(s, [result(0), result(1)], CTX);
    recordResults(s, [ended(0, "failed", "rejected"), ended(1, "succeeded", "succeeded", "r1")], CTX);
    s.records.set(requestId(CTX.commit, D, A[2]!), { ...rec(s, 0)!, audience: A[2]!, state: "pending" });
    recordIntents(s, [result(4)], CTX);
    recordResults(s, [ended(4, "failed", "rejected")], CTX);
    // The later merge asked for A0..A3 again (not A4).
    recordIntents(
      s,
      [0, 1, 2, 3].map((i) => result(i)),
      later,
    );
    const pairs = A.map((a) => ({ sandbox: "prod", destination: D, audience: a }));
    const entries = [...earlierEntries(s, CTX, pairs, false, [later.commit]).values()];
    expect(entries).toEqual([
      { state: "superseded", by: later.commit },
      { state: "succeeded" },
      { state: "superseded", by: later.commit },
      { state: "superseded", by: later.commit },
    ]);
    // Without later merges (not a rerun of an older run): the failed, pending and never-tried pairs
    // are sent, whenever their records were last written (expiring or following an older request
    // rewrites it: that says nothing of which request came first).
    expect([...earlierEntries(s, CTX, pairs, false).values()]).toEqual([{ state: "succeeded" }]);
    // A superseded result changes no record: the later request is the one that stands.
    const before = structuredClone([...s.records]);
    recordResults(s, [ended(0, "not-submitted", "superseded")], { ...CTX, now: 10_000 });
    expect([...s.records]).toEqual(before);
  });

  it("an unknown pair is never turned into a retry: a held pair keeps its record", () => {
    const s = empty();
    recordIntents(s, [result(0)], CTX);
    recordResults(s, [ended(0, "failed", "reply-lost")], CTX);
    recordResults(s, [ended(0, "not-submitted", "earlier-unknown")], { ...CTX, now: 5_000 });
    recordResults(s, [ended(0, "not-submitted", "preflight-unreadable")], { ...CTX, now: 6_000 });
    expect(rec(s, 0)).toMatchObject({ state: "unknown", code: "reply-lost", updatedAt: 1_000 });
  });

  it("force keeps the runs it replaces; a dry run records nothing; runs per pair are learned from replies", () => {
    const s = empty();
    recordIntents(s, [result(0), result(1)], CTX);
    recordResults(s, [ended(0, "succeeded", "succeeded", "r0"), ended(1, "not-submitted", "dry-run")], CTX);
    expect(rec(s, 1)?.state).toBe("intent");
    recordIntents(s, [result(0)], CTX);
    expect(rec(s, 0)).toMatchObject({ state: "intent", forced: ["r0"], runIds: [] });
    learnRunsPerPair(s, [ended(0, "pending", "succeeded", "r9"), ended(1, "pending", "succeeded", "r9")]);
    expect(s.runsPerPair).toBe(0.5); // one run for two pairs: runs per dataflow, not per pair
  });
});

describe("the plans whose records a run reads (a scoped read)", () => {
  it("covers every head plan asking for the run's pairs, selected or not, whatever the case of the IDs", () => {
    const selected = makePlan("selected", "prod", { [D]: [A[0]!] });
    // Asks for the same pair: an earlier run on this commit that selected it recorded the pair under it.
    const other = makePlan("other", "prod", { [D.toUpperCase()]: [A[0]!.toUpperCase(), A[1]!] });
    const unrelated = makePlan("unrelated", "prod", { [D]: [A[2]!] });
    const elsewhere = makePlan("elsewhere", "dev", { [D]: [A[0]!] });
    const scope = scopeOf(
      "c".repeat(40),
      [{ sandbox: "prod", destination: D, audience: A[0]! }],
      [selected, other, unrelated, elsewhere],
    );
    expect(scope.commit).toBe("c".repeat(40));
    expect([...scope.plans].sort()).toEqual(["", other.file, selected.file].sort());
  });
});
