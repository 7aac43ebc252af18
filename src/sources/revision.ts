// Reads the selected plan files at one commit through git (not the working tree).
import path from "node:path/posix";
import { SUBMODULE_MODE, type GitRepo, type TreeEntry } from "./git.js";
import type { SelectionMatcher, Unmatched } from "../plan/select.js";
import { fileTooLarge, symlinkOutside } from "../plan/file-problems.js";
import { MAX_PLAN_BYTES, type PlanSource, type Problem } from "../plan/types.js";

export interface RevisionFiles {
  sources: PlanSource[];
  /** Blob ID of each selected path, to recognise files that did not change between revisions. */
  oids: Map<string, string>;
  problems: Problem[];
  /** Include patterns that select no file at this commit. */
  unmatched: Unmatched[];
  /** Submodules where the selection would find plans: their files are another repository's, never read. */
  submodules: string[];
}

const SYMLINK_MODE = "120000";
/** A symbolic link's target is a path: longer than PATH_MAX is no path here. */
const LINK_BYTES = 4096;

export async function readPlansAtRevision(
  git: GitRepo,
  sha: string,
  select: SelectionMatcher,
): Promise<RevisionFiles> {
  const listed = await git.listTree(sha);
  const tree = listed.filter((e) => e.mode !== SUBMODULE_MODE);
  // A plan file anywhere below the submodule would be selected: say that none of it is read.
  const submodules = listed
    .filter((e) => e.mode === SUBMODULE_MODE)
    .map((e) => e.path)
    .filter((p) => select.matches(`${p}/plan.yaml`) || select.matches(`${p}/plans/plan.yaml`));
  const byPath = new Map(tree.map((e) => [e.path, e]));
  const selected = tree.filter((e) => select.matches(e.path));
  const problems: Problem[] = [];
  const chosen: { path: string; entry: TreeEntry }[] = [];
  const linkBlobs = await git.readBlobs(
    selected.filter((e) => e.mode === SYMLINK_MODE).map((e) => e.oid),
    LINK_BYTES,
  );
  for (const entry of selected) {
    let target = entry;
    if (entry.mode === SYMLINK_MODE) {
      const link = Buffer.from(linkBlobs.get(entry.oid)?.bytes ?? new Uint8Array()).toString("utf8");
      const resolved = path.normalize(path.join(path.dirname(entry.path), link));
      const inside = !path.isAbsolute(link) && !resolved.startsWith("../") && resolved !== "..";
      const found = inside ? byPath.get(resolved) : undefined;
      if (found === undefined || found.mode === SYMLINK_MODE) {
        problems.push(symlinkOutside(entry.path));
        continue;
      }
      target = found;
    }
    chosen.push({ path: entry.path, entry: target });
  }
  const blobs = await git.readBlobs(
    chosen.map((c) => c.entry.oid),
    MAX_PLAN_BYTES,
  );
  const sources: PlanSource[] = [];
  for (const c of chosen) {
    const blob = blobs.get(c.entry.oid);
    if (blob !== undefined && blob.bytes === undefined) problems.push(fileTooLarge(c.path, blob.size));
    else sources.push({ file: c.path, bytes: blob?.bytes ?? new Uint8Array() });
  }
  const read = new Set(sources.map((s) => s.file));
  return {
    sources,
    oids: new Map(chosen.filter((c) => read.has(c.path)).map((c) => [c.path, c.entry.oid])),
    problems,
    unmatched: select.unmatched(tree.map((e) => e.path)),
    submodules,
  };
}
