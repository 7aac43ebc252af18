// A rerun of an older run: the merges after its head that asked again for one of its pairs, found
// from the commits themselves (when a record was last written says nothing of which request came
// first: expiring or following an older one rewrites it). Their requests stand for this run's.
import type { PlannedPair } from "../jobs/planner.js";
import { pairKey } from "../plan/changes.js";
import { canonicalId } from "../plan/ids.js";
import type { ActivationState } from "../state/types.js";
import type { ActionContext } from "./context.js";

/** How many first-parent steps after the head a later merge may be (one fetch brings them). */
const STEPS = 20;

/**
 * Only a rerun (`GITHUB_RUN_ATTEMPT` > 1) looks: a first attempt comes before any later merge's run
 * (a run the pointer has passed is `known`, from the reconcile pointer). A commit is later when the
 * head is on its first-parent line within STEPS commits; committer times decide nothing (clocks
 * skew, merges share a second). A commit that cannot be read is not taken for later.
 */
export async function laterRequests(
  ctx: ActionContext,
  states: readonly ActivationState[],
  head: string,
  pairs: readonly PlannedPair[],
  known: readonly string[] = [],
): Promise<readonly string[]> {
  if (ctx.settings.runAttempt <= 1) return known;
  const key = (sandbox: string, p: { destination: string; audience: string }) =>
    pairKey(sandbox, canonicalId(p.destination), canonicalId(p.audience));
  const wanted = new Set(pairs.map((p) => key(p.sandbox, p)));
  const candidates = new Set<string>();
  for (const s of states)
    for (const r of s.records.values())
      if (r.commit !== head && !known.includes(r.commit) && wanted.has(key(s.key.sandbox, r)))
        candidates.add(r.commit);
  const later = [...known];
  for (const c of candidates) if (await after(ctx.git, head, c)) later.push(c);
  if (later.length > known.length)
    ctx.port.info(
      `A rerun: ${later.length - known.length} later merge(s) asked again for pairs of this run (${later
        .slice(known.length)
        .map((c) => c.slice(0, 12))
        .join(", ")}); their requests stand for these.`,
    );
  return later;
}

/** Whether `head` is on `c`'s first-parent line within STEPS commits (at most one fetch brings them). */
async function after(git: ActionContext["git"], head: string, c: string): Promise<boolean> {
  let sha = c;
  let fetched = false;
  for (let i = 0; i <= STEPS; i++) {
    if (sha === head) return true;
    if ((await git.tryResolve(sha)) === undefined) {
      if (fetched || !(await git.fetchCommit(sha, STEPS + 1 - i).catch(() => false))) return false;
      fetched = true;
    }
    const [parent] = await git.parents(sha).catch(() => []);
    if (parent === undefined) return false;
    sha = parent;
  }
  return false;
}
