// A push of several merges (a merge queue, or PRs merged one after another before a run applied
// them): walk the first-parent line from the push's base, find each merge's PR, and let each merge's
// pairs go out only under its own PR's review. A merge whose review does not hold is refused alone.
import { planChanges } from "../app/plan-change.js";
import { formatAge } from "../clock.js";
import { combineMerges, groupMerges, keptAt, type Merge, type Pending, type Review } from "../jobs/merges.js";
import { pairKey, type RequestedPair } from "../plan/changes.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import { planJobs, type PlannedPair } from "../jobs/planner.js";
import { FIRST_PARENT_LIMIT, ZERO_SHA } from "../sources/git.js";
import type { ActionContext } from "./context.js";
import { planRequest } from "./planning.js";
import { landedHash } from "./landed-hash.js";
import { firstParent, judgeUnderPolicy } from "./policy-gate.js";
import { judgePolicyChange } from "./policy-runs.js";
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

/**
 * Where the merge that ends at `merge` starts, as a push run groups it: its first parent, or before a
 * rebase merge's earlier commits (merged as no PR); undefined at the repository's first commit.
 */
export async function groupBase(
  ctx: ActionContext,
  merge: string,
): Promise<{ base: string | undefined } | { unreadable: string }> {
  const parentOf = async (sha: string) => {
    const [parent] = await ctx.git.parents(sha);
    return parent === undefined ? undefined : ctx.git.resolve(parent);
  };
  let base = await parentOf(merge);
  for (let k = 0; base !== undefined && k < FIRST_PARENT_LIMIT; k++) {
    const merged = await mergedPullRequest(ctx, base);
    if ("unreadable" in merged) return merged;
    if (merged.pr !== undefined) break;
    const before = await parentOf(base);
    if (before === undefined) break;
    base = before;
  }
  return { base };
}

/** A merge that landed longer than max-lateness ago, refused as too-late; undefined when in time. */
async function lateness(ctx: ActionContext, m: Merge, asOf: number): Promise<RefusedMerge | undefined> {
  const age = asOf - (await ctx.git.commitTime(m.head));
  const max = ctx.settings.maxLatenessMs;
  if (age <= max) return undefined;
  return {
    head: m.head,
    pr: m.pr,
    reason: "too-late",
    title: "Not applied: merged too long ago",
    why: `It landed ${formatAge(age)} ago, longer than max-lateness (${formatAge(max)}): a catch-up does not send what may be out of date without a person's yes. Its pairs were not applied${m.pr === undefined ? "; to send them now, run this workflow manually (workflow_dispatch) on the plans it touches" : ""}.`,
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
  unasked: PlannedPair[];
  /** The reviewed merges' pairs that wait for their plan's window, still asked for at the head. */
  pending: Pending[];
}

/**
 * Each merge's own change (first parent → its head) against its PR's review. `late`: a catch-up,
 * where a merge before the push's own (`own`: its `before`; none for a scheduled run) that landed
 * longer than max-lateness before `asOf` is not sent without a person's yes.
 */
export async function gateMerges(
  ctx: ActionContext,
  whole: PlanOutcome,
  merges: Merge[],
  late?: { own: string | undefined; asOf: number },
): Promise<Gated> {
  const { port, settings } = ctx;
  port.info(`This run walks ${merges.length} merge(s); each is applied only under its own PR's review.`);
  const reviewed: ReviewedMerge[] = [];
  const refused: RefusedMerge[] = [];
  const accepted: { changes: PlanOutcome["changes"]; commit: string; review: Review }[] = [];
  // Every pair some merge asks for on its own, sent or not.
  const asked = new Set<string>();
  let caughtUp = late !== undefined;
  for (const m of merges) {
    if (m.base === late?.own) caughtUp = false; // from here on, the push's own merges
    const own = await planChanges(ctx.git, planRequest(ctx, m.base, m.head, false), () => {});
    for (const p of own.execution.pairs) asked.add(pairKey(p.sandbox, p.destination, p.audience));
    const name = `${m.pr === undefined ? "Commit" : `PR #${m.pr}, merged as`} ${m.head.slice(0, 12)}`;
    const waits = own.changes.some((c) => c.pending !== undefined);
    if (own.problems.length === 0 && own.execution.jobs.length === 0 && !waits) {
      // It may change the policy: then its policy-changed rules judge it (a refusal sends nothing).
      const policyOnly = await judgePolicyChange(ctx, own, m.base, m.head, { pr: m.pr });
      if (policyOnly !== undefined) {
        port.info(`${name}: changes the activation policy without the approval it asks for.`);
        refused.push({ ...policyOnly, pairs: 0 });
        continue;
      }
      port.info(`${name}: asks for no activation.`);
      continue;
    }
    const tooLate = caughtUp && late !== undefined ? await lateness(ctx, m, late.asOf) : undefined;
    const verdict =
      tooLate !== undefined
        ? { refused: tooLate }
        : await gateMerge(ctx, own, m.head, { pr: m.pr }, false, await landedHash(ctx, m.base, m.head, own));
    if ("refused" in verdict) {
      port.info(`${name}: not applied (${verdict.refused.reason}).`);
      refused.push({
        ...verdict.refused,
        pairs: own.execution.pairs.length,
        ...(verdict.refused.reason === "github-unavailable" ? {} : { hash: own.execution.planHash }),
      });
      continue;
    }
    const { pr, hash } = verdict.reviewed;
    port.info(`${name}: matches the preview reviewed on it (${hash}).`);
    const at = { at: await firstParent(ctx, m.base, m.head), head: m.head, pr: m.pr, from: m.base };
    const judged = await judgeUnderPolicy(
      ctx,
      own,
      at,
      { kind: "review", reviewedHead: verdict.reviewed.by.head },
      false,
    );
    if (judged !== undefined && "refused" in judged) {
      port.info(`${name}: not applied (policy).`);
      refused.push({ ...judged.refused, pairs: own.execution.pairs.length, hash: own.execution.planHash });
      continue;
    }
    reviewed.push(verdict.reviewed);
    const approvedBy = judged?.approvedBy ?? [];
    accepted.push({
      changes: own.changes,
      commit: m.head,
      review: { pr, hash, ...(approvedBy.length === 0 ? {} : { approvedBy }) },
    });
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
    pending: combined.pending,
  };
}

/**
 * A rerun of an older run, with the pointer ahead at `at`: the pairs a later merge removed are not
 * sent (revoked, listed), as a catch-up to `at` would have them.
 */
export async function revokedSince(ctx: ActionContext, gated: Gated, at: string): Promise<Gated> {
  const later = await planChanges(ctx.git, planRequest(ctx, undefined, at, false), () => {});
  const kept = keptAt(gated.outcome.changes, later.headPlans);
  if (kept.revoked.length === 0) return gated;
  ctx.port.info(
    `A later merge (up to ${at.slice(0, 12)}) removed ${kept.revoked.length} pair(s) this merge asked for: they are not sent (revoked).`,
  );
  const { settings } = ctx;
  const execution = planJobs(kept.requested, {
    maxPerJob: settings.maxPerJob,
    countBy: settings.countBy,
    apiVersion: settings.apiVersion,
  });
  return {
    ...gated,
    outcome: { ...gated.outcome, changes: kept.changes, execution },
    revoked: [...gated.revoked, ...kept.revoked],
  };
}
