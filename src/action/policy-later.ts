// Pairs a later run sends (pending windows, retries) under the activation policy: each merge's pairs
// judged by the policy at that merge's first parent, with the approvals recorded when it was merged,
// never whoever triggered this run. Sizes are read now: an audience that grew past a threshold since
// needs the approval that threshold asks for.
import type { PlanOutcome } from "../jobs/outcome.js";
import type { ActionContext } from "./context.js";
import { firstParent, judgeUnderPolicy } from "./policy-gate.js";
import { groupBase } from "./merges.js";
import { dueOutcome, type Due } from "./scheduled-judge.js";

export interface Held {
  commit: string;
  pairs: number;
  why: string;
}

/** Whether a policy file (or an explicit `policy` input) is there to judge a merge at `commit`. */
async function policyNear(ctx: ActionContext, commit: string, head: string): Promise<boolean> {
  const { file, explicit } = ctx.settings.policy;
  if (explicit) return true;
  const parent = await firstParent(ctx, undefined, commit);
  for (const rev of [commit, parent, head])
    if ((await ctx.git.readFileAt(rev, file)) !== undefined) return true;
  return false;
}

export async function underRecordedApprovals(
  ctx: ActionContext,
  planned: PlanOutcome,
  due: readonly Due[],
  head: string,
): Promise<{ send: Due[]; held: Held[] }> {
  const send: Due[] = [];
  const held: Held[] = [];
  for (const [commit, group] of Map.groupBy(due, (v) => v.record.commit)) {
    // A merge the checkout lacks (a shallow clone) is fetched to read its first parent.
    if ((await ctx.git.tryResolve(commit)) === undefined) await ctx.git.fetchCommit(commit);
    const review = group[0]?.record.review;
    // No policy file at the merge, before it or now: nothing to judge (and no GitHub request).
    if (!(await policyNear(ctx, commit, head))) {
      send.push(...group);
      continue;
    }
    const { outcome } = dueOutcome(ctx, planned, group, head);
    // Judged by the policy before the merge (a rebase merge's earlier commits are part of it).
    const grouped = await groupBase(ctx, commit);
    if ("unreadable" in grouped) {
      held.push({
        commit,
        pairs: group.length,
        why: `${grouped.unreadable}: the policy before this merge cannot be found, so nothing of it is sent; the next run tries again.`,
      });
      continue;
    }
    const at = { at: await firstParent(ctx, grouped.base, commit), head: commit, pr: review?.pr };
    const judged = await judgeUnderPolicy(
      ctx,
      outcome,
      at,
      { kind: "recorded", logins: review?.approvedBy ?? [] },
      false,
    );
    if (judged !== undefined && "refused" in judged)
      held.push({ commit, pairs: group.length, why: judged.refused.why });
    else send.push(...group);
  }
  return { send, held };
}
