// The small files beside a key's shards: `state.json` (the lock, runs per pair, how many records are
// still to resolve) and `commits.json` (which plan files hold each commit's records). Pure.
import { ShardError } from "./cells.js";
import type { ActivationState, StateKey } from "./types.js";

export const STATE_FILE = "state.json";
export const COMMITS_FILE = "commits.json";
export const FORMAT = 1;

/**
 * `commits.json`: each commit with records, and the plan files holding them (what a scoped read
 * of that commit must read too: an earlier run on it may have recorded a pair under a plan this
 * run did not select). A scoped state adds its records to the index it read.
 */
export function commitsIndex(state: ActivationState): string {
  const index = new Map<string, Set<string>>();
  for (const [commit, plans] of state.partial?.commits ?? []) index.set(commit, new Set(plans));
  for (const r of state.records.values()) {
    let plans = index.get(r.commit);
    if (plans === undefined) index.set(r.commit, (plans = new Set()));
    plans.add(r.plan);
  }
  const commits = Object.fromEntries(
    [...index].sort(([a], [b]) => (a < b ? -1 : 1)).map(([commit, plans]) => [commit, [...plans].sort()]),
  );
  return `${JSON.stringify({ format: FORMAT, commits })}\n`;
}

/** `commits.json` read. Throws ShardError. */
export function parseCommits(text: string): Map<string, string[]> {
  try {
    const { format, commits } = JSON.parse(text) as { format?: number; commits?: Record<string, string[]> };
    if (format === FORMAT && typeof commits === "object" && commits !== null)
      if (
        Object.values(commits).every(
          (plans) => Array.isArray(plans) && plans.every((p) => typeof p === "string"),
        )
      )
        return new Map(Object.entries(commits));
  } catch (e) {
    throw new ShardError(`${COMMITS_FILE}: ${(e as Error).message}`);
  }
  throw new ShardError(`${COMMITS_FILE}: not {"format":${FORMAT},"commits":{…}}`);
}

/** What `state.json` holds. `open` is absent in states written before it was counted. */
export interface Meta {
  format: number;
  key: StateKey;
  lock?: ActivationState["lock"] | undefined;
  runsPerPair?: number | undefined;
  reconciled?: string | undefined;
  starts?: ActivationState["starts"];
  pendingIn?: string[] | undefined;
  open?: number;
}

/** `state.json`'s text read. Throws ShardError. */
export function parseMeta(text: string): Meta {
  let meta: Partial<Meta>;
  try {
    meta = JSON.parse(text) as Partial<Meta>;
  } catch (e) {
    throw new ShardError(`${STATE_FILE}: ${(e as Error).message}`);
  }
  if (meta.format !== FORMAT || meta.key === undefined)
    throw new ShardError(`${STATE_FILE}: format ${meta.format} is not ${FORMAT}, or no key`);
  return meta as Meta;
}
