// Where a push or scheduled run applies from: the step's reconcile pointer (the last reconciled
// commit) when runs were missed, the first start of a catch-up run for its rerun, or the push's own
// `before`; what a scheduled run with nothing to catch up says; and when the setup run may restart
// reconciliation at its commit.
import { FIRST_PARENT_LIMIT, ZERO_SHA } from "../sources/git.js";
import type { CatchUpStart } from "../state/types.js";
import { ActionFailure, type ActionContext } from "./context.js";
import type { Pointer } from "./state.js";

/** Where a run applies from, whether it is catching up, and whether the pointer may move to its head. */
export interface Start {
  base: string | undefined;
  /** It applies from the pointer (or its first attempt's start), not from its own push's `before`. */
  catchingUp: boolean;
  /** The pointer is not ahead of the head: the run may move it there. */
  forward: boolean;
  /** A fresh catch-up: its start, recorded for its reruns. */
  record?: CatchUpStart;
  /** A rerun of a catch-up: lateness is judged as of its first attempt (epoch ms). */
  asOf?: number;
  /** A catch-up run at this head already walked this run's merges: nothing is applied. */
  walked?: string;
  /**
   * The pointer is ahead (a rerun of an older run): the merges after the head up to it, oldest
   * first. A request of theirs for a pair stands for this run's (it is not sent again).
   */
  later?: readonly string[];
}

/**
 * Where a push (or scheduled) run applies from: the step's last reconciled commit when runs were
 * missed (it lies before the push's `before` on the head's first-parent line; a scheduled run has
 * no `before`); for a rerun of a catch-up run, where its first attempt started; else the push's own
 * `before`. A pointer that is neither behind nor ahead of the head fails closed: merges in between
 * would go unchecked.
 */
export async function startFrom(
  ctx: ActionContext,
  pointer: Pick<Pointer, "commit" | "starts"> | undefined,
  before: string | undefined,
  head: string,
): Promise<Start> {
  const { git, port } = ctx;
  const own: Start = { base: before, catchingUp: false, forward: true };
  const on = async (from: string) =>
    from === head || (await git.firstParentChain(from, head, FIRST_PARENT_LIMIT)) !== undefined;
  const at = pointer?.commit;
  if (at === undefined || at === before || (before !== undefined && ZERO_SHA.test(before))) return own;
  // A rerun of a catch-up run (the pointer at its head, or moved on since): from its first start again.
  const rerun = async (forward: boolean): Promise<Start | undefined> => {
    const first = pointer?.starts().find(([h]) => h === head)?.[1];
    if (first === undefined || first.from === before || !(await on(first.from))) return undefined;
    port.info(
      `A rerun of the run that caught up to ${head.slice(0, 12)} from ${first.from.slice(0, 12)}: it applies from there again, judging lateness as of its first attempt (what succeeded is not sent twice).`,
    );
    return { base: first.from, catchingUp: true, forward, asOf: first.at };
  };
  if (at === head) return (await rerun(true)) ?? own;
  if (await on(at)) {
    // A catch-up that ended before it moved the pointer (killed, or its writes failed), rerun.
    const again = await rerun(true);
    if (again !== undefined) return again;
    port.info(
      before === undefined
        ? `The activation state last reconciled ${at.slice(0, 12)}: the merges since, up to ${head.slice(0, 12)}, had no run that applied them, so they are caught up, each under its own PR's review.`
        : `The activation state last reconciled ${at.slice(0, 12)}, not this push's base ${before.slice(0, 12)}: a run was missed, so the merges since are caught up, each under its own PR's review.`,
    );
    return { base: at, catchingUp: true, forward: true, record: { from: at, at: ctx.clock.now() } };
  }
  if (await ahead(ctx, at, head)) {
    const later = (await git.firstParentChain(head, at, FIRST_PARENT_LIMIT)) ?? [];
    const again = await rerun(false);
    if (again !== undefined) return { ...again, later };
    // A catch-up walked this head's merges: they were sent, refused or revoked there, under their own
    // merge commits; this run (the missed run's, rerun) must not send them again its own way.
    for (const [by, start] of pointer?.starts() ?? []) {
      const walked = by !== head && (await git.firstParentChain(start.from, by, FIRST_PARENT_LIMIT));
      if (walked && walked.includes(head) && start.from !== head) {
        port.notice(
          `The catch-up run at ${by.slice(0, 12)} already walked this merge (sent, refused or revoked there, and reported): nothing is applied again. To send its pairs now, run this workflow manually (workflow_dispatch) on its plans.`,
        );
        return { base: undefined, catchingUp: false, forward: false, walked: by };
      }
    }
    port.info(
      `A later run already reconciled up to ${at.slice(0, 12)}: ${before === undefined ? "nothing to catch up" : "this run applies its own push only (pairs already recorded are not submitted again)"}.`,
    );
    return { ...own, forward: false, later };
  }
  throw new ActionFailure(
    "configuration",
    `The activation state last reconciled ${at.slice(0, 12)}, which is not within ${FIRST_PARENT_LIMIT} first-parent commits before ${head.slice(0, 12)} (a force push rewrote the branch, or runs were missed for that long). Nothing was applied, so that no merge in between goes unchecked. Check what those merges should have activated, then run the manual workflow once with init: true and dry-run: true: it records ${head.slice(0, 12)} as where reconciliation starts.`,
  );
}

/** With the reviewed gate off, a missed run is not caught up: the warning that says so, if one was. */
export function missedWithoutGate(at: string | undefined, before: string | undefined, head: string) {
  if (at === undefined || before === undefined || at === before || at === head || ZERO_SHA.test(before))
    return undefined;
  return `The activation state last reconciled ${at.slice(0, 12)}, not this push's base ${before.slice(0, 12)}: a run was missed. With require-reviewed-plan: false, the merges in between are not caught up (their pairs cannot be told apart from this push's): send their plans with a manual run.`;
}

/** Whether the setup run may record `head` as where reconciliation starts: none yet, or unreachable. */
export async function mayRestart(
  ctx: ActionContext,
  pointer: string | undefined,
  head: string,
): Promise<boolean> {
  if (pointer === undefined) return true;
  if (pointer === head) return false; // already there: it keeps its catch-up runs' starts
  if ((await ctx.git.firstParentChain(pointer, head, FIRST_PARENT_LIMIT)) !== undefined) {
    ctx.port.info(
      `Reconciliation continues from ${pointer.slice(0, 12)}: the merges since are caught up by the next push or scheduled run (the setup run records a start only where none is, or where it cannot be reached).`,
    );
    return false;
  }
  return !(await ahead(ctx, pointer, head));
}

/** The pointer is past the head on its line (a later run reconciled further; fetched when missing). */
const ahead = (ctx: ActionContext, pointer: string, head: string): Promise<boolean> =>
  ctx.git
    .resolve(pointer)
    .then((sha) => ctx.git.isAncestor(head, sha))
    .catch(() => false);

/** Why a scheduled run cannot read the activation state, and what to set. */
export function unreadableSchedule(settings: { credentials?: unknown; repository?: unknown }): string {
  const what =
    settings.credentials === undefined
      ? "No Platform credentials: set client-id, org-id and client-secret (or access-token)"
      : settings.repository === undefined
        ? "No repository (GITHUB_REPOSITORY): run it on GitHub Actions"
        : "No GitHub token: set github-token (its default, the workflow's token, needs contents: write)";
  return `${what}. A scheduled run, or a manual run with plans at its default, reads the activation state to catch up merges no run applied and to send pending pairs; without it nothing is read, so nothing could be sent.`;
}

/** Why a scheduled run has nothing to catch up, or undefined when it may have. */
export function idleSchedule(
  settings: { requireReviewedPlan: boolean },
  pointer: { commit: string | undefined } | undefined,
  head: string,
): string | undefined {
  if (!settings.requireReviewedPlan)
    return "A scheduled run catches up merges under their own PRs' reviews; with require-reviewed-plan: false it does nothing (each push applies its own change).";
  if (pointer === undefined)
    return "A scheduled run catches up merges no run applied, from the activation state; this run cannot read it (it needs the Platform credentials' org-id and the GitHub token).";
  if (pointer.commit === undefined)
    return "No reconciled commit is recorded yet: run the setup run once (manual, init: true, dry-run: true); push runs record it too.";
  if (pointer.commit === head) return `Nothing to catch up: ${head.slice(0, 12)} is reconciled.`;
  return undefined;
}
