// The plan hash of a merge's change as it was when the merge landed: a window that opened since the
// review moves pairs from pending to due without changing what was reviewed.
import { planChanges } from "../app/plan-change.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import { pairKey } from "../plan/changes.js";
import type { ActionContext } from "./context.js";
import { planRequest } from "./planning.js";

/** The plan hash of a merge's change as it landed, whole and per sandbox. */
export interface Landed {
  hash: string;
  sandboxes: Record<string, string>;
}

/** How far ahead of the clock a commit's date may be and still be believed. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The plan hash of a merge's change (`base` → `head`) with plan windows judged at the moment the
 * merge landed (its commit time), when a plan it touches has a window; else undefined. A rerun, or
 * a catch-up, after a window opened sees the pending pairs of the review as due: the content is the
 * same, and the run sends them now (or expires them) by the windows as they are now.
 */
export async function landedHash(
  ctx: ActionContext,
  base: string | undefined,
  head: string,
  outcome: PlanOutcome,
): Promise<Landed | undefined> {
  if (!outcome.changes.some((c) => c.plan.window !== undefined)) return undefined;
  try {
    const at = await ctx.git.commitTime(await ctx.git.resolve(head));
    // A commit dated ahead of now says nothing true about when it landed.
    if (at > ctx.clock.now() + CLOCK_SKEW_MS) return undefined;
    const then = await planChanges(
      ctx.git,
      { ...planRequest(ctx, base, head, false), now: new Date(at) },
      () => {},
    );
    // Only what was due or pending then may be due or pending now: a window that opened since moves
    // a pair from pending to due, never a pair in that was in neither.
    const asked = (o: PlanOutcome) =>
      new Set([
        ...o.execution.pairs.map((p) => pairKey(p.sandbox, p.destination, p.audience)),
        ...o.changes.flatMap((c) =>
          (c.pending?.pairs ?? []).map((p) => pairKey(p.sandbox, p.destination.id, p.audience.id)),
        ),
      ]);
    const was = asked(then);
    if ([...asked(outcome)].some((k) => !was.has(k))) return undefined;
    return { hash: then.execution.planHash, sandboxes: then.execution.sandboxHashes };
  } catch {
    return undefined;
  }
}
