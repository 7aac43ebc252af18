// The plan hash a review approves: the jobs, the planner's settings and the pending pairs, in a
// canonical form. Pure.
import { createHash } from "node:crypto";

/** What of a job the hash covers. */
interface HashedJob {
  sandbox: string;
  wave: number;
  activationInfo: Record<string, string[]>;
}

/** Pairs asked for before their plan's window opens (epoch ms): not in any job, but reviewed. */
export interface PendingPair {
  sandbox: string;
  destination: string;
  audience: string;
  opens: number;
}

/**
 * The hash a review approves: the jobs, the planner's settings and, when there are any, the pending
 * pairs with when each window opens (so a merge cannot swap what waits for a window after review).
 */
export function planHashOf(
  jobs: readonly HashedJob[],
  settings: { maxPerJob: number; countBy: string; apiVersion?: number },
  pending: readonly PendingPair[] = [],
): string {
  const canonical = JSON.stringify({
    apiVersion: settings.apiVersion ?? 2,
    countBy: settings.countBy,
    maxPerJob: settings.maxPerJob,
    jobs: jobs.map((j) => [j.sandbox, j.wave, j.activationInfo]),
    ...(pending.length === 0
      ? {}
      : {
          pending: pending
            .map((p) => [p.sandbox, p.destination, p.audience, p.opens] as const)
            .sort((a, b) => (a.join("\u0000") < b.join("\u0000") ? -1 : 1)),
        }),
  });
  return `sha256:${createHash("sha256").update(canonical).digest("hex")}`;
}
