// The activation policy in each kind of run besides a reviewed merge: a manual run's plans and a
// confirm (judged with the person who started the run), a push without the review gate, and a merge
// that only changes the policy file.
import type { PlanOutcome } from "../jobs/outcome.js";
import { policyChanged } from "../sources/policy-file.js";
import { ActionFailure, type ActionContext } from "./context.js";
import { say } from "../policy/messages.js";
import { firstParent, judgeUnderPolicy, policyAt, type Approvers } from "./policy-gate.js";
import { mergedPullRequest, unreadableMerges, type MergedPr, type RefusedMerge } from "./review-gate.js";
import { pullAuthor, pullHead } from "../github/reviews.js";

/** A manual run that sends pairs anew: judged by the policy at its head, its starter the approver. */
export async function judgeManual(ctx: ActionContext, outcome: PlanOutcome, head: string): Promise<void> {
  const by: Approvers = { kind: "starter", login: ctx.settings.triggeringActor };
  const merge = { at: head, head, pr: undefined, from: "all" };
  const judged = await judgeUnderPolicy(ctx, outcome, merge, by, true);
  if (judged !== undefined && "refused" in judged) throw new ActionFailure("policy", judged.refused.why);
}

/**
 * A confirmed merge (input `confirm`): the policy at its first parent, with the person who started
 * this run as the approval. Refused: nothing is sent. Returns its review with who approved.
 */
export async function confirmedUnderPolicy(
  ctx: ActionContext,
  own: PlanOutcome,
  merge: string,
  /** The merge's base as the push run grouped it (a rebase merge's commits are one merge). */
  base: string | undefined,
  review: { pr: number; hash: string },
): Promise<{ pr: number; hash: string; approvedBy?: string[] }> {
  const actor = ctx.settings.triggeringActor;
  const at = { at: await firstParent(ctx, base, merge), head: merge, pr: review.pr, from: base };
  const as = (login: string | undefined): Approvers => ({ kind: "starter", login });
  let judged = await judgeUnderPolicy(ctx, own, at, as(actor), true);
  // As on GitHub, a PR's author cannot approve it: when the confirm's approval is its author's, none.
  const lower = actor?.toLowerCase();
  if (
    judged !== undefined &&
    "approvedBy" in judged &&
    judged.approvedBy.some((l) => l.toLowerCase() === lower)
  )
    if ((await authorOf(ctx, review.pr))?.toLowerCase() === lower) {
      ctx.port.info(`${actor ?? ""} opened PR #${review.pr}: their confirm is not an approval of it.`);
      judged = await judgeUnderPolicy(ctx, own, at, { kind: "starter", login: actor, opened: true }, true);
    }
  if (judged !== undefined && "refused" in judged)
    throw new ActionFailure("policy", `input 'confirm': PR #${review.pr}: ${judged.refused.why}`);
  const approvedBy = judged?.approvedBy ?? [];
  return approvedBy.length === 0 ? review : { ...review, approvedBy };
}

/** The PR's author; unreadable refuses (the confirm is judged without knowing whose PR it is). */
async function authorOf(ctx: ActionContext, pr: number): Promise<string | undefined> {
  const { gh, settings } = ctx;
  if (gh === undefined || settings.repository === undefined) return undefined;
  const repository = settings.repository;
  return pullAuthor(gh, repository, pr).catch(() => {
    throw new ActionFailure(
      "github-unavailable",
      `input 'confirm': PR #${pr} could not be read from GitHub to know who opened it; nothing was sent. Run it again when GitHub answers.`,
    );
  });
}

/**
 * A push applied without the review gate (require-reviewed-plan: false): judged whole by the policy at
 * its first parent, with the approvals its PR has at the PR's head now. Refused, or undefined to go on.
 */
export async function judgeUnreviewed(
  ctx: ActionContext,
  outcome: PlanOutcome,
  base: string | undefined,
  head: string,
  merged: MergedPr,
): Promise<RefusedMerge | undefined> {
  const at = await firstParent(ctx, base, head);
  if ((await policyAt(ctx, at, head)) === undefined) return undefined;
  const { gh, settings } = ctx;
  if ("unreadable" in merged) return unreadableMerges(head, merged.unreadable);
  const pr = merged.pr;
  // The PR's head is read only when a rule asks for an approval (its failure refuses, to re-check).
  const reviewedHead = async () =>
    pr === undefined || gh === undefined || settings.repository === undefined
      ? head
      : pullHead(gh, settings.repository, pr);
  const judged = await judgeUnderPolicy(
    ctx,
    outcome,
    { at, head, pr, from: base },
    { kind: "review", reviewedHead },
    true,
  );
  return judged !== undefined && "refused" in judged
    ? { ...judged.refused, hash: outcome.execution.planHash }
    : undefined;
}

/**
 * A merge that sends nothing but changes the policy file: judged by the policy before it (its
 * policy-changed rules), with the approvals its PR has at its head (such a PR may have no preview).
 * The change is merged either way; a refusal fails the run and tells the PR. To stop an unapproved
 * change from landing at all, protect the file with CODEOWNERS (see the README).
 */
export async function judgePolicyChange(
  ctx: ActionContext,
  own: PlanOutcome,
  base: string | undefined,
  head: string,
  merged?: MergedPr,
): Promise<RefusedMerge | undefined> {
  const at = await firstParent(ctx, base, head);
  if (at === head || !(await policyChanged(ctx.git, at, head, ctx.settings.policy.file))) return undefined;
  const refused = await judgeUnreviewed(ctx, own, base, head, merged ?? (await mergedPullRequest(ctx, head)));
  if (refused === undefined || refused.reason !== "policy") return refused;
  // Nothing to send or confirm (no plan hash): the change itself is what was not approved.
  return {
    head: refused.head,
    pr: refused.pr,
    reason: refused.reason,
    title: "The activation policy changed without the approval it asks for",
    why: say.policyChangeRefused(refused.why),
    ...(refused.recheck === true ? { recheck: true as const } : {}),
  };
}
