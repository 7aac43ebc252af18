// A push may carry several merges (a merge queue, or several PRs merged between two runs): each one's
// pairs go out only under its own PR's review. Pure: the first-parent line with each commit's PR in;
// merges, and the pairs of the reviewed ones that the head still asks for, out.
import { pairKey, planPairs, type PlanChange, type RequestedPair } from "../plan/changes.js";
import type { Plan } from "../plan/types.js";

export interface Merge {
  /** The commit before the merge (the first parent of its first commit), and the commit it ends at. */
  base: string;
  head: string;
  /** The PR merged as `head`; undefined for commits pushed without one. */
  pr: number | undefined;
}

/**
 * The first-parent commits after `base` (oldest first) as merges: a PR's merge commit ends one,
 * together with the commits before it that no PR was merged as (a rebase merge's earlier commits);
 * commits after the last PR's form one merge without a PR (a direct push).
 */
export function groupMerges(
  base: string,
  commits: readonly { sha: string; pr: number | undefined }[],
): Merge[] {
  const merges: Merge[] = [];
  let from = base;
  commits.forEach((c, i) => {
    if (c.pr === undefined && i < commits.length - 1) return;
    merges.push({ base: from, head: c.sha, pr: c.pr });
    from = c.sha;
  });
  return merges;
}

export interface Review {
  pr: number;
  hash: string;
  /** Who approved it at the reviewed head, as the activation policy counted them (none without one). */
  approvedBy?: string[];
}

export interface Combined {
  /** The reviewed merges' plan changes, each keeping only the pairs still asked for at the head. */
  changes: PlanChange[];
  requested: RequestedPair[];
  /** The merge commit whose request each pair is, and its review (by pairKey): the last merge asking for it. */
  commits: Map<string, string>;
  reviews: Map<string, Review>;
  /** Pairs a reviewed merge's plan asked for that it no longer asks for at the head (removed since). */
  revoked: RequestedPair[];
  /** Pairs a reviewed merge asked for before its plan's window opens, still asked for at the head. */
  pending: Pending[];
}

/** A pair asked for before its plan's window opens: recorded as pending, under its merge and review. */
export interface Pending {
  pair: RequestedPair;
  commit: string;
  review: Review | undefined;
  /** When its plan's window opens (epoch ms). */
  opens: number;
}

/** A request is a plan's (by name): another plan asking for the pair at the head does not keep it. */
const asked = (p: RequestedPair) => `${p.plan}\u0000${pairKey(p.sandbox, p.destination.id, p.audience.id)}`;

/**
 * A rerun of an older run: its changes' pairs still asked for at a later head (`plans`), and those a
 * later merge removed since (revoked, never sent), as a catch-up to that head would have them.
 */
export function keptAt(
  changes: readonly PlanChange[],
  plans: readonly Plan[],
): { changes: PlanChange[]; requested: RequestedPair[]; revoked: RequestedPair[] } {
  const atHead = new Set(plans.flatMap(planPairs).map(asked));
  const revoked = changes.flatMap((c) => c.pairs.filter((p) => !atHead.has(asked(p))));
  if (revoked.length === 0)
    return { changes: [...changes], requested: changes.flatMap((c) => c.pairs), revoked };
  const kept = changes.map((c) => {
    const pairs = c.pairs.filter((p) => atHead.has(asked(p)));
    const gone = c.pairs.length - pairs.length;
    return gone === 0
      ? c
      : { ...c, pairs, reason: `${c.reason}; ${gone} removed by a later merge (revoked)` };
  });
  return { changes: kept, requested: kept.flatMap((c) => c.pairs), revoked };
}

/** What the reviewed merges of a push ask for, as of its head. */
export function combineMerges(
  reviewed: readonly { changes: readonly PlanChange[]; commit: string; review: Review }[],
  headPlans: readonly Plan[],
): Combined {
  const atHead = new Set(headPlans.flatMap(planPairs).map(asked));
  const out: Combined = {
    changes: [],
    requested: [],
    commits: new Map(),
    reviews: new Map(),
    revoked: [],
    pending: [],
  };
  for (const { changes, commit, review } of reviewed)
    for (const change of changes) {
      for (const pair of change.pending?.pairs ?? [])
        if (!atHead.has(asked(pair))) out.revoked.push(pair);
        else out.pending.push({ pair, commit, review, opens: change.pending?.opens ?? 0 });
      const pairs = change.pairs.filter((p) => {
        const kept = atHead.has(asked(p));
        if (!kept) out.revoked.push(p);
        else {
          const key = pairKey(p.sandbox, p.destination.id, p.audience.id);
          out.commits.set(key, commit);
          out.reviews.set(key, review);
        }
        return kept;
      });
      out.requested.push(...pairs);
      const gone = change.pairs.length - pairs.length;
      out.changes.push(
        gone === 0
          ? change
          : { ...change, pairs, reason: `${change.reason}; ${gone} removed by a later merge (revoked)` },
      );
    }
  return out;
}
