// The activation policy in the Action: read at a change's first parent (a bad file stops the run as a
// configuration error), the facts its rules need (Platform's sizes, the PR's approvals at the reviewed
// head, team members), and the verdict on one merge before anything is submitted.
import { policyFor, type PolicyFor } from "../app/policy.js";
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
import { planRequest, platformOf } from "./planning.js";
import { planChanges } from "../app/plan-change.js";
import type { RefusedMerge } from "./review-gate.js";

export interface PolicyAt {
  policy: Policy;
  changed: boolean;
  /** The commit it was read at. */
  at: string;
}

/** The policy at `at` for the change that ends at `head`; undefined without a policy file. */
export async function policyAt(ctx: ActionContext, at: string, head: string): Promise<PolicyAt | undefined> {
  const read = await usablePolicy(ctx, await policyFor(ctx.git, ctx.settings.policy, at, head), at, "apply");
  return read === undefined ? undefined : { ...read, at };
}

/**
 * The policy read, or undefined without one; a named file that is missing, or a file with problems
 * (annotated at their lines, and in the summary), stops the run as a configuration error.
 */
export async function usablePolicy(
  ctx: ActionContext,
  read: PolicyFor,
  at: string,
  mode: "validate" | "apply",
): Promise<{ policy: Policy; changed: boolean } | undefined> {
  if ("none" in read) return undefined;
  if ("missing" in read)
    throw new ActionFailure(
      "configuration",
      `Input 'policy': ${read.missing}. Create it, or leave the input at its default (no file there means no policy).`,
    );
  if ("bad" in read) {
    const file = ctx.settings.policy.file;
    annotateProblems(ctx.port, read.bad, "Activation policy");
    await ctx.port.appendSummary(
      renderProblems(read.bad, { head: at, mode, subject: `The activation policy ${file}` }),
    );
    const where = at === "" ? "" : ` at ${at.slice(0, 12)}`;
    throw new ActionFailure(
      "configuration",
      `${read.bad.length} problem(s) in the activation policy ${file}${where}; see the annotations. Nothing was activated.`,
    );
  }
  return read;
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

/** Sizes for the rules that need them (one `segment/jobs` read per sandbox of the change), else unread. */
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
  /** `reviewedHead`: the commit, or how to find it when an approval is needed (a PR's head now). */
  | { kind: "review"; reviewedHead: string | (() => Promise<string>) }
  /** `opened`: the starter opened the PR confirmed, so (as on GitHub) is no approval of it. */
  | { kind: "starter"; login: string | undefined; opened?: true }
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
  if (by.kind === "starter") approvers = by.login === undefined || by.opened === true ? [] : [by.login];
  else if (by.kind === "recorded") approvers = [...by.logins];
  else if (pr === undefined) approvers = [];
  else if (gh === undefined || settings.repository === undefined)
    return { unreadable: "no GitHub token to read the pull request's reviews" };
  else
    try {
      const at = typeof by.reviewedHead === "string" ? by.reviewedHead : await by.reviewedHead();
      approvers = await approvalsAt(gh, settings.repository, pr, at);
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

/** Where a change starts (`all`: a manual run's plans in full), to judge it whole in a limited job. */
export type Whole = string | undefined;

/**
 * A job limited to some sandboxes (input `sandboxes`) plans only its own, but the policy judges the
 * merge whole: its limits and thresholds count every sandbox's pairs, as the PR's check did.
 */
async function wholeChange(ctx: ActionContext, own: PlanOutcome, from: Whole, head: string) {
  if (ctx.settings.sandboxes.length === 0 || from === undefined) return own;
  const all = from === "all";
  const request = { ...planRequest(ctx, all ? undefined : from, head, all), sandboxes: [] };
  return planChanges(ctx.git, request, () => {});
}

/**
 * One change (a merge's own, ending at `head`) under the policy at `at` (the merge's first parent; a
 * manual run's commit), with its approvers (see Approvers).
 */
export async function judgeUnderPolicy(
  ctx: ActionContext,
  own: PlanOutcome,
  merge: { at: string; head: string; pr: number | undefined; from?: Whole },
  by: Approvers,
  alone: boolean,
): Promise<PolicyVerdict | undefined> {
  const { at } = merge;
  const read = await policyAt(ctx, at, merge.head);
  if (read === undefined) return undefined;
  const { policy } = read;
  own = await wholeChange(ctx, own, merge.from, merge.head);
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
