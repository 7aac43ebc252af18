// The activation policy in the Action: read at a change's first parent (a bad file stops the run as a
// configuration error), the facts its rules need (Platform's sizes, the PR's approvals at the reviewed
// head, team members), and the verdict on one merge before anything is submitted.
import { policyFor } from "../app/policy.js";
import { readSizes, type SizeBook } from "../app/policy-sizes.js";
import { approvalsAt, pullHead, teamMembers } from "../github/reviews.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import { judgeChange, needsSizes, changeScope, type MergeJudgement } from "../policy/judge.js";
import { say } from "../policy/messages.js";
import { isTeam, type Policy } from "../policy/types.js";
import { renderProblems } from "../render/problems.js";
import { ZERO_SHA } from "../sources/git.js";
import { annotateProblems } from "./annotations.js";
import { ActionFailure, type ActionContext } from "./context.js";
import { platformOf } from "./planning.js";
import { unreadableMerges, type MergedPr, type RefusedMerge } from "./review-gate.js";

export interface PolicyAt {
  policy: Policy;
  changed: boolean;
  /** The commit it was read at. */
  at: string;
}

/** The policy at `at` for the change that ends at `head`; undefined without a policy file. */
export async function policyAt(ctx: ActionContext, at: string, head: string): Promise<PolicyAt | undefined> {
  const read = await policyFor(ctx.git, ctx.settings.policy, at, head);
  if ("none" in read) return undefined;
  if ("missing" in read)
    throw new ActionFailure(
      "configuration",
      `Input 'policy': ${read.missing}. Create it, or leave the input at its default (no file there means no policy).`,
    );
  if ("bad" in read) {
    annotateProblems(ctx.port, read.bad, "Activation policy");
    await ctx.port.appendSummary(
      renderProblems(read.bad, {
        head: at,
        mode: "apply",
        subject: `The activation policy ${read.bad[0]?.file ?? ""}`,
      }),
    );
    throw new ActionFailure(
      "configuration",
      `${read.bad.length} problem(s) in the activation policy ${ctx.settings.policy.file} at ${at.slice(0, 12)}; see the annotations. Nothing was activated.`,
    );
  }
  return { ...read, at };
}

/** The commit a merge is judged at: its first parent (the push's base, else the head's parent). */
export async function firstParent(
  ctx: ActionContext,
  base: string | undefined,
  head: string,
): Promise<string> {
  if (base !== undefined && !ZERO_SHA.test(base)) return ctx.git.resolve(base);
  return (await ctx.git.parents(head))[0] ?? head;
}

/** Sizes for the rules that need them: read from Platform once per run and change, else unread. */
export async function sizesFor(ctx: ActionContext, policy: Policy, outcome: PlanOutcome): Promise<SizeBook> {
  const none: SizeBook = { size: () => undefined, read: false };
  if (!needsSizes(policy)) return none;
  const { credentials } = ctx.settings;
  if (credentials === undefined) return { ...none, problem: "no Platform credentials" };
  return readSizes(changeScope(outcome.changes).pairs, platformOf(ctx.settings, credentials), {
    clock: ctx.clock,
    log: (m) => ctx.port.info(m),
    registerSecret: (s) => ctx.port.setSecret(s),
  });
}

/** Who approves a change: its PR's reviews at the head its preview showed, a manual run's starter, or those recorded at its merge. */
export type Approvers =
  | { kind: "review"; reviewedHead: string }
  | { kind: "starter"; login: string | undefined }
  | { kind: "recorded"; logins: readonly string[] };

const httpStatus = (e: unknown) => {
  const s = (e as { status?: number }).status;
  return s === undefined ? (e as Error).message : `HTTP ${s}`;
};

/** The approvers, and the members of the teams the matched rules name, or why they cannot be known. */
export async function approvalFacts(
  ctx: ActionContext,
  pr: number | undefined,
  by: Approvers,
  judged: MergeJudgement,
): Promise<
  { approvers: string[]; teams: Map<string, string[] | { unreadable: string }> } | { unreadable: string }
> {
  const { gh, settings } = ctx;
  let approvers: string[];
  if (by.kind === "starter") approvers = by.login === undefined ? [] : [by.login];
  else if (by.kind === "recorded") approvers = [...by.logins];
  else if (pr === undefined) approvers = [];
  else if (gh === undefined || settings.repository === undefined)
    return { unreadable: "no GitHub token to read the pull request's reviews" };
  else
    try {
      approvers = await approvalsAt(gh, settings.repository, pr, by.reviewedHead);
    } catch (error) {
      return { unreadable: `the reviews of PR #${pr} could not be read from GitHub (${httpStatus(error)})` };
    }
  const teams = new Map<string, string[] | { unreadable: string }>();
  for (const team of new Set(judged.approvals.flatMap((c) => c.rule.from.filter(isTeam))))
    teams.set(
      team.toLowerCase(),
      gh === undefined
        ? { unreadable: `${team} (no GitHub token)` }
        : await teamMembers(gh, team).catch((e: unknown) => ({ unreadable: `${team} (${httpStatus(e)})` })),
    );
  return { approvers, teams };
}

export type PolicyVerdict = { approvedBy: string[] } | { refused: RefusedMerge };

/**
 * One change (a merge's own, ending at `head`) under the policy at `at` (the merge's first parent; a
 * manual run's commit), with its approvers (see Approvers).
 */
export async function judgeUnderPolicy(
  ctx: ActionContext,
  own: PlanOutcome,
  merge: { at: string; head: string; pr: number | undefined },
  by: Approvers,
  alone: boolean,
): Promise<PolicyVerdict | undefined> {
  const { at } = merge;
  const read = await policyAt(ctx, at, merge.head);
  if (read === undefined) return undefined;
  const { policy } = read;
  const sizes = await sizesFor(ctx, policy, own);
  if (sizes.problem !== undefined) ctx.port.info(`Sizes for the activation policy: ${sizes.problem}.`);
  const facts = { size: sizes.size, sizesRead: sizes.read, policyChanged: read.changed };
  let judged = judgeChange(policy, own.changes, { ...facts, approvers: [] });
  const refused = (why: string, recheck = false): PolicyVerdict => ({
    refused: {
      head: merge.head,
      pr: merge.pr,
      reason: "policy",
      title: "Not applied: the activation policy refuses it",
      why: say.refusal(why, policy, at, alone, by),
      ...(recheck ? { recheck: true as const } : {}),
    },
  });
  if (judged.problems.length > 0) return refused(judged.problems.map((p) => p.message).join(" "));
  if (judged.approvals.length === 0) return { approvedBy: [] };
  if (by.kind === "review" && merge.pr === undefined) return refused(say.noPullRequest(merge.head));
  const known = await approvalFacts(ctx, merge.pr, by, judged);
  if ("unreadable" in known) return refused(say.reviewsUnread(known.unreadable), true);
  judged = judgeChange(policy, own.changes, { ...facts, ...known });
  const missing = judged.approvals.filter((c) => c.missing > 0);
  if (missing.length > 0) return refused(missing.map((c) => say.approval(c, policy, by.kind)).join(" "));
  for (const c of judged.approvals) ctx.port.info(say.approval(c, policy, by.kind));
  return { approvedBy: [...new Set(judged.approvals.flatMap((c) => c.by))].sort() };
}

/** A manual run that sends pairs anew: judged by the policy at its head, its starter the approver. */
export async function judgeManual(ctx: ActionContext, outcome: PlanOutcome, head: string): Promise<void> {
  const by: Approvers = { kind: "starter", login: ctx.settings.triggeringActor };
  const judged = await judgeUnderPolicy(ctx, outcome, { at: head, head, pr: undefined }, by, true);
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
  review: { pr: number; hash: string },
): Promise<{ pr: number; hash: string; approvedBy?: string[] }> {
  const by: Approvers = { kind: "starter", login: ctx.settings.triggeringActor };
  const at = { at: await firstParent(ctx, undefined, merge), head: merge, pr: review.pr };
  const judged = await judgeUnderPolicy(ctx, own, at, by, true);
  if (judged !== undefined && "refused" in judged)
    throw new ActionFailure("policy", `input 'confirm': PR #${review.pr}: ${judged.refused.why}`);
  const approvedBy = judged?.approvedBy ?? [];
  return approvedBy.length === 0 ? review : { ...review, approvedBy };
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
  let reviewedHead = head;
  if (pr !== undefined && gh !== undefined && settings.repository !== undefined) {
    const read = await pullHead(gh, settings.repository, pr).catch(() => undefined);
    if (read === undefined) return unreadableMerges(head, `could not read PR #${pr} from GitHub`);
    reviewedHead = read;
  }
  const judged = await judgeUnderPolicy(
    ctx,
    outcome,
    { at, head, pr },
    { kind: "review", reviewedHead },
    true,
  );
  return judged !== undefined && "refused" in judged
    ? { ...judged.refused, hash: outcome.execution.planHash }
    : undefined;
}
