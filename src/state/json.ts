// The activation state as plain JSON (the local file home): records as an array, sorted for stable diffs.
import type { ActivationState, PairRecord, StateKey } from "./types.js";
import { RECORD_STATES, requestId } from "./types.js";

export interface StateEntryJson {
  key: StateKey;
  lock?: ActivationState["lock"];
  runsPerPair?: number;
  reconciled?: string;
  starts?: ActivationState["starts"];
  pendingIn?: string[];
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
    ...(state.reconciled === undefined ? {} : { reconciled: state.reconciled }),
    ...(state.starts === undefined ? {} : { starts: state.starts }),
    ...(state.pendingIn === undefined ? {} : { pendingIn: state.pendingIn }),
    records,
  };
}

const text = (v: unknown) => typeof v === "string" && v !== "";

/** Throws a plain Error naming what is wrong when the entry is not a state written by this tool. */
export function decodeState(key: StateKey, entry: StateEntryJson): ActivationState {
  if (typeof entry !== "object" || entry === null || !Array.isArray(entry.records))
    throw new Error("the key's entry has no list of records");
  const records = new Map<string, PairRecord>();
  entry.records.forEach((r: Partial<PairRecord> | null, i) => {
    if (
      typeof r !== "object" ||
      r === null ||
      !text(r.commit) ||
      !text(r.destination) ||
      !text(r.audience) ||
      !RECORD_STATES.has(String(r.state))
    )
      throw new Error(`record ${i + 1} lacks its commit, destination, audience or a known state`);
    const record = r as PairRecord;
    records.set(requestId(record.commit, record.destination, record.audience), record);
  });
  return {
    key,
    ...(entry.lock === undefined ? {} : { lock: entry.lock }),
    ...(entry.runsPerPair === undefined ? {} : { runsPerPair: entry.runsPerPair }),
    ...(typeof entry.reconciled === "string" ? { reconciled: entry.reconciled } : {}),
    ...(typeof entry.starts === "object" && entry.starts !== null ? { starts: entry.starts } : {}),
    ...(Array.isArray(entry.pendingIn)
      ? { pendingIn: entry.pendingIn.filter((s) => typeof s === "string") }
      : {}),
    records,
  };
}
