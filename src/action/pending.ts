// Windows that open later: a reviewed merge's pairs whose plan's window has not opened are recorded
// as pending (under their merge commit and review) before anything is submitted, and the sandboxes
// holding them are noted on the step's reconcile key. A scheduled run reads those states and sends
// what is due, each pair once, reporting how late it went out; what expired or needs a person's yes
// is listed, never sent.
import { failureReasonFor, pairKey } from "../activation/outcome.js";
import { needsAttention } from "../activation/engine.js";
import { scopeOf } from "../app/state-lock.js";
import { planChanges } from "../app/plan-change.js";
import type { Pending, Review } from "../jobs/merges.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import {
  commitsToJudge,
  judgePending,
  openFailures,
  retries,
  type Judging,
  type PendingVerdict,
} from "../state/pending.js";
import type { Plan } from "../plan/types.js";
import { GitHubStateStore } from "../github/state-store.js";
import { planJobs } from "../jobs/planner.js";
import type { PlanChange } from "../plan/changes.js";
import type { AttentionRow } from "../render/results-text.js";
import { resultRows } from "../render/results-text.js";
import { renderApplySummary, renderScheduledView } from "../render/summary.js";
import { requestId, StateUnavailable, type ActivationState, type PairRecord } from "../state/types.js";
import { stateUnavailableMessage } from "../state/messages.js";
import { ActionFailure, type ActionContext } from "./context.js";
import type { Gated } from "./merges.js";
import { attention, planRequest, runApplier } from "./planning.js";
import { openState, type Pointer } from "./state.js";

const fail = (error: unknown) =>
  error instanceof StateUnavailable
    ? new ActionFailure("state-unavailable", stateUnavailableMessage(error))
    : error;

const sameRequest = (a: PairRecord, b: PairRecord) =>
  requestId(a.commit, a.destination, a.audience) === requestId(b.commit, b.destination, b.audience);

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
    let added = 0;
    for (const p of pending) {
      const state = session.states().find((s) => s.key.sandbox === p.pair.sandbox);
      const id = requestId(p.commit, p.pair.destination.id, p.pair.audience.id);
      if (state === undefined || state.records.has(id)) continue;
      const record: PairRecord = {
        commit: p.commit,
        plan: p.pair.file,
        destination: p.pair.destination.id,
        audience: p.pair.audience.id,
        ...(p.review === undefined ? {} : { review: p.review }),
        state: "pending",
        code: "window-pending",
        attempts: 0,
        updatedAt: clock.now(),
      };
      state.records.set(id, record);
      added++;
    }
    await session.release(true);
    port.info(
      `${waiting}: ${added} newly recorded as pending; the first scheduled run after a window opens sends its pairs.`,
    );
  } catch (error) {
    throw fail(error);
  }
}

/**
 * A scheduled run's look at the states of the sandboxes the head's plans touch and of those noted
 * as holding pending pairs, read without a lock first: when something is to be sent, expired or
 * newly held for a person's yes, those sandboxes are locked and judged again; otherwise it only
 * reports (what waits, and the open failures a person has to act on) and writes nothing. Returns
 * false when there is nothing to report.
 */
export async function reconcilePending(ctx: ActionContext, pointer: Pointer, head: string): Promise<boolean> {
  const { port, settings, clock, gh } = ctx;
  const planned = await planChanges(ctx.git, planRequest(ctx, undefined, head, true), () => {});
  if (planned.problems.length > 0) return false; // the merge run reports them; nothing is sent
  const headPlans = planned.headPlans;
  const { credentials, repository } = settings;
  if (credentials === undefined || gh === undefined || repository === undefined) return false;
  const sandboxes = [...new Set([...pointer.pendingIn(), ...headPlans.map((p) => p.sandbox)])].sort();
  if (sandboxes.length === 0) return false;
  const store = new GitHubStateStore(gh, repository, settings.stateBranch);
  const keyOf = (sandbox: string) => ({ org: credentials.orgId, sandbox, stepKey: settings.stepKey });
  // A retry goes out only within max-lateness of the merge that asked (its commit's time).
  const landed = new Map<string, number | undefined>();
  const inTime = async (r: PairRecord, now: number): Promise<boolean> => {
    if (!landed.has(r.commit))
      landed.set(
        r.commit,
        await ctx.git
          .resolve(r.commit)
          .then((sha) => ctx.git.commitTime(sha))
          .catch(() => undefined),
      );
    const at = landed.get(r.commit);
    return at !== undefined && now - at <= settings.maxLatenessMs;
  };
  // Each record is judged by the plans its merge reviewed (read once per commit; undefined when
  // they cannot be read: then nothing of that merge is sent, and it is judged again next time).
  const reviewed = new Map<string, Plan[] | undefined>();
  const j: Judging = { headPlans, plansAt: (commit) => reviewed.get(commit) };
  const judge = async (states: readonly ActivationState[], now: number): Promise<PendingVerdict[]> => {
    const out: PendingVerdict[] = [];
    for (const s of states) {
      for (const commit of commitsToJudge(s.records.values()))
        if (!reviewed.has(commit))
          reviewed.set(
            commit,
            await planChanges(ctx.git, planRequest(ctx, undefined, commit, true), () => {})
              .then((o) => o.headPlans)
              .catch(() => undefined),
          );
      out.push(...judgePending(s.key.sandbox, s.records.values(), j, now, settings.maxLatenessMs));
      for (const v of retries(s.key.sandbox, s.records.values(), j, settings.maxAttempts))
        if (await inTime(v.record, now)) out.push(v);
    }
    return out;
  };
  // Changes a record: sent, expired, or held for a person's yes for the first time.
  const acts = (v: PendingVerdict) =>
    v.kind === "due" ||
    v.kind === "retry" ||
    v.kind === "expired" ||
    (v.kind === "confirm" && v.record.code !== "needs-confirmation");
  let looked: ActivationState[];
  try {
    looked = [];
    for (const sandbox of sandboxes) {
      const { state } = await store.read(keyOf(sandbox));
      if (state !== undefined) looked.push(state);
    }
  } catch (error) {
    throw fail(error);
  }
  const firstBy: { sandbox: string; verdicts: PendingVerdict[] }[] = [];
  for (const s of looked) firstBy.push({ sandbox: s.key.sandbox, verdicts: await judge([s], clock.now()) });
  const open = looked.flatMap((s) => openFailures(s.key.sandbox, s.records.values(), j));
  const first = firstBy.flatMap((b) => b.verdicts);
  const acting = firstBy.filter((b) => b.verdicts.some(acts)).map((b) => b.sandbox);
  const holding = (states: readonly ActivationState[]) =>
    new Set(
      states
        .filter((s) => [...s.records.values()].some((r) => r.state === "pending"))
        .map((s) => s.key.sandbox),
    );
  // A dry run reports what a scheduled run would do, and sends and writes nothing.
  if (acting.length === 0 || settings.dryRun) {
    // Sandboxes noted as holding pending pairs that hold none are no longer looked at (best effort).
    const still = holding(looked);
    await pointer
      .notePending(
        [],
        pointer.pendingIn().filter((s) => !still.has(s)),
      )
      .catch(() => {});
    if (first.length === 0 && open.length === 0) return false;
    await port.appendSummary(
      renderScheduledView(first, open, {
        now: clock.now(),
        maxLatenessMs: settings.maxLatenessMs,
        frozen: false,
        maxAttempts: settings.maxAttempts,
        dryRun: settings.dryRun && acting.length > 0,
      }),
    );
    port.info(
      settings.dryRun && acting.length > 0
        ? "Dry run: the pending pairs and retries a scheduled run would send are in the job summary; nothing was sent or recorded."
        : `Nothing to send: ${first.length} pending pair(s) wait, and ${open.length} open failure(s) (see the job summary).`,
    );
    port.setOutput("result", "[]");
    attention(ctx, [], []);
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
  // Pairs newly expired or held for a person's yes need attention once, in this run.
  const late = verdicts.flatMap((v): AttentionRow[] =>
    v.kind === "expired" || (v.kind === "confirm" && v.record.code !== "needs-confirmation")
      ? [
          {
            kind: "pair",
            plan: v.record.plan,
            destination: v.record.destination,
            audience: v.record.audience,
            status: "not-submitted",
            code: v.kind === "confirm" ? "needs-confirmation" : v.code,
          },
        ]
      : [],
  );
  for (const v of verdicts)
    if (v.kind === "expired") {
      v.record.state = "expired";
      v.record.code = v.code;
      v.record.updatedAt = now;
    } else if (v.kind === "confirm") {
      v.record.code = "needs-confirmation";
    }
  // Due pending pairs and retries, one request per pair (a request left over is superseded next time).
  const due = [
    ...new Map(
      verdicts
        .flatMap((v) => (v.kind === "due" || v.kind === "retry" ? [v] : []))
        .map((v) => [pairKey(v.pair.sandbox, v.pair.destination.id, v.pair.audience.id), v] as const)
        .reverse(),
    ).values(),
  ];
  const frozen = settings.freeze && due.length > 0;
  const send = frozen ? [] : due;
  const commits = new Map(
    send.map((v) => [pairKey(v.pair.sandbox, v.pair.destination.id, v.pair.audience.id), v.record.commit]),
  );
  const reviews = new Map(
    send.flatMap((v) =>
      v.record.review === undefined
        ? []
        : [[pairKey(v.pair.sandbox, v.pair.destination.id, v.pair.audience.id), v.record.review] as const],
    ),
  );
  const changes: PlanChange[] = [...Map.groupBy(send, (v) => v.pair.file)].map(([file, vs]) => {
    const plan = headPlans.find((p) => p.file === file);
    return {
      name: plan?.name ?? file,
      file,
      change: "window-opened",
      reason: vs.some((v) => v.kind === "retry")
        ? "a failure worth retrying, tried again"
        : `pending since its merge (its window, or Adobe's first-activation hour)`,
      pairs: vs.map((v) => v.pair),
      ...(plan === undefined ? {} : { plan }),
    } as PlanChange;
  });
  const outcome: PlanOutcome = {
    ...planned,
    changes,
    execution: planJobs(
      send.map((v) => v.pair),
      planRequest(ctx, undefined, head, true).planner,
    ),
  };
  if (frozen)
    port.warning(
      `The activation freeze is on: ${due.length} pending pair(s) whose window is open are not sent; they stay pending for the first scheduled run after it is lifted.`,
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
  // Sandboxes left without a pending pair are no longer looked at (best effort: looking costs a read).
  const still = holding([...session.states(), ...looked.filter((s) => !acting.includes(s.key.sandbox))]);
  await pointer
    .notePending(
      [],
      pointer.pendingIn().filter((s) => !still.has(s)),
    )
    .catch(() => {});
  await port.appendSummary(
    renderScheduledView(
      verdicts,
      open.filter((r) => !due.some((v) => sameRequest(v.record, r))),
      { now, maxLatenessMs: settings.maxLatenessMs, frozen, maxAttempts: settings.maxAttempts },
    ) + (report === undefined ? "" : renderApplySummary(outcome, report)),
  );
  port.setOutput("result", JSON.stringify(report === undefined ? [] : resultRows(report.results)));
  attention(ctx, report === undefined ? [] : needsAttention(report), [], [], [], late);
  for (const r of late)
    if (r.kind === "pair" && r.code === "window-closed")
      port.warning(
        `${r.destination} / ${r.audience} (${r.plan}): its window closed before a scheduled run could send it; it expired, never sent.`,
      );
    else if (r.kind === "pair" && r.code === "needs-confirmation")
      port.warning(
        `${r.destination} / ${r.audience} (${r.plan}): its window opened longer than max-lateness ago; it is sent only with a person's yes: a manual run (workflow_dispatch) of its plan.`,
      );
  if (report?.stateNotRecorded !== undefined)
    throw new ActionFailure(
      "state-unavailable",
      `Every pair's outcome is in the job summary, but ${report.stateNotRecorded}. The next run matches what it can to Platform's runs and holds the rest as unknown; nothing is submitted twice.`,
    );
  const bad = report === undefined ? [] : needsAttention(report);
  if (report !== undefined && bad.length > 0)
    throw new ActionFailure(
      failureReasonFor(report.results.flatMap((r) => (r.code === undefined ? [] : [r.code]))) ??
        "activation-failed",
      `${bad.length} of ${report.results.length} pending pair(s) did not succeed; see the job summary for each reason.`,
    );
  return true;
}
