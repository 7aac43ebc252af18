// A push of several merges (a merge queue, or PRs merged one after another before a run applied
// them): walk the first-parent line from the push's base, find each merge's PR, and let each merge's
// pairs go out only under its own PR's review. A merge whose review does not hold is refused alone.
import { planChanges } from "../app/plan-change.js";
import { formatAge } from "../clock.js";
import { combineMerges, groupMerges, type Merge, type Review } from "../jobs/merges.js";
import { pairKey, type RequestedPair } from "../plan/changes.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import { planJobs } from "../jobs/planner.js";
import { FIRST_PARENT_LIMIT, ZERO_SHA } from "../sources/git.js";
import { ActionFailure, type ActionContext } from "./context.js";
import { planRequest } from "./planning.js";
import {
  gateMerge,
  mergedPullRequest,
  type MergedPr,
  type RefusedMerge,
  type ReviewedMerge,
} from "./review-gate.js";

/**
 * The merges a push carries, oldest first; undefined when it is one merge (the usual push), or when
 * its base is not on the head's first-parent line (a force push): then its whole change must match
 * the head PR's review. Each commit a shallow clone lacks is fetched.
 */
export async function walkMerges(
  ctx: ActionContext,
  base: string,
  head: string,
  headPr: MergedPr,
  /** Catching up: even one merge is walked (each is checked for lateness). */
  catchingUp = false,
): Promise<Merge[] | { unreadable: string } | undefined> {
  if (ZERO_SHA.test(base)) return undefined;
  const from = await ctx.git.resolve(base);
  const chain = await ctx.git.firstParentChain(from, head, FIRST_PARENT_LIMIT);
  if (chain === undefined) {
    ctx.port.info(
      `The push's base ${from.slice(0, 12)} is not within ${FIRST_PARENT_LIMIT} first-parent commits of ${head.slice(0, 12)}: its whole change is checked against the head's review.`,
    );
    return undefined;
  }
  if (chain.length <= 1 && !catchingUp) return undefined;
  const commits: { sha: string; pr: number | undefined }[] = [];
  for (const sha of chain) {
    const merged = sha === head ? headPr : await mergedPullRequest(ctx, sha);
    if ("unreadable" in merged) return merged;
    commits.push({ sha, pr: merged.pr });
  }
  const merges = groupMerges(from, commits);
  return merges.length > 1 || (catchingUp && merges.length > 0) ? merges : undefined;
}

/** Where a run applies from, whether it is catching up, and whether the pointer may move to its head. */
export interface Start {
  base: string | undefined;
  /** It applies from the pointer (or its rerun's start), not from its own push's `before`. */
  catchingUp: boolean;
  /** The pointer is not ahead of the head: the run may move it there. */
  forward: boolean;
}

/**
 * Where a push (or scheduled) run applies from: the step's last reconciled commit when runs were
 * missed (it lies before the push's `before` on the head's first-parent line; a scheduled run has
 * no `before`); for a rerun of the run that reconciled up to this head, where that run started;
 * else the push's own `before`. A pointer that is neither behind nor ahead of the head fails
 * closed: merges in between would go unchecked.
 */
export async function startFrom(
  ctx: ActionContext,
  pointer: { commit: string | undefined; from: string | undefined } | undefined,
  before: string | undefined,
  head: string,
): Promise<Start> {
  const { git, port } = ctx;
  const own: Start = { base: before, catchingUp: false, forward: true };
  const on = async (from: string) =>
    from === head || (await git.firstParentChain(from, head, FIRST_PARENT_LIMIT)) !== undefined;
  const at = pointer?.commit;
  if (at === undefined || at === before || (before !== undefined && ZERO_SHA.test(before))) return own;
  if (at === head) {
    const from = pointer?.from;
    if (from === undefined || from === before || !(await on(from))) return own;
    port.info(
      `This run reconciled up to ${head.slice(0, 12)} from ${from.slice(0, 12)}: run again, it applies from there again (what succeeded is not sent twice).`,
    );
    return { base: from, catchingUp: true, forward: true };
  }
  if (await on(at)) {
    port.info(
      before === undefined
        ? `The activation state last reconciled ${at.slice(0, 12)}: the merges since, up to ${head.slice(0, 12)}, had no run that applied them, so they are caught up, each under its own PR's review.`
        : `The activation state last reconciled ${at.slice(0, 12)}, not this push's base ${before.slice(0, 12)}: a run was missed, so the merges since are caught up, each under its own PR's review.`,
    );
    return { base: at, catchingUp: true, forward: true };
  }
  const later = await git
    .resolve(at)
    .then((sha) => git.isAncestor(head, sha))
    .catch(() => false);
  if (later) {
    port.info(
      `A later run already reconciled up to ${at.slice(0, 12)}: ${before === undefined ? "nothing to catch up" : "this run applies its own push only (pairs already recorded are not submitted again)"}.`,
    );
    return { ...own, forward: false };
  }
  throw new ActionFailure(
    "configuration",
    `The activation state last reconciled ${at.slice(0, 12)}, which is not within ${FIRST_PARENT_LIMIT} first-parent commits before ${head.slice(0, 12)} (a force push rewrote the branch, or runs were missed for that long). Nothing was applied, so that no merge in between goes unchecked. Check what those merges should have activated, then run the manual workflow once with init: true and dry-run: true: it records ${head.slice(0, 12)} as where reconciliation starts.`,
  );
}

/** Whether the setup run may record `head` as where reconciliation starts: none yet, or unreachable. */
export async function mayRestart(
  ctx: ActionContext,
  pointer: string | undefined,
  head: string,
): Promise<boolean> {
  if (pointer === undefined || pointer === head) return true;
  if ((await ctx.git.firstParentChain(pointer, head, FIRST_PARENT_LIMIT)) !== undefined) {
    ctx.port.info(
      `Reconciliation continues from ${pointer.slice(0, 12)}: the merges since are caught up by the next push or scheduled run (the setup run records a start only where none is, or where it cannot be reached).`,
    );
    return false;
  }
  return !(await ctx.git
    .resolve(pointer)
    .then((sha) => ctx.git.isAncestor(head, sha))
    .catch(() => false));
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

/** A merge that landed longer than max-lateness ago, refused as too-late; undefined when in time. */
async function lateness(ctx: ActionContext, m: Merge): Promise<RefusedMerge | undefined> {
  const age = ctx.clock.now() - (await ctx.git.commitTime(m.head));
  const max = ctx.settings.maxLatenessMs;
  if (age <= max) return undefined;
  return {
    head: m.head,
    pr: m.pr,
    reason: "too-late",
    title: "Not applied: merged too long ago",
    why: `It landed ${formatAge(age)} ago, longer than max-lateness (${formatAge(max)}): a catch-up does not send what may be out of date without a person's yes. Its pairs were not applied; to send them now, run this workflow manually (workflow_dispatch) on the plans it touches.`,
  };
}

export interface Gated {
  /** The push's outcome narrowed to the reviewed merges: their changes, and jobs over their pairs. */
  outcome: PlanOutcome;
  commits: Map<string, string>;
  reviews: Map<string, Review>;
  reviewed: ReviewedMerge[];
  refused: RefusedMerge[];
  /** Pairs a reviewed merge asked for that a later merge removed: never sent. */
  revoked: RequestedPair[];
  /** Pairs the whole range asks for that no merge asks for on its own (a window that opened since). */
  unasked: { sandbox: string; destination: string; audience: string }[];
}

/**
 * Each merge's own change (first parent → its head) against its PR's review; `catchingUp`: a merge
 * that landed longer than max-lateness ago is not sent without a person's yes.
 */
export async function gateMerges(
  ctx: ActionContext,
  whole: PlanOutcome,
  merges: Merge[],
  catchingUp = false,
): Promise<Gated> {
  const { port, settings } = ctx;
  port.info(`This push carries ${merges.length} merges; each is applied only under its own PR's review.`);
  const reviewed: ReviewedMerge[] = [];
  const refused: RefusedMerge[] = [];
  const accepted: { changes: PlanOutcome["changes"]; commit: string; review: Review }[] = [];
  // Every pair some merge asks for on its own, sent or not.
  const asked = new Set<string>();
  for (const m of merges) {
    const own = await planChanges(ctx.git, planRequest(ctx, m.base, m.head, false), () => {});
    for (const p of own.execution.pairs) asked.add(pairKey(p.sandbox, p.destination, p.audience));
    const name = `${m.pr === undefined ? "Commit" : `PR #${m.pr}, merged as`} ${m.head.slice(0, 12)}`;
    if (own.problems.length === 0 && own.execution.jobs.length === 0) {
      port.info(`${name}: asks for no activation.`);
      continue;
    }
    const late = catchingUp ? await lateness(ctx, m) : undefined;
    const verdict =
      late !== undefined ? { refused: late } : await gateMerge(ctx, own, m.head, { pr: m.pr }, false);
    if ("refused" in verdict) {
      port.info(`${name}: not applied (${verdict.refused.reason}).`);
      refused.push({ ...verdict.refused, pairs: own.execution.pairs.length });
      continue;
    }
    const { pr, hash } = verdict.reviewed;
    port.info(`${name}: matches the preview reviewed on it (${hash}).`);
    reviewed.push(verdict.reviewed);
    accepted.push({ changes: own.changes, commit: m.head, review: { pr, hash } });
  }
  const combined = combineMerges(accepted, whole.headPlans);
  const unasked = whole.execution.pairs.filter(
    (p) => !asked.has(pairKey(p.sandbox, p.destination, p.audience)),
  );
  const execution = planJobs(combined.requested, {
    maxPerJob: settings.maxPerJob,
    countBy: settings.countBy,
    apiVersion: settings.apiVersion,
  });
  return {
    outcome: { ...whole, changes: combined.changes, execution },
    commits: combined.commits,
    reviews: combined.reviews,
    reviewed,
    refused,
    revoked: combined.revoked,
    unasked,
  };
}
