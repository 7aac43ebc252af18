// A scheduled run with no merges to catch up: it looks at the pairs a later run sends (pending
// windows, Adobe's first-activation hour, failures worth retrying) in the states of the sandboxes
// the head's plans touch and of those noted as holding pending pairs. Read without a lock first;
// only the sandboxes where something is sent, expired or newly held for a person's yes are locked
// and judged again. With nothing to change it reports (what waits, the open failures) and writes
// nothing.
import { failureReasonOf, needsAttention } from "../activation/stopping.js";
import { planChanges } from "../app/plan-change.js";
import { renderScheduledView } from "../render/scheduled-view.js";
import { resultRows } from "../render/results-text.js";
import { renderApplySummary } from "../render/summary.js";
import { openFailures, type PendingVerdict } from "../state/pending.js";
import { requestId, type ActivationState, type PairRecord } from "../state/types.js";
import { ActionFailure, type ActionContext } from "./context.js";
import { attention, planRequest, runApplier } from "./planning.js";
import { acts, dueOf, dueOutcome, judging, newlyLate, recordVerdicts } from "./scheduled-judge.js";
import { fail, openState, stateStore, type Pointer } from "./state.js";
import { underRecordedApprovals } from "./policy-later.js";
import { renderHeld } from "../render/policy.js";

const sameRequest = (a: PairRecord, b: PairRecord) =>
  requestId(a.commit, a.destination, a.audience) === requestId(b.commit, b.destination, b.audience);

/** The sandboxes whose states still hold a pending pair. */
const holding = (states: readonly ActivationState[]) =>
  new Set(
    states
      .filter((s) => [...s.records.values()].some((r) => r.state === "pending"))
      .map((s) => s.key.sandbox),
  );

/** Returns false when there is nothing to report (the caller says the run is idle). */
export async function reconcilePending(ctx: ActionContext, pointer: Pointer, head: string): Promise<boolean> {
  const { port, settings, clock, gh } = ctx;
  const planned = await planChanges(ctx.git, planRequest(ctx, undefined, head, true), () => {});
  if (planned.problems.length > 0) {
    // The merge run reported them; nothing waiting is judged against plans that do not parse.
    port.warning(
      `The plans at ${head.slice(0, 12)} have ${planned.problems.length} problem(s): pending pairs and retries are not looked at until they are fixed (run 'aep-activate validate').`,
    );
    return false;
  }
  const { credentials, repository } = settings;
  if (credentials === undefined || gh === undefined || repository === undefined) return false;
  const sandboxes = [...new Set([...pointer.pendingIn(), ...planned.headPlans.map((p) => p.sandbox)])].sort();
  if (sandboxes.length === 0) return false;
  const store = stateStore(ctx, gh, repository);
  const { j, judge } = judging(ctx, planned.headPlans);
  // Each sandbox on its own: one whose state cannot be read is reported (and fails the run at the
  // end), and does not keep the others' pairs from going out.
  const looked: ActivationState[] = [];
  const unreadable: string[] = [];
  for (const sandbox of sandboxes) {
    try {
      // Looked at (no lock) in the snapshot the pointer was read in: no second read of the branch's tip.
      const { state } = await store.read(
        { org: credentials.orgId, sandbox, stepKey: settings.stepKey },
        undefined,
        pointer.version(),
      );
      if (state !== undefined) looked.push(state);
    } catch (error) {
      const failure = fail(error);
      if (!(failure instanceof ActionFailure)) throw error;
      port.warning(`The activation state of sandbox ${sandbox} could not be read: ${failure.message}`);
      unreadable.push(sandbox);
    }
  }
  const unread = () => {
    if (unreadable.length > 0)
      throw new ActionFailure(
        "state-unavailable",
        `The activation state of ${unreadable.join(", ")} could not be read (see the warnings): nothing of ${unreadable.length === 1 ? "it" : "them"} was judged or sent; the other sandboxes were.`,
      );
  };
  const firstBy: { sandbox: string; verdicts: PendingVerdict[] }[] = [];
  for (const s of looked) firstBy.push({ sandbox: s.key.sandbox, verdicts: await judge([s], clock.now()) });
  const open = looked.flatMap((s) => openFailures(s.key.sandbox, s.records.values(), j));
  const first = firstBy.flatMap((b) => b.verdicts);
  const acting = firstBy
    .filter((b) => b.verdicts.some((v) => acts(v, settings.freeze)))
    .map((b) => b.sandbox);
  // Sandboxes noted as holding pending pairs that hold none are no longer looked at (best effort).
  const forget = (still: Set<string>) =>
    pointer
      .notePending(
        [],
        pointer.pendingIn().filter((s) => !still.has(s)),
      )
      .catch(() => {});
  const view = { maxLatenessMs: settings.maxLatenessMs, maxAttempts: settings.maxAttempts };
  // A dry run reports what a scheduled run would do, and sends and writes nothing.
  if (acting.length === 0 || settings.dryRun) {
    if (!settings.dryRun && unreadable.length === 0) await forget(holding(looked));
    if (first.length === 0 && open.length === 0) {
      unread();
      return false;
    }
    const dryRun = settings.dryRun && acting.length > 0;
    await port.appendSummary(
      renderScheduledView(first, open, { ...view, now: clock.now(), frozen: settings.freeze, dryRun }),
    );
    port.info(
      dryRun
        ? "Dry run: the pending pairs and retries a scheduled run would send are in the job summary; nothing was sent or recorded."
        : `Nothing to send: ${first.length} pending pair(s) wait, and ${open.length} open failure(s) (see the job summary).`,
    );
    port.setOutput("result", "[]");
    attention(ctx, [], []);
    unread();
    return true;
  }
  let session;
  try {
    session = await openState(
      ctx,
      acting.map((sandbox) => ({ sandbox })),
      false,
    );
  } catch (error) {
    throw fail(error);
  }
  const now = clock.now();
  const verdicts = [
    ...(await judge(session.states(), now)),
    ...firstBy.filter((b) => !acting.includes(b.sandbox)).flatMap((b) => b.verdicts),
  ];
  const late = newlyLate(verdicts);
  recordVerdicts(verdicts, now);
  const due = dueOf(verdicts);
  const frozen = settings.freeze && due.length > 0;
  // Each merge's pairs only under the approvals recorded when it was merged (the activation policy).
  const { send, held } = frozen
    ? { send: [], held: [] }
    : await underRecordedApprovals(ctx, planned, due, head);
  const { outcome, commits, reviews } = dueOutcome(ctx, planned, send, head);
  if (frozen)
    port.warning(
      `The activation freeze is on: ${due.length} pending pair(s) or retries are not sent; they wait for the first scheduled run after it is lifted.`,
    );
  const report =
    send.length === 0
      ? undefined
      : await runApplier(ctx, outcome, false, {
          session,
          commit: head,
          force: false,
          laterRuns: true,
          commits,
          reviews,
        });
  if (report === undefined) {
    try {
      await session.release(true);
    } catch (error) {
      throw fail(error);
    }
  }
  if (unreadable.length === 0)
    await forget(holding([...session.states(), ...looked.filter((s) => !acting.includes(s.key.sandbox))]));
  const stillOpen = open.filter((r) => !due.some((v) => sameRequest(v.record, r)));
  await port.appendSummary(
    renderHeld(held) +
      renderScheduledView(verdicts, stillOpen, { ...view, now, frozen }) +
      (report === undefined ? "" : renderApplySummary(outcome, report)),
  );
  port.setOutput("result", JSON.stringify(report === undefined ? [] : resultRows(report.results)));
  attention(ctx, report === undefined ? [] : needsAttention(report), [], [], [], late);
  for (const r of late)
    if (r.kind === "pair")
      port.warning(
        r.code === "needs-confirmation"
          ? `${r.destination} / ${r.audience} (${r.plan}): its window opened longer than max-lateness ago; it is sent only with a person's yes: a manual run (workflow_dispatch) of its plan.`
          : r.code === "window-closed"
            ? `${r.destination} / ${r.audience} (${r.plan}): its window closed before a scheduled run could send it; it expired, never sent.`
            : `${r.destination} / ${r.audience} (${r.plan}): not sent (${r.code ?? "expired"}).`,
      );
  if (report?.stateNotRecorded !== undefined)
    throw new ActionFailure(
      "state-unavailable",
      `Every pair's outcome is in the job summary, but ${report.stateNotRecorded}. The next run matches what it can to Platform's runs and holds the rest as unknown; nothing is submitted twice.`,
    );
  unread();
  const bad = report === undefined ? [] : needsAttention(report);
  if (report !== undefined && bad.length > 0)
    throw new ActionFailure(
      failureReasonOf(report) ?? "activation-failed",
      `${bad.length} of ${report.results.length} pending pair(s) or retries did not succeed; see the job summary for each reason.`,
    );
  const [one] = held;
  if (one !== undefined)
    throw new ActionFailure(
      "policy",
      `${held.reduce((n, h) => n + h.pairs, 0)} pending pair(s) or retries were not sent: the activation policy refuses them under the approvals recorded at their merge (${one.commit.slice(0, 12)}: ${one.why}).`,
    );
  return true;
}
