// Windows that open later: a reviewed merge's pairs whose plan's window has not opened are recorded
// as pending (under their merge commit and review) before anything is submitted, and the sandboxes
// holding them are noted on the step's reconcile key, for a scheduled run (scheduled.ts) to send.
import { scopeOf } from "../app/state-lock.js";
import type { Pending, Review } from "../jobs/merges.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import { addPending } from "../state/records.js";
import { ActionFailure, type ActionContext } from "./context.js";
import type { Gated } from "./merges.js";
import { fail, openState, type Pointer } from "./state.js";

/** The pairs of a push that wait for their plan's window, each under the merge and review that asked. */
export function pendingOf(
  outcome: PlanOutcome,
  gated: Gated | undefined,
  head: string,
  review: Review | undefined,
): Pending[] {
  if (gated !== undefined) return gated.pending;
  return outcome.changes.flatMap((c) =>
    (c.pending?.pairs ?? []).map((pair) => ({ pair, commit: head, review, opens: c.pending?.opens ?? 0 })),
  );
}

/**
 * Records the pending pairs (a request already recorded, in any state, is left as it is), after
 * noting their sandboxes on the reconcile key. Fails closed, before anything is submitted: a pending
 * pair no scheduled run would find would be lost.
 */
export async function recordPending(
  ctx: ActionContext,
  pointer: Pointer | undefined,
  pending: readonly Pending[],
  outcome: PlanOutcome,
): Promise<void> {
  const { port, settings, clock } = ctx;
  if (pending.length === 0) return;
  const waiting = `${pending.length} pair(s) wait for their plan's window`;
  if (settings.dryRun) {
    port.info(`${waiting}; a dry run records nothing.`);
    return;
  }
  if (settings.credentials === undefined)
    throw new ActionFailure(
      "configuration",
      `${waiting}: they are kept in the activation state (per org-id) for a scheduled run to send, which needs the Platform credentials: set client-id, org-id and client-secret (or access-token).`,
    );
  if (pointer === undefined)
    throw new ActionFailure(
      "state-unavailable",
      `${waiting}, and the step's reconcile key (where scheduled runs look for them) could not be read. Nothing was submitted; run this workflow run again.`,
    );
  const sandboxes = [...new Set(pending.map((p) => p.pair.sandbox))];
  try {
    await pointer.notePending(sandboxes, []);
    const pairs = pending.map((p) => ({
      sandbox: p.pair.sandbox,
      destination: p.pair.destination.id,
      audience: p.pair.audience.id,
    }));
    const commits = [...new Set(pending.map((p) => p.commit))];
    const [head = outcome.headSha, ...merges] = commits;
    const session = await openState(ctx, pairs, false, scopeOf(head, pairs, outcome.headPlans, merges));
    const added = addPending(session.states(), pending, clock.now());
    await session.release(true);
    port.info(
      `${waiting}: ${added} newly recorded as pending; the first scheduled run after a window opens sends its pairs.`,
    );
  } catch (error) {
    throw fail(error);
  }
}
