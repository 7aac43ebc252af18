// The parts of a scheduled run's look at what a later run sends: judging the records (by the plans
// each merge reviewed, retries within max-lateness of their merge), recording the verdicts, and the
// outcome that sends what is due, one request per pair under its own merge and review.
import { pairKey } from "../activation/outcome.js";
import { planChanges } from "../app/plan-change.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import { planJobs } from "../jobs/planner.js";
import type { PlanChange } from "../plan/changes.js";
import type { Plan } from "../plan/types.js";
import type { AttentionRow } from "../render/results-text.js";
import {
  commitsToJudge,
  judgePending,
  retries,
  type Judging,
  type PendingVerdict,
} from "../state/pending.js";
import type { ActivationState } from "../state/types.js";
import type { ActionContext } from "./context.js";
import { planRequest } from "./planning.js";

export type Due = Extract<PendingVerdict, { kind: "due" | "retry" }>;

/**
 * Judges states' records: each by the plans its merge reviewed and the time it landed (readMerge,
 * once per commit; when they cannot be read, nothing of that merge is sent and it is judged again
 * next time).
 */
export function judging(ctx: ActionContext, headPlans: readonly Plan[]) {
  const { settings } = ctx;
  const reviewed = new Map<string, Plan[] | undefined>();
  const asked = new Map<string, Plan[] | undefined>();
  const landed = new Map<string, number | undefined>();
  const j: Judging = {
    headPlans,
    plansAt: (commit) => reviewed.get(commit),
    askedAt: (commit) => asked.get(commit),
    landedAt: (commit) => landed.get(commit),
  };
  const judge = async (states: readonly ActivationState[], now: number): Promise<PendingVerdict[]> => {
    const out: PendingVerdict[] = [];
    for (const s of states) {
      for (const commit of commitsToJudge(s.records.values())) {
        if (reviewed.has(commit)) continue;
        const merge = await readMerge(ctx, commit);
        reviewed.set(commit, merge?.plans);
        asked.set(commit, merge?.asked);
        landed.set(commit, merge?.landed);
      }
      out.push(...judgePending(s.key.sandbox, s.records.values(), j, now, settings.maxLatenessMs));
      out.push(
        ...retries(s.key.sandbox, s.records.values(), j, {
          now,
          maxAttempts: settings.maxAttempts,
          maxLatenessMs: settings.maxLatenessMs,
        }),
      );
    }
    return out;
  };
  return { j, judge };
}

/**
 * What judging a record of `commit` needs, read once: every plan at the commit, the plans whose
 * change in the merge ending there (its first parent → it) asked for pairs, each narrowed to those
 * pairs (sent or pending), and when it landed. Undefined when it cannot be read.
 */
async function readMerge(
  ctx: ActionContext,
  commit: string,
): Promise<{ plans: Plan[]; asked: Plan[]; landed: number } | undefined> {
  try {
    const sha = await ctx.git.resolve(commit);
    const [parent] = await ctx.git.parents(sha);
    const own = await planChanges(ctx.git, planRequest(ctx, parent, sha, false), () => {});
    const asked = own.changes.flatMap((c) => {
      const pairs = [...c.pairs, ...(c.pending?.pairs ?? [])];
      if (pairs.length === 0) return [];
      const wanted = new Set(pairs.map((p) => `${p.destination.id}\u0000${p.audience.id}`));
      const activations = c.plan.activations
        .map((a) => ({
          ...a,
          audiences: a.audiences.filter((au) => wanted.has(`${a.destination.id}\u0000${au.id}`)),
        }))
        .filter((a) => a.audiences.length > 0);
      return [{ ...c.plan, activations }];
    });
    return { plans: own.headPlans, asked, landed: await ctx.git.commitTime(sha) };
  } catch {
    return undefined;
  }
}

/**
 * Whether a verdict changes its record: sent (not while the freeze is on), expired, or held for a
 * person's yes the first time.
 */
export const acts = (v: PendingVerdict, frozen: boolean): boolean =>
  ((v.kind === "due" || v.kind === "retry") && !frozen) ||
  v.kind === "expired" ||
  (v.kind === "confirm" && v.record.code !== "needs-confirmation");

/** Pairs newly expired or held for a person's yes: they need attention once, in the run that found it. */
export function newlyLate(verdicts: readonly PendingVerdict[]): AttentionRow[] {
  return verdicts.flatMap((v): AttentionRow[] =>
    v.kind === "expired" || (v.kind === "confirm" && v.record.code !== "needs-confirmation")
      ? [
          {
            kind: "pair",
            plan: v.record.plan,
            destination: v.record.destination,
            audience: v.record.audience,
            status: "not-submitted",
            code: v.kind === "confirm" ? "needs-confirmation" : v.code,
          },
        ]
      : [],
  );
}

/** Records the verdicts that change nothing on Platform: expirations and holds for a person's yes. */
export function recordVerdicts(verdicts: readonly PendingVerdict[], now: number): void {
  for (const v of verdicts)
    if (v.kind === "expired") {
      v.record.state = "expired";
      v.record.code = v.code;
      v.record.updatedAt = now;
    } else if (v.kind === "confirm") {
      v.record.code = "needs-confirmation";
    }
}

/** Due pending pairs and retries, one request per pair (a request left over is superseded next time). */
export function dueOf(verdicts: readonly PendingVerdict[]): Due[] {
  const key = (v: Due) => pairKey(v.pair.sandbox, v.pair.destination.id, v.pair.audience.id);
  const due = verdicts.flatMap((v) => (v.kind === "due" || v.kind === "retry" ? [v] : []));
  return [...new Map(due.map((v) => [key(v), v] as const).reverse()).values()];
}

/** What sending these pairs plans: their jobs, and the merge and review each pair goes out under. */
export function dueOutcome(ctx: ActionContext, planned: PlanOutcome, send: readonly Due[], head: string) {
  const key = (v: Due) => pairKey(v.pair.sandbox, v.pair.destination.id, v.pair.audience.id);
  const commits = new Map(send.map((v) => [key(v), v.record.commit]));
  const reviews = new Map(
    send.flatMap((v) => (v.record.review === undefined ? [] : [[key(v), v.record.review] as const])),
  );
  // Each pair comes from a plan at the head (judgePending found it there by name).
  const changes = [...Map.groupBy(send, (v) => v.pair.file)].flatMap(([file, vs]): PlanChange[] => {
    const plan = planned.headPlans.find((p) => p.file === file);
    if (plan === undefined) return [];
    const retry = vs.every((v) => v.kind === "retry");
    return [
      {
        name: plan.name,
        file,
        change: retry ? "retry" : "window-opened",
        reason: retry
          ? "a failure worth retrying, tried again"
          : vs.some((v) => v.kind === "retry")
            ? "pending since its merge, and failures worth retrying"
            : "pending since its merge (its window, or Adobe's first-activation hour)",
        pairs: vs.map((v) => v.pair),
        plan,
      },
    ];
  });
  const execution = planJobs(
    send.map((v) => v.pair),
    planRequest(ctx, undefined, head, true).planner,
  );
  const outcome: PlanOutcome = { ...planned, changes, execution };
  return { outcome, commits, reviews };
}
