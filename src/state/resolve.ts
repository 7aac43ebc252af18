// Unknown is a state, resolved before anything is resubmitted. A run object names no audience (only
// its dataflow, creation time and creator), so a pair whose reply was lost is matched to runs only
// when the match cannot be wrong: one unknown submission on the dataflow, exactly the runs it would
// have made by this credential in the window of its request, and no other run by this credential
// near it that the state cannot explain. Anything else stays unknown and is shown with its
// candidates, including "no run found": a list that lags or a clock that differs proves nothing.
import type { RunInfo } from "../aep/platform.js";
import type { ActivationState, PairRecord } from "./types.js";

export interface ResolveOptions {
  /** The credential's API client ID: runs it created have it as `createdClient`. */
  client: string;
  now: number;
  /** How long after an intent its runs may appear (the submit request and Platform's list lag). */
  settleMs: number;
  /** How far before an intent a run may be stamped (clock skew between us and Platform). */
  skewMs: number;
  /** Runs by this credential this close to an intent and not explained make the match ambiguous. */
  guardMs: number;
}

export const RESOLVE_DEFAULTS = { settleMs: 120_000, skewMs: 60_000, guardMs: 15 * 60_000 };

export type Verdict =
  | { kind: "submitted"; runIds: string[] }
  | { kind: "ambiguous"; candidates: string[]; why: "too-early" | "runs-unknown" | "count" | "crowded" }
  | { kind: "no-run"; candidates: [] };

export interface ResolveResult {
  /** Request ID → verdict, for each intent or unknown record of the dataflows listed. */
  verdicts: Map<string, Verdict>;
  /** Runs by this credential that no record explains (another step, repository or CLI user?). */
  unexplained: RunInfo[];
}

/** The dataflows whose runs must be listed (since `since`) to resolve a state's unknown records. */
export function flowsToList(state: ActivationState): Map<string, number> {
  const since = new Map<string, number>();
  for (const r of state.records.values()) {
    if ((r.state !== "intent" && r.state !== "unknown") || r.intentAt === undefined) continue;
    since.set(r.destination, Math.min(since.get(r.destination) ?? Infinity, r.intentAt));
  }
  return since;
}

/** How long to wait before resolving: until the newest intent or unknown record's runs have had time to be listed. */
export function settleWaitMs(state: ActivationState, settleMs: number, now: number): number {
  let newest = 0;
  for (const r of state.records.values())
    if (r.state === "intent" || r.state === "unknown") newest = Math.max(newest, r.intentAt ?? 0);
  return newest + settleMs - now;
}

export function resolveUnknowns(
  state: ActivationState,
  runsByFlow: ReadonlyMap<string, readonly RunInfo[]>,
  o: ResolveOptions,
): ResolveResult {
  const attributed = new Set<string>();
  for (const r of state.records.values())
    for (const id of [...(r.runIds ?? []), ...(r.forced ?? [])]) attributed.add(id);
  const verdicts = new Map<string, Verdict>();
  const unexplained: RunInfo[] = [];
  const pending = [...state.records].filter(
    ([, r]) => (r.state === "intent" || r.state === "unknown") && r.intentAt !== undefined,
  );
  for (const [flow, runs] of runsByFlow) {
    const mine = runs.filter((run) => run.createdClient === o.client && !attributed.has(run.id));
    const here = pending.filter(([, r]) => r.destination === flow);
    // Submissions: the pairs of one job sent at one time.
    const groups = Map.groupBy(here, ([, r]) => `${r.job ?? ""}@${r.intentAt ?? 0}`);
    const matched = new Set<string>();
    for (const group of groups.values()) {
      const at = group[0]?.[1].intentAt ?? 0;
      const inWindow = mine.filter((run) => within(run, at - o.skewMs, at + o.settleMs));
      const verdict = judge(
        group.map(([, r]) => r),
        inWindow,
        mine,
        groups.size,
        state.runsPerPair,
        o,
        at,
      );
      for (const [id] of group) verdicts.set(id, verdict);
      if (verdict.kind === "submitted") for (const run of verdict.runIds) matched.add(run);
    }
    // Candidates that stayed ambiguous are unexplained too: someone else may have made them.
    unexplained.push(...mine.filter((run) => !matched.has(run.id)));
  }
  return { verdicts, unexplained };
}

function within(run: RunInfo, from: number, to: number): boolean {
  return run.createdAt !== undefined && run.createdAt >= from && run.createdAt <= to;
}

function judge(
  group: readonly PairRecord[],
  inWindow: readonly RunInfo[],
  mine: readonly RunInfo[],
  submissions: number,
  runsPerPair: number | undefined,
  o: ResolveOptions,
  at: number,
): Verdict {
  const candidates = inWindow.map((r) => r.id);
  // The list may still lag behind the submission: wait before concluding anything.
  if (o.now < at + o.settleMs) return { kind: "ambiguous", candidates, why: "too-early" };
  if (runsPerPair === undefined) return { kind: "ambiguous", candidates, why: "runs-unknown" };
  const near = mine.filter(
    (run) => within(run, at - o.guardMs, at + o.guardMs) && !candidates.includes(run.id),
  );
  // Another submission on this dataflow, or runs by this credential nearby that nothing explains:
  // a run in the window could be theirs.
  if (submissions > 1 || near.length > 0) return { kind: "ambiguous", candidates, why: "crowded" };
  if (candidates.length === 0) {
    // Runs by this credential after the window: Platform's clock may be ahead of ours. Show them.
    const later = mine.filter((run) => run.createdAt !== undefined && run.createdAt >= at - o.skewMs);
    if (later.length > 0) return { kind: "ambiguous", candidates: later.map((r) => r.id), why: "count" };
    return { kind: "no-run", candidates: [] };
  }
  // Which run belongs to which audience cannot be told: only a single pair is resolved to its runs.
  const expected = Math.max(1, Math.round(group.length * runsPerPair));
  if (group.length === 1 && candidates.length === expected) return { kind: "submitted", runIds: candidates };
  return { kind: "ambiguous", candidates, why: "count" };
}

/** Apply verdicts: matched pairs become submitted (followed next); the rest stay unknown, with their candidates. */
export function applyVerdicts(
  state: ActivationState,
  verdicts: ReadonlyMap<string, Verdict>,
  now: number,
): void {
  for (const [id, v] of verdicts) {
    const r = state.records.get(id);
    if (r === undefined) continue;
    if (v.kind === "submitted") {
      r.state = "submitted";
      r.runIds = v.runIds;
      r.code = "resolved";
      delete r.candidates;
    } else if (v.kind === "no-run") {
      // No run by this credential is listed, but a list can lag longer than any wait and clocks
      // differ: that is not proof. It stays unknown until a person records not-activated.
      r.state = "unknown";
      r.code = "no-run-found";
      r.candidates = [];
    } else {
      r.state = "unknown";
      r.candidates = v.candidates;
      r.code = `ambiguous-${v.why}`;
    }
    r.updatedAt = now;
  }
}
