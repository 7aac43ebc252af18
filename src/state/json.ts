// The activation state as plain JSON (the local file home): records as an array, sorted for stable diffs.
import type { ActivationState, PairRecord, StateKey } from "./types.js";
import { requestId } from "./types.js";

export interface StateEntryJson {
  key: StateKey;
  lock?: ActivationState["lock"];
  runsPerPair?: number;
  records: PairRecord[];
}

export interface StateFileJson {
  keys: Record<string, StateEntryJson>;
}

export function encodeState(state: ActivationState): StateEntryJson {
  const records = [...state.records.values()].sort(
    (a, b) =>
      a.commit.localeCompare(b.commit) ||
      a.destination.localeCompare(b.destination) ||
      a.audience.localeCompare(b.audience),
  );
  return {
    key: state.key,
    ...(state.lock === undefined ? {} : { lock: state.lock }),
    ...(state.runsPerPair === undefined ? {} : { runsPerPair: state.runsPerPair }),
    records,
  };
}

export function decodeState(key: StateKey, entry: StateEntryJson): ActivationState {
  const records = new Map<string, PairRecord>();
  for (const r of entry.records ?? []) records.set(requestId(r.commit, r.destination, r.audience), r);
  return {
    key,
    ...(entry.lock === undefined ? {} : { lock: entry.lock }),
    ...(entry.runsPerPair === undefined ? {} : { runsPerPair: entry.runsPerPair }),
    records,
  };
}
