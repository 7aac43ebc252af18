// The activation policy in the Action: read at a change's first parent (a bad file stops the run as a
// configuration error), the facts its rules need (Platform's sizes, the PR's approvals at the reviewed
// head, team members), and the verdict on one merge before anything is submitted.
import { policyFor } from "../app/policy.js";
import { readSizes, type SizeBook } from "../app/policy-sizes.js";
import { approvalsAt, teamMembers } from "../github/reviews.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import { judgeChange, needsSizes, changeScope, type MergeJudgement } from "../policy/judge.js";
import { say } from "../policy/messages.js";
import { isTeam, type Policy } from "../policy/types.js";
import { renderProblems } from "../render/problems.js";
import { ZERO_SHA } from "../sources/git.js";
import { annotateProblems } from "./annotations.js";
import { ActionFailure, type ActionContext } from "./context.js";
import { platformOf } from "./planning.js";
import type { RefusedMerge } from "./review-gate.js";

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

/** The approvals at `commit` and the members of the teams the matched rules name, or why not. */
export async function approvalFacts(
  ctx: ActionContext,
  pr: number,
  commit: string,
  judged: MergeJudgement,
): Promise<
  { approvers: string[]; teams: Map<string, string[] | { unreadable: string }> } | { unreadable: string }
> {
  const { gh, settings } = ctx;
  if (gh === undefined || settings.repository === undefined)
    return { unreadable: "no GitHub token to read the pull request's reviews" };
  const repository = settings.repository;
  const status = (e: unknown) => {
    const s = (e as { status?: number }).status;
    return s === undefined ? (e as Error).message : `HTTP ${s}`;
  };
  let approvers: string[];
  try {
    approvers = await approvalsAt(gh, repository, pr, commit);
  } catch (error) {
    return { unreadable: `the reviews of PR #${pr} could not be read from GitHub (${status(error)})` };
  }
  const teams = new Map<string, string[] | { unreadable: string }>();
  for (const team of new Set(judged.approvals.flatMap((c) => c.rule.from.filter(isTeam)))) {
    teams.set(
      team.toLowerCase(),
      await teamMembers(gh, team).catch((e: unknown) => ({ unreadable: `${team} (${status(e)})` })),
    );
  }
  return { approvers, teams };
}

export type PolicyVerdict = { approvedBy: string[] } | { refused: RefusedMerge };

/**
 * One merge (its own change, ending at `head`) under the policy at `at` (its first parent; a manual
 * run's head), with the approvals given on its PR at the head that was reviewed, or `approvers`: the
 * person who started a manual run, or those recorded when a pending pair was merged.
 */
export async function judgeUnderPolicy(
  ctx: ActionContext,
  own: PlanOutcome,
  merge: { at: string; head: string; pr: number | undefined },
  by: { reviewedHead: string } | { approvers: readonly string[] },
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
      why: say.refusal(why, policy, at, alone),
      ...(recheck ? { recheck: true as const } : {}),
    },
  });
  if (judged.problems.length > 0) return refused(judged.problems.map((p) => p.message).join(" "));
  if (judged.approvals.length === 0) return { approvedBy: [] };
  if ("approvers" in by)
    judged = judgeChange(policy, own.changes, { ...facts, approvers: [...by.approvers] });
  else if (merge.pr === undefined) return refused(say.noPullRequest(merge.head));
  else {
    const known = await approvalFacts(ctx, merge.pr, by.reviewedHead, judged);
    if ("unreadable" in known) return refused(say.reviewsUnread(known.unreadable), true);
    judged = judgeChange(policy, own.changes, { ...facts, ...known });
  }
  const missing = judged.approvals.filter((c) => c.missing > 0);
  if (missing.length > 0) return refused(missing.map((c) => say.approval(c, policy)).join(" "));
  for (const c of judged.approvals) ctx.port.info(say.approval(c, policy));
  return { approvedBy: [...new Set(judged.approvals.flatMap((c) => c.by))].sort() };
}

/** A manual run that sends pairs anew: judged by the policy at its head, its starter the approver. */
export async function judgeManual(ctx: ActionContext, outcome: PlanOutcome, head: string): Promise<void> {
  const actor = ctx.settings.triggeringActor;
  const judged = await judgeUnderPolicy(
    ctx,
    outcome,
    { at: head, head, pr: undefined },
    { approvers: actor === undefined ? [] : [actor] },
    true,
  );
  if (judged !== undefined && "refused" in judged)
    throw new ActionFailure(
      "policy",
      `${judged.refused.why.replace(/ A manual run with confirm.*$/, "")} This manual run was started by ${actor ?? "someone GitHub did not name"}.`,
    );
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
  const actor = ctx.settings.triggeringActor;
  const at = { at: await firstParent(ctx, undefined, merge), head: merge, pr: review.pr };
  const judged = await judgeUnderPolicy(
    ctx,
    own,
    at,
    { approvers: actor === undefined ? [] : [actor] },
    true,
  );
  if (judged !== undefined && "refused" in judged)
    throw new ActionFailure(
      "policy",
      `input 'confirm': PR #${review.pr}: ${say.startedBy(judged.refused.why, actor)}`,
    );
  const approvedBy = judged?.approvedBy ?? [];
  return approvedBy.length === 0 ? review : { ...review, approvedBy };
}
