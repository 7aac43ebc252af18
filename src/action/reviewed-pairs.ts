// What a merge refused as `plan-changed` changed against its review: the pairs the merged commit
// asks for that the reviewed PR head did not, and the reverse. The reviewed change is planned from
// where the PR branched off the merge's base to the head its preview names (the preview's own base
// may have been older: pairs main gained since are not the PR's).
import { planChanges } from "../app/plan-change.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import { pairKey } from "../plan/changes.js";
import type { ActionContext } from "./context.js";
import { planRequest } from "./planning.js";

export interface PairLabel {
  destination: string;
  audience: string;
  plan: string;
}

export interface PairDifference {
  /** Merged, never reviewed. */
  merged: PairLabel[];
  /** Reviewed, not in what was merged. */
  reviewed: PairLabel[];
}

const labels = (o: PlanOutcome) =>
  new Map(
    o.execution.pairs.map((p) => [
      pairKey(p.sandbox, p.destination, p.audience),
      { destination: p.destination, audience: p.audience, plan: p.requestedBy[0]?.plan ?? "" },
    ]),
  );

/** The difference, or undefined when the reviewed head cannot be read or planned. */
export async function reviewedDifference(
  ctx: ActionContext,
  merged: PlanOutcome,
  reviewedHead: string,
): Promise<PairDifference | undefined> {
  try {
    const base =
      merged.baseSha === undefined
        ? undefined
        : ((await ctx.git.mergeBase(merged.baseSha, reviewedHead)) ?? merged.baseSha);
    const reviewed = await planChanges(ctx.git, planRequest(ctx, base, reviewedHead, false), () => {});
    if (reviewed.problems.length > 0) return undefined;
    const a = labels(merged);
    const b = labels(reviewed);
    return {
      merged: [...a].filter(([k]) => !b.has(k)).map(([, v]) => v),
      reviewed: [...b].filter(([k]) => !a.has(k)).map(([, v]) => v),
    };
  } catch {
    return undefined;
  }
}
