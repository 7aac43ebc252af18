// The activation policy on a PR's check: the policy at the PR's base judges its change, with sizes
// read as the merge reads them (none for a fork) and the approvals given at the PR's head. Problems fail the check at their lines;
// approvals still missing are said in the verdict (the merge run enforces them).
import type { PlanOutcome } from "../jobs/outcome.js";
import { judgeChange } from "../policy/judge.js";
import { anyOf, say } from "../policy/messages.js";
import { policyChanged } from "../sources/policy-file.js";
import type { PolicyView } from "../render/policy.js";
import type { ActionContext } from "./context.js";
import { approvalFacts, policyAt, sizesFor } from "./policy-gate.js";

export async function previewPolicy(
  ctx: ActionContext,
  outcome: PlanOutcome,
  /** The base branch's tip (what a merge now would be judged by), and where the PR left it. */
  tip: string | undefined,
  base: string | undefined,
  head: string,
  pr: number | undefined,
  /** The PR may read Platform (not a fork's pull_request_target): sizes for export limits are read. */
  readsPlatform: boolean,
): Promise<PolicyView | undefined> {
  const at = tip ?? base ?? (await ctx.git.parents(head))[0] ?? head;
  const read = await policyAt(ctx, await ctx.git.resolve(at), head);
  if (read === undefined) return undefined;
  const { policy } = read;
  // Whether the PR itself changes the policy: from where it left the base branch.
  const from = base ?? at;
  const changed = from === at ? read.changed : await policyChanged(ctx.git, from, head, policy.file);
  // Sizes as the merge reads them (its pending pairs too), once per sandbox; a fork's PR reads none.
  const sizes = readsPlatform
    ? await sizesFor(ctx, policy, outcome)
    : { size: () => undefined, read: false, problem: "a fork's pull request reads nothing from Platform" };
  const facts = { size: sizes.size, sizesRead: sizes.read, policyChanged: changed };
  let judged = judgeChange(policy, outcome.changes, { ...facts, approvers: [] });
  const notes: string[] = [];
  // Export limits the preview cannot check (no pre-flight sizes) are the merge's to check, not a failure here.
  const unchecked = judged.problems.filter((p) => p.code === "policy-sizes");
  if (unchecked.length > 0) notes.push(say.sizesAtMerge(unchecked.length, sizes.problem));
  if (judged.approvals.length > 0 && pr !== undefined) {
    const known = await approvalFacts(ctx, pr, { kind: "review", reviewedHead: head }, judged);
    if ("unreadable" in known) notes.push(say.reviewsNotRead(known.unreadable));
    else judged = judgeChange(policy, outcome.changes, { ...facts, ...known });
  }
  return {
    file: policy.file,
    at: read.at,
    problems: judged.problems.filter((p) => p.code !== "policy-sizes"),
    approvals: judged.approvals.map((c) => say.approval(c, policy)),
    missing: judged.approvals.filter((c) => c.missing > 0).length,
    needs: judged.approvals.filter((c) => c.missing > 0).map((c) => `${anyOf(c.rule.from)} (${c.rule.name})`),
    notes,
  };
}
