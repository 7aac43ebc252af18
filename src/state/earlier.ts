// What the state says of a run's pairs before it submits anything (earlierEntries). Pure.
import type { EarlierEntry } from "../activation/types.js";
import { pairKey } from "../activation/outcome.js";
import type { RequestContext } from "./records.js";
import { requestId, type ActivationState } from "./types.js";

type Pair = { sandbox: string; destination: string; audience: string };

/** The commit whose request a pair is. */
export const askedBy = (ctx: Pick<RequestContext, "commit" | "commits">, p: Pair): string =>
  ctx.commits?.get(pairKey(p.sandbox, p.destination, p.audience)) ?? ctx.commit;

export const idOf = (ctx: Pick<RequestContext, "commit" | "commits">, p: Pair) =>
  requestId(askedBy(ctx, p), p.destination, p.audience);

/**
 * The engine's view of earlier attempts of this commit's pairs: succeeded (not submitted again,
 * unless `force`), running (followed), unknown (held: never resubmitted without a decision).
 * Failed, pending (a window that opened since) and never-tried pairs are absent, so they are
 * submitted, unless one of `later` (merges after this run's head: a rerun of an older run) asked
 * for the pair too: that request stands for this one (superseded). When a record was last written
 * says nothing of which request came first (expiring or following an older one rewrites it), so
 * the shell finds `later` from the commits themselves.
 */
export function earlierEntries(
  state: ActivationState,
  request: Pick<RequestContext, "commit" | "commits">,
  pairs: readonly Pair[],
  force: boolean,
  later: readonly string[] = [],
): Map<string, EarlierEntry> {
  const earlier = new Map<string, EarlierEntry>();
  for (const p of pairs) {
    const r = state.records.get(idOf(request, p));
    const key = pairKey(p.sandbox, p.destination, p.audience);
    if (r === undefined || r.state === "failed" || r.state === "pending") {
      const by = later.findLast((c) => state.records.has(requestId(c, p.destination, p.audience)));
      if (by !== undefined) {
        earlier.set(key, { state: "superseded", by });
        continue;
      }
    }
    if (r === undefined) continue;
    if (r.state === "succeeded" && !force) earlier.set(key, { state: "succeeded" });
    else if (r.state === "submitted" && r.runIds?.[0] !== undefined)
      earlier.set(key, { state: "running", runId: r.runIds[0], recordedAt: r.updatedAt });
    else if (r.state === "intent" || r.state === "unknown" || r.state === "expired")
      earlier.set(key, {
        state: "unknown",
        ...(r.candidates === undefined ? {} : { candidates: r.candidates }),
      });
  }
  return earlier;
}
