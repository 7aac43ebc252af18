// The policy applied to plans and to a merge. Pure: plans, pairs, sizes and approvals in; located
// problems and the approvals each matched rule still needs out. Sentences come from messages.ts.
import type { PlanChange, RequestedPair } from "../plan/changes.js";
import { patternTest } from "../plan/select.js";
import type { Plan, Position, Problem, ProblemCode } from "../plan/types.js";
import { say } from "./messages.js";
import { isTeam, type ApprovalRule, type LimitName, type Policy } from "./types.js";

const problemAt = (
  file: string,
  pos: Position,
  code: ProblemCode,
  text: { message: string; hint: string },
) => ({
  file,
  line: pos.line,
  col: pos.col,
  code,
  ...text,
});

const limitOf = (policy: Policy, name: LimitName) => policy.limits.find((l) => l.name === name);

/** Path rules and the audiences-per-plan limit, at each plan's line. */
export function judgePlans(policy: Policy, plans: readonly Plan[]): Problem[] {
  const problems: Problem[] = [];
  const rules = (policy.paths ?? []).map((r) => ({ rule: r, tests: r.plans.map(patternTest) }));
  const perPlan = limitOf(policy, "audiences-per-plan");
  for (const plan of plans) {
    if (policy.paths !== undefined) {
      const covering = rules.filter((r) => r.tests.some((t) => t(plan.file))).map((r) => r.rule);
      const sandboxOk = covering.filter(
        (r) => r.sandboxes === undefined || r.sandboxes.includes(plan.sandbox),
      );
      if (covering.length === 0)
        problems.push(problemAt(plan.file, plan.sandboxPos, "policy-path", say.noPathRule(plan, policy)));
      else if (sandboxOk.length === 0)
        problems.push(
          problemAt(plan.file, plan.sandboxPos, "policy-path", say.sandboxOutside(plan, covering, policy)),
        );
      else
        for (const { destination } of plan.activations)
          if (!sandboxOk.some((r) => r.destinations === undefined || r.destinations.includes(destination.id)))
            problems.push(
              problemAt(
                plan.file,
                destination.pos,
                "policy-path",
                say.destinationOutside(plan, destination, sandboxOk, policy),
              ),
            );
    }
    if (perPlan !== undefined) {
      const seen = new Set<string>();
      const over = plan.activations
        .flatMap((a) => a.audiences)
        .find((a) => (seen.add(a.id), seen.size > perPlan.max));
      if (over !== undefined)
        problems.push(
          problemAt(plan.file, over.pos, "policy-limit", say.audiencesPerPlan(plan, perPlan, policy)),
        );
    }
  }
  return problems;
}

/** What a merge asks for, and what is known about it. */
export interface MergeFacts {
  /** The pairs the merge sends now or records as pending. */
  pairs: readonly RequestedPair[];
  /** An audience's profile count at its newest evaluation; undefined when unknown (external, unread). */
  size: (sandbox: string, audience: string) => number | undefined;
  /** False when no size could be read at all (no credentials, Platform unreadable). */
  sizesRead: boolean;
  /** The merge changes the policy file. */
  policyChanged: boolean;
  /**
   * Who approved, as GitHub logins (approving reviews at the reviewed head commit); undefined when
   * approvals are not known here (validate and plan, locally).
   */
  approvers?: readonly string[];
  /** Each team's members, or why they could not be read. */
  teams?: ReadonlyMap<string, readonly string[] | { unreadable: string }>;
}

export interface ApprovalCheck {
  rule: ApprovalRule;
  /** What made the merge match the rule. */
  because: string;
  /** The approvers that count toward it. */
  by: string[];
  /** Approvals still needed (0: met). */
  missing: number;
  /** A team whose members could not be read, when the named approvers do not meet it alone. */
  unreadable?: string;
}

export interface MergeJudgement {
  /** Limits crossed (and export limits that could not be checked), located in the policy file. */
  problems: Problem[];
  /** Every approval rule the merge matches. */
  approvals: ApprovalCheck[];
  /** The merge's profile exports: the sum of known sizes, and whether any was unknown. */
  exports: { known: number; unknown: number };
}

export function judgeMerge(policy: Policy, facts: MergeFacts): MergeJudgement {
  const problems: Problem[] = [];
  const byDestination = new Map<
    string,
    { sandbox: string; id: string; name?: string; known: number; unknown: number }
  >();
  for (const p of facts.pairs) {
    const key = `${p.sandbox}\u0000${p.destination.id}`;
    const d = byDestination.get(key) ?? {
      sandbox: p.sandbox,
      id: p.destination.id,
      ...(p.destination.name === undefined ? {} : { name: p.destination.name }),
      known: 0,
      unknown: 0,
    };
    const size = facts.size(p.sandbox, p.audience.id);
    if (size === undefined) d.unknown++;
    else d.known += size;
    byDestination.set(key, d);
  }
  const all = [...byDestination.values()];
  const exports = {
    known: all.reduce((s, d) => s + d.known, 0),
    unknown: all.reduce((s, d) => s + d.unknown, 0),
  };
  const at = (
    l: { pos: Position },
    text: { message: string; hint: string },
    code: ProblemCode = "policy-limit",
  ) => problems.push(problemAt(policy.file, l.pos, code, text));
  const pairs = limitOf(policy, "pairs-per-merge");
  if (pairs !== undefined && facts.pairs.length > pairs.max)
    at(pairs, say.pairsPerMerge(facts.pairs.length, pairs));
  for (const name of ["profile-exports-per-destination", "profile-exports-per-merge"] as const) {
    const limit = limitOf(policy, name);
    if (limit === undefined || facts.pairs.length === 0) continue;
    if (!facts.sizesRead) {
      at(limit, say.sizesUnread(limit), "policy-sizes");
      continue;
    }
    if (name === "profile-exports-per-merge") {
      if (exports.known > limit.max) at(limit, say.exportsPerMerge(exports.known, limit));
    } else for (const d of all) if (d.known > limit.max) at(limit, say.exportsPerDestination(d, limit));
  }
  const approvals = policy.approvals.flatMap((rule) => {
    const because = matchRule(rule, facts, exports);
    return because === undefined ? [] : [checkApproval(rule, because, facts)];
  });
  return { problems, approvals, exports };
}

/** A change's plans and pairs as the policy sees them: the plans that send or record pairs. */
export function changeScope(changes: readonly PlanChange[]): { plans: Plan[]; pairs: RequestedPair[] } {
  const asking = changes.filter((c) => c.pairs.length > 0 || (c.pending?.pairs.length ?? 0) > 0);
  return {
    plans: asking.map((c) => c.plan),
    pairs: asking.flatMap((c) => [...c.pairs, ...(c.pending?.pairs ?? [])]),
  };
}

/** A change judged whole: path rules and audiences per plan at the plans' lines, then the merge. */
export function judgeChange(
  policy: Policy,
  changes: readonly PlanChange[],
  facts: Omit<MergeFacts, "pairs">,
): MergeJudgement {
  const { plans, pairs } = changeScope(changes);
  const merge = judgeMerge(policy, { ...facts, pairs });
  return { ...merge, problems: [...judgePlans(policy, plans), ...merge.problems] };
}

/**
 * Locally (validate, plan without credentials): the approval rules a merge of these plans would
 * match by sandbox, destination or a change to the policy; sizes are not known here.
 */
export function localApprovals(policy: Policy, pairs: readonly RequestedPair[], policyChanged = false) {
  return judgeMerge(policy, { pairs, ...localFacts(policyChanged) }).approvals;
}

/** What is known locally: no sizes (export limits and thresholds are left to the PR check and the merge). */
export const localFacts = (policyChanged: boolean) => ({
  size: () => undefined,
  sizesRead: true,
  policyChanged,
});

/** Whether the policy has a rule that needs audience sizes (an export limit or threshold). */
export const needsSizes = (policy: Policy) =>
  policy.limits.some((l) => l.name.startsWith("profile-exports")) ||
  policy.approvals.some((r) => r.when.exportsOver !== undefined);

function matchRule(
  rule: ApprovalRule,
  facts: MergeFacts,
  exports: { known: number; unknown: number },
): string | undefined {
  const { when } = rule;
  if (when.policyChanged === true && facts.policyChanged) return say.becausePolicy();
  const sandbox = facts.pairs.find((p) => when.sandboxes?.includes(p.sandbox));
  if (sandbox !== undefined) return say.becauseSandbox(sandbox.sandbox);
  const destination = facts.pairs.find((p) => when.destinations?.includes(p.destination.id));
  if (destination !== undefined) return say.becauseDestination(destination.destination);
  if (when.exportsOver !== undefined && facts.pairs.length > 0) {
    // Sizes that could not be read count as over: the rule fails closed.
    if (!facts.sizesRead) return say.becauseUnread(when.exportsOver);
    if (exports.known > when.exportsOver) return say.becauseExports(exports.known, when.exportsOver);
  }
  return undefined;
}

function checkApproval(rule: ApprovalRule, because: string, facts: MergeFacts): ApprovalCheck {
  if (facts.approvers === undefined) return { rule, because, by: [], missing: rule.count };
  const lower = (s: string) => s.toLowerCase();
  const named = new Set(rule.from.filter((w) => !isTeam(w)).map(lower));
  const members = new Set<string>();
  let unreadable: string | undefined;
  for (const team of rule.from.filter(isTeam)) {
    const read = facts.teams?.get(lower(team));
    if (read === undefined || !Array.isArray(read))
      unreadable ??= read === undefined ? team : (read as { unreadable: string }).unreadable;
    else for (const m of read as readonly string[]) members.add(lower(m));
  }
  const by = facts.approvers.filter((a) => named.has(lower(a)) || members.has(lower(a)));
  const missing = Math.max(0, rule.count - new Set(by.map(lower)).size);
  return missing > 0 && unreadable !== undefined
    ? { rule, because, by, missing, unreadable }
    : { rule, because, by, missing };
}
