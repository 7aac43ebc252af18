import { describe, expect, it } from "vitest";
import type { PairResult } from "../../src/activation/types.js";
import { decodeLedger, encodeLedger, ledgerFromResults } from "../../src/ledger/ledger.js";
import { planJobs } from "../../src/jobs/planner.js";
import { pair, uuid } from "../helpers/plans.js";

const D = uuid("ledger-d");

function plan(n: number) {
  return planJobs(
    Array.from({ length: n }, (_, i) => pair("prod", D, uuid(`ledger-a${i}`))),
    { maxPerJob: 80, countBy: "audiences" },
  );
}

function results(p: ReturnType<typeof plan>, status: (i: number) => PairResult["status"]): PairResult[] {
  return p.pairs.map((x, i) => ({
    sandbox: x.sandbox,
    destination: x.destination,
    audience: x.audience,
    jobId: x.jobId,
    wave: 1,
    requestedBy: x.requestedBy,
    status: status(i),
    ...(status(i) === "pending" ? { runId: uuid(`run-${i}`) } : {}),
  }));
}

describe("rerun ledger", () => {
  it("round-trips succeeded and running pairs; failed and unsubmitted ones are left to retry", () => {
    const p = plan(10);
    const kinds: PairResult["status"][] = ["succeeded", "succeeded", "failed", "pending", "not-submitted"];
    const ledger = ledgerFromResults(
      p.planHash,
      p.pairs,
      results(p, (i) => kinds[i % 5]!),
    );
    const back = decodeLedger(`summary text\n${encodeLedger(ledger)}`)!;
    expect(back.planHash).toBe(p.planHash);
    expect([...back.entries].sort((a, b) => a[0] - b[0])).toEqual([
      [0, { state: "succeeded" }],
      [1, { state: "succeeded" }],
      [3, { state: "running", runId: uuid("run-3") }],
      [5, { state: "succeeded" }],
      [6, { state: "succeeded" }],
      [8, { state: "running", runId: uuid("run-8") }],
    ]);
  });

  it("stays within the check-run limit: run IDs that do not fit become 'unknown', never dropped", () => {
    const p = plan(10_000);
    const ledger = ledgerFromResults(
      p.planHash,
      p.pairs,
      results(p, () => "pending"),
    );
    const text = encodeLedger(ledger);
    expect(text.length).toBeLessThanOrEqual(60_000);
    const back = decodeLedger(text)!;
    expect(back.entries.size).toBe(10_000);
    const states = [...back.entries.values()].map((e) => e.state);
    expect(states.filter((s) => s === "running").length).toBeGreaterThan(500);
    expect(states.filter((s) => s === "unknown").length).toBeGreaterThan(0);
  });

  it("ignores text that is not a ledger", () => {
    expect(decodeLedger("just a check run")).toBeUndefined();
    expect(
      decodeLedger("<!-- aep-activation-plans-ledger:v1 -->\n```\nnot base64 gzip\n```"),
    ).toBeUndefined();
  });

  it("a run that outlived the wait, or an error while following it, is followed by a rerun; a lost reply or a 200 that skipped the pair stays unknown", () => {
    const p = plan(5);
    const codes = [
      { code: "run-timeout" as const, runId: "run-late" },
      { code: "internal" as const, runId: "run-cut" },
      { code: "reply-lost" as const },
      { code: "no-run-returned" as const },
      { code: "run-failed" as const, runId: "run-failed" },
    ];
    const rs = results(p, () => "failed").map((r, i) => ({ ...r, ...codes[i] }));
    expect([...ledgerFromResults(p.planHash, p.pairs, rs).entries]).toEqual([
      [0, { state: "running", runId: "run-late" }],
      [1, { state: "running", runId: "run-cut" }],
      [2, { state: "unknown" }],
      [3, { state: "unknown" }],
    ]); // the failed run (index 4) is retried
  });

  it("keeps a pair unknown across reruns until someone forces it", () => {
    const p = plan(2);
    const rs = results(p, () => "not-submitted").map((r, i) =>
      i === 0 ? { ...r, code: "earlier-unknown" as const } : r,
    );
    expect([...ledgerFromResults(p.planHash, p.pairs, rs).entries]).toEqual([[0, { state: "unknown" }]]);
  });
});
