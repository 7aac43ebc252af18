// A rerun of an older run: the merges after its head that asked again for one of its pairs, found
// from the commits themselves (when a record was last written says nothing of which request came
// first: expiring or following an older one rewrites it). Their requests stand for this run's.
import type { PlannedPair } from "../jobs/planner.js";
import { canonicalId } from "../plan/ids.js";
import { FIRST_PARENT_LIMIT } from "../sources/git.js";
import type { ActivationState } from "../state/types.js";
import type { ActionContext } from "./context.js";

/**
 * Only a rerun (`GITHUB_RUN_ATTEMPT` > 1) looks: a first attempt comes before any later merge's run
 * (a run the pointer has passed is `known`, from the reconcile pointer). A commit older than the head
 * (by committer time) is passed over without walking; one that is not on the first-parent line after
 * the head, or cannot be read, is not taken for later.
 */
export async function laterRequests(
  ctx: ActionContext,
  states: readonly ActivationState[],
  head: string,
  pairs: readonly PlannedPair[],
  known: readonly string[] = [],
): Promise<readonly string[]> {
  if (ctx.settings.runAttempt <= 1) return known;
  const wanted = new Set(
    pairs.map((p) => `${p.sandbox}|${canonicalId(p.destination)}|${canonicalId(p.audience)}`),
  );
  const candidates = new Set<string>();
  for (const s of states)
    for (const r of s.records.values())
      if (
        r.commit !== head &&
        !known.includes(r.commit) &&
        wanted.has(`${s.key.sandbox}|${canonicalId(r.destination)}|${canonicalId(r.audience)}`)
      )
        candidates.add(r.commit);
  const { git } = ctx;
  const since = await git.commitTime(head).catch(() => undefined);
  if (since === undefined) return known;
  const later = [...known];
  for (const c of candidates) {
    const here = (await git.tryResolve(c)) !== undefined || (await git.fetchCommit(c).catch(() => false));
    if (!here) continue;
    const at = await git.commitTime(c).catch(() => undefined);
    if (at === undefined || at < since) continue;
    if ((await git.firstParentChain(head, c, FIRST_PARENT_LIMIT).catch(() => undefined)) !== undefined)
      later.push(c);
  }
  if (later.length > known.length)
    ctx.port.info(
      `A rerun: ${later.length - known.length} later merge(s) asked again for pairs of this run (${later
        .slice(known.length)
        .map((c) => c.slice(0, 12))
        .join(", ")}); their requests stand for these.`,
    );
  return later;
}
