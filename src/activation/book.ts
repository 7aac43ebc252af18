// The engine's record of every requested pair and every run, shared by its parts. A pair is settled
// once, with an outcome code; its status and sentence follow from the code.
import type { Job } from "../jobs/planner.js";
import { reasonFor, type Detail } from "./messages.js";
import { OUTCOME_STATUS, pairKey, type OutcomeCode } from "./outcome.js";
import type { PairResult, RunTiming } from "./types.js";

/** Where a pair was asked for, as `file:line` of each plan that asked. */
export function where(pair: PairResult): string {
  return pair.requestedBy.map((r) => `${r.file}:${r.audience.pos.line}`).join(", ");
}

export class PairBook {
  readonly results = new Map<string, PairResult>();
  readonly runs: RunTiming[] = [];
  submissions = 0;
  polls = 0;

  pairsOf(job: Job): PairResult[] {
    const out: PairResult[] = [];
    for (const [d, auds] of Object.entries(job.activationInfo)) {
      for (const a of auds) {
        const r = this.results.get(pairKey(job.sandbox, d, a));
        if (r !== undefined) out.push(r);
      }
    }
    return out;
  }

  /** Settle the still-pending pairs with a code; `located` adds where each pair was asked for. */
  settle(pairs: readonly PairResult[], code: OutcomeCode, detail: Detail = {}, located = false): void {
    for (const p of pairs) {
      if (p.status !== "pending") continue;
      const d = located ? { ...detail, where: where(p) } : detail;
      p.status = OUTCOME_STATUS[code];
      p.code = code;
      p.detail = d;
      const reason = reasonFor(code, d);
      if (reason !== undefined) p.reason = reason;
    }
  }

  timing(runId: string): RunTiming | undefined {
    return this.runs.find((r) => r.runId === runId);
  }
}
