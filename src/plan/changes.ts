// What changed between two plan sets, and so which (destination, audience) pairs are to be activated.
// Pure: plans in, classified changes out. Plans are paired by `metadata.name`, so moving a file is no change.
import { instant } from "./instant.js";
import type { Plan, Ref } from "./types.js";

export type ChangeKind =
  | "added"
  | "modified"
  | "revision"
  | "deleted"
  | "unchanged"
  | "outside-window"
  /** A scheduled run's: pairs a reviewed merge left pending, whose window is open now. */
  | "window-opened"
  /** A scheduled run's: failures worth retrying, tried again. */
  | "retry";

/** One (destination, audience) pair that a plan asks to activate, with where it was asked for. */
export interface RequestedPair {
  sandbox: string;
  destination: Ref;
  audience: Ref;
  plan: string;
  file: string;
}

export interface PlanChange {
  name: string;
  file: string;
  change: ChangeKind;
  /** A sentence for the preview: why this plan activates what it does (or nothing). */
  reason: string;
  /** The pairs this plan contributes to the jobs (empty unless added, modified or revision). */
  pairs: RequestedPair[];
  plan: Plan;
  /** For `outside-window`: the pairs that would have been activated inside the window. */
  heldBack?: number;
  /** For `outside-window` before the window opens: those pairs, pending until it opens (epoch ms). */
  pending?: { pairs: RequestedPair[]; opens: number };
  /** For `outside-window` once the window has closed: those pairs, never to be sent by this change. */
  closed?: { pairs: RequestedPair[] };
}

export interface ChangeOptions {
  /** Ignore the diff: every pair of every head plan is requested (manual runs). */
  all?: boolean;
  /** Evaluates `spec.window` at this moment. */
  now: Date;
  /** Files whose content is the same at both revisions (unchanged blob at the same path). */
  unchangedFiles?: ReadonlySet<string>;
}

/** The one key of a pair: the engine, the state and the merges of a push use it too. */
export const pairKey = (sandbox: string, destination: string, audience: string) =>
  `${sandbox}\u0000${destination}\u0000${audience}`;

export function planPairs(plan: Plan): RequestedPair[] {
  const pairs: RequestedPair[] = [];
  for (const a of plan.activations) {
    for (const audience of a.audiences) {
      pairs.push({
        sandbox: plan.sandbox,
        destination: a.destination,
        audience,
        plan: plan.name,
        file: plan.file,
      });
    }
  }
  return pairs;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Where `now` falls relative to the plan's window; a bound that cannot be read keeps it closed. */
export function windowState(
  plan: Plan,
  now: Date,
): { open: true } | { open: false; reason: string; opens?: number } {
  const w = plan.window;
  for (const bound of [w?.notBefore, w?.notAfter]) {
    if (bound !== undefined && Number.isNaN(instant(bound)))
      return { open: false, reason: `its window bound ${bound} cannot be read as a date-time` };
  }
  if (w?.notBefore !== undefined && now.getTime() < instant(w.notBefore)) {
    return {
      open: false,
      reason: `pending: its window opens ${w.notBefore}; the first scheduled run after that activates it`,
      opens: instant(w.notBefore),
    };
  }
  if (w?.notAfter !== undefined && now.getTime() > instant(w.notAfter)) {
    return { open: false, reason: `expired: its window closed ${w.notAfter}` };
  }
  return { open: true };
}

function classify(
  base: Plan | undefined,
  head: Plan,
  options: ChangeOptions,
): Omit<PlanChange, "plan"> | undefined {
  // An unchanged file is the very same plan at both revisions: nothing to compare pair by pair.
  if (options.all !== true && base === head && options.unchangedFiles?.has(head.file) === true)
    return undefined;
  const all = planPairs(head);
  const entry = (change: ChangeKind, reason: string, pairs: RequestedPair[]) => ({
    name: head.name,
    file: head.file,
    change,
    reason,
    pairs,
  });
  if (options.all === true)
    return entry("added", `selected for a full run: ${plural(all.length, "pair")}`, all);
  if (base === undefined) return entry("added", `new plan: ${plural(all.length, "pair")}`, all);
  if (base.sandbox !== head.sandbox) {
    return entry("revision", `sandbox changed from ${base.sandbox} to ${head.sandbox}: every pair`, all);
  }
  if (head.revision > base.revision) {
    return entry("revision", `revision bumped from ${base.revision} to ${head.revision}: every pair`, all);
  }
  const before = new Set(planPairs(base).map((p) => pairKey(p.sandbox, p.destination.id, p.audience.id)));
  const added = all.filter((p) => !before.has(pairKey(p.sandbox, p.destination.id, p.audience.id)));
  if (added.length > 0) return entry("modified", `${plural(added.length, "new pair")}`, added);
  const sameFile = base.file === head.file && options.unchangedFiles?.has(head.file) === true;
  if (sameFile) return undefined;
  const removed = before.size - (all.length - added.length);
  const moved = base.file !== head.file ? `moved from ${base.file}; ` : "";
  const what =
    removed > 0
      ? `${plural(removed, "pair")} removed (removing a pair activates nothing)`
      : head.revision < base.revision
        ? `revision lowered from ${base.revision} to ${head.revision} (only raising it re-runs a plan)`
        : "no new pairs (metadata, order or comments changed)";
  return entry("unchanged", `${moved}${what}`, []);
}

/**
 * Classify every plan that differs between `base` and `head` (all head plans with `all`).
 * Plans outside their window contribute nothing and are listed as `outside-window`.
 */
export function diffPlanSets(
  base: readonly Plan[],
  head: readonly Plan[],
  options: ChangeOptions,
): PlanChange[] {
  const baseByName = new Map(base.map((p) => [p.name, p]));
  const headNames = new Set(head.map((p) => p.name));
  const changes: PlanChange[] = [];
  for (const plan of head) {
    const c = classify(baseByName.get(plan.name), plan, options);
    if (c === undefined) continue;
    if (c.pairs.length > 0) {
      const window = windowState(plan, options.now);
      if (!window.open) {
        changes.push({
          ...c,
          change: "outside-window",
          reason: window.reason,
          pairs: [],
          plan,
          heldBack: c.pairs.length,
          ...(window.opens === undefined
            ? { closed: { pairs: c.pairs } }
            : { pending: { pairs: c.pairs, opens: window.opens } }),
        });
        continue;
      }
    }
    changes.push({ ...c, plan });
  }
  if (options.all !== true) {
    for (const plan of base) {
      if (headNames.has(plan.name)) continue;
      changes.push({
        name: plan.name,
        file: plan.file,
        change: "deleted",
        reason: "plan deleted: nothing to activate (exports already made are not undone)",
        pairs: [],
        plan,
      });
    }
  }
  return changes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
