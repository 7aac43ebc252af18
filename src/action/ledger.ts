// The rerun ledger for one commit: read what an earlier run left, record what this one submits.
import { needsAttention } from "../activation/engine.js";
import { pairKey } from "../activation/outcome.js";
import type { ApplyOptions, ApplyReport, PairResult, LedgerHooks } from "../activation/types.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import { LedgerStore } from "../github/ledger-store.js";
import { ledgerFromResults } from "../ledger/ledger.js";
import type { ActionContext } from "./context.js";

export interface OpenLedger {
  options: LedgerHooks;
  finish(report: ApplyReport): Promise<void>;
}

export async function openLedger(ctx: ActionContext, outcome: PlanOutcome): Promise<OpenLedger | undefined> {
  const { gh, settings, port } = ctx;
  if (gh === undefined || settings.repository === undefined) {
    port.warning("No GitHub token: no rerun ledger is kept, so a rerun cannot tell what already succeeded.");
    return undefined;
  }
  const { planHash, pairs } = outcome.execution;
  const store = new LedgerStore(gh, settings.repository, outcome.headSha);
  const save = (results: PairResult[], summary: string, done?: "success" | "failure") =>
    store.write(ledgerFromResults(planHash, pairs, results), summary, done).catch((error: unknown) => {
      port.warning(`Could not record the rerun ledger (check run): ${(error as Error).message}`);
    });
  let previous: ApplyOptions["previous"];
  const found = await store.read().catch((error: unknown) => {
    port.warning(`Could not read the rerun ledger (check run): ${(error as Error).message}`);
    return undefined;
  });
  if (settings.force) {
    port.info("force: true: the ledger of earlier runs is ignored; every pair is submitted.");
  } else if (found !== undefined && found.planHash !== planHash) {
    port.info("The ledger on this commit belongs to another plan; it is ignored.");
  } else if (found !== undefined) {
    previous = new Map();
    for (const [i, entry] of found.entries) {
      const p = pairs[i];
      if (p !== undefined) previous.set(pairKey(p.sandbox, p.destination, p.audience), entry);
    }
  }
  const options: OpenLedger["options"] = {
    onSubmitted: (results) => save(results, `Submitted; following the runs. Plan hash ${planHash}.`),
  };
  if (previous !== undefined) options.previous = previous;
  return {
    options,
    finish: (report) => {
      const bad = needsAttention(report).length;
      const summary = `${report.results.length - bad} of ${report.results.length} pair(s) done; ${bad} need attention. Plan hash ${planHash}.`;
      return save(report.results, summary, bad === 0 ? "success" : "failure");
    },
  };
}
