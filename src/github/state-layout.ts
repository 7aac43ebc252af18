// What the state branch looks like: its README, a key's files at a commit, the tree entries a write
// sends. Pure; the store does the reading and writing.
import { bucketOf } from "../state/packing.js";

export const README = `# Activation state of aep-activation-plans

This branch is written by the aep-activation-plans Action. It records, per Adobe org, sandbox and
step key, every destination × audience pair a merged plan asked for and where it is (submitted,
succeeded, failed, …), so that a pair is never activated twice across workflow runs.

Each \`<org>/<sandbox>/<step-key>/\` directory holds \`state.json\` (the lock), \`commits.json\`
(which plans hold each commit's pairs) and the pairs in CSV files \`pairs-<i>-of-<n>.csv\`: each
plan's rows are in one of them, chosen by a hash of the plan's path, and their number grows with
the state so that each stays small enough for GitHub to show as a table. Filter a table by its
\`plan\` column to see one plan's pairs.

**Do not edit it by hand, merge it or delete it**: the Action compares commits to detect concurrent
runs, and a lost record can make it submit a pair again.
`;

/** A key's files at one commit: name → blob SHA, or undefined when the key has no directory there. */
export interface Listing {
  commit: string;
  tree: string;
  files: Map<string, string> | undefined;
  /** Blob sizes in bytes by name, as GitHub lists them (absent where it did not say). */
  sizes?: Map<string, number>;
}

export type Entry =
  | { path: string; mode: "100644"; type: "blob"; content: string }
  | {
      path: string;
      mode: "100644";
      type: "blob";
      sha: null;
    };

export const same = (a: Map<string, string> | undefined, b: Map<string, string> | undefined) =>
  a === undefined || b === undefined
    ? a === b
    : a.size === b.size && [...a].every(([name, sha]) => b.get(name) === sha);

/**
 * A key's files (name → blob SHA) from tree entries listed with full paths from `path`'s parent
 * (path "" when listing the key's own directory), or undefined when the key has no directory.
 */
export function keyFiles<T = string>(
  entries: { path: string; type: string; sha: string; size?: number | undefined }[],
  path: string,
  value: (e: { sha: string; size?: number | undefined }) => T = (e) => e.sha as T,
): Map<string, T> | undefined {
  const prefix = path === "" ? "" : `${path}/`;
  if (path !== "" && !entries.some((e) => e.path === path && e.type === "tree")) return undefined;
  return new Map(
    entries
      .filter(
        (e) => e.type === "blob" && e.path.startsWith(prefix) && !e.path.slice(prefix.length).includes("/"),
      )
      .map((e) => [e.path.slice(prefix.length), value(e)]),
  );
}

const SHARD = /^pairs-(\d+)-of-(\d+)(?:~\d+)?\.csv$/;

/**
 * The shards that hold `plans` among a key's files (those of their buckets, every part), when the
 * key is laid out as `pairs-<b>-of-<n>` files of one N; undefined otherwise (read everything).
 */
export function scopedShards(
  files: Map<string, string>,
  plans: Iterable<string>,
): { n: number; buckets: Set<number>; names: Set<string> } | undefined {
  const shards = [...files.keys()].filter((name) => name.endsWith(".csv")).map((name) => SHARD.exec(name));
  const n = Number(shards[0]?.[2]);
  if (shards.some((m) => m === null || Number(m[2]) !== n) || !Number.isInteger(n)) return undefined;
  const buckets = new Set([...plans].map((plan) => bucketOf(plan, n)));
  const names = new Set(shards.flatMap((m) => (m !== null && buckets.has(Number(m[1])) ? [m[0]] : [])));
  return { n, buckets, names };
}

/**
 * The tree entries that turn a key's files `before` into `files`: files whose content changed (an
 * unchanged blob is not sent again) and deletions of CSV files no longer written (a bucket left empty,
 * or every old shard once their number changed). Other files people added by hand are left alone.
 */
export function changes(
  path: string,
  /** The files' text, as pieces to join. */
  files: Map<string, readonly string[]>,
  /** The files' blob SHAs (git's object IDs, from blobSha), by name. */
  shas: Map<string, string>,
  before: Map<string, string> | undefined,
): Entry[] {
  const entries: Entry[] = [];
  for (const [name, content] of files) {
    if (before?.get(name) !== shas.get(name))
      entries.push({ path: `${path}/${name}`, mode: "100644", type: "blob", content: content.join("") });
  }
  for (const name of before?.keys() ?? [])
    if (name.endsWith(".csv") && !files.has(name))
      entries.push({ path: `${path}/${name}`, mode: "100644", type: "blob", sha: null });
  return entries;
}

/**
 * Whether `parts` joined would be the text that `pieces` join into, without joining either. False as
 * well when a part straddles two pieces (rows read in pieces cut at row ends, compared with encoded
 * rows, never do): the caller then joins and hashes the text, a cost, never a wrong answer.
 */
export function joinsTo(parts: readonly string[], pieces: readonly string[]): boolean {
  let p = 0;
  let at = 0;
  // Past the pieces used up: `at` is then 0 in the next piece, or p is pieces.length.
  const next = () => {
    while (p < pieces.length && at === pieces[p]?.length) {
      p++;
      at = 0;
    }
  };
  for (const part of parts) {
    next();
    const piece = pieces[p] ?? "";
    if (at + part.length > piece.length || !piece.startsWith(part, at)) return false;
    at += part.length;
  }
  next();
  return p === pieces.length;
}
