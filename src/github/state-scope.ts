// Scoped reads of a key: a run that works on a few plans of thousands reads only their shards (and
// those holding records of its commit, from commits.json), and its write keeps the shards it did not
// read. Whenever that cannot be shown safe, everything is read.
import { bucketOf, SHARD_TARGET } from "../state/packing.js";
import {
  addRows,
  COMMITS_FILE,
  encodePieces,
  HEADER_BYTES,
  parseCommits,
  parseMeta,
  ShardError,
  SHARD_BYTES,
  STATE_FILE,
} from "../state/shards.js";
import {
  keyPath,
  StateUnavailable,
  type ActivationState,
  type PartialRead,
  type ReadScope,
} from "../state/types.js";
import { scopedShards, type Listing } from "./state-layout.js";
import type { BranchReader } from "./state-reader.js";

/**
 * The files a read needs (name → SHA). With a scope, only the shards of its plans and of those
 * holding records of its commit, unless some record is still to resolve (state.json's `open`), or
 * the key has no commits.json (written before it existed) or a layout the scope cannot be mapped
 * onto. commits.json itself is read only to scope a read. Throws ShardError.
 */
export async function scopeRead(
  reader: BranchReader,
  files: Map<string, string>,
  scope: ReadScope | undefined,
): Promise<{ wanted: Map<string, string>; partial?: PartialRead }> {
  const wanted = new Map([...files].filter(([name]) => name !== COMMITS_FILE));
  const index = files.get(COMMITS_FILE);
  const meta = files.get(STATE_FILE);
  if (scope === undefined || index === undefined || meta === undefined) return { wanted };
  const texts = await reader.contents(
    new Map([
      [STATE_FILE, meta],
      [COMMITS_FILE, index],
    ]),
  );
  // `open` is written only by writers that also keep commits.json: from an older writer, read all.
  if (parseMeta(texts.get(STATE_FILE)?.join("") ?? "").open !== 0) return { wanted };
  const commits = parseCommits(texts.get(COMMITS_FILE)?.join("") ?? "");
  // The plans asked for, and every plan holding a record of the commit (or of its merges).
  const plans = new Set([
    ...scope.plans,
    ...[scope.commit, ...(scope.merges ?? [])].flatMap((c) => commits.get(c) ?? []),
  ]);
  const shards = scopedShards(files, plans);
  const unread = [...wanted.keys()].filter((n) => n.endsWith(".csv") && shards?.names.has(n) === false);
  if (unread.length === 0) return { wanted };
  for (const name of unread) wanted.delete(name);
  return { wanted, partial: { plans, commits } };
}

/**
 * The key's files for `state`. A scoped state is encoded alone, with the shards it did not read
 * kept (name → SHA in `unread`) while the number of shards stays the same and its records all fall
 * in the shards it read; otherwise the rest is read first, and the whole key is written.
 */
export async function encodeKey(reader: BranchReader, state: ActivationState, base: Listing | undefined) {
  const files = base?.files;
  if (state.partial === undefined || files === undefined)
    return { pieces: encodePieces(state), unread: new Map<string, string>() };
  const shards = scopedShards(files, state.partial.plans);
  if (shards === undefined)
    throw new StateUnavailable(
      `the files of ${keyPath(state.key)}/ on ${reader.where} changed under this run's lock`,
    );
  const unread = new Map([...files].filter(([name]) => name.endsWith(".csv") && !shards.names.has(name)));
  const sizes = [...unread.keys()].map((name) => base?.sizes?.get(name) ?? NaN);
  const plans = new Set([...state.records.values()].map((r) => r.plan));
  if (
    [...plans].every((plan) => shards.buckets.has(bucketOf(plan, shards.n))) &&
    sizes.every(Number.isFinite)
  ) {
    const bytes = sizes.reduce((sum, size) => sum + size - HEADER_BYTES, 0);
    const pieces = encodePieces(state, SHARD_BYTES, SHARD_TARGET, bytes);
    const names = new Map([...pieces.keys(), ...unread.keys()].map((name) => [name, ""]));
    if (scopedShards(names, [])?.n === shards.n) return { pieces, unread };
  }
  const stored: ActivationState = { key: state.key, records: new Map() };
  const texts = await reader.contents(unread);
  try {
    addRows(stored, texts);
  } catch (e) {
    throw e instanceof ShardError ? unreadable(keyPath(state.key), reader.where, e) : e;
  }
  for (const [id, r] of stored.records) if (!state.records.has(id)) state.records.set(id, r);
  delete state.partial;
  return { pieces: encodePieces(state), unread: new Map<string, string>() };
}

/** A key whose files do not decode: nothing is submitted, and people are told how to mend it. */
export function unreadable(path: string, where: string, e: ShardError): StateUnavailable {
  return new StateUnavailable(
    `The state in ${path}/ on ${where} cannot be read: ${e.message}`,
    `Restore that directory from the branch's history (it is not meant to be edited by hand).`,
  );
}
