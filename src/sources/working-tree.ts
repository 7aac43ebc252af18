// Reads plan files from the working tree: paths, directories and globs relative to the repository root.
// Refuses symlinks that leave the repository and files over the size limit without reading them.
import { lstatSync, readFileSync, statSync } from "node:fs";
import { glob, lstat, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { fileTooLarge, symlinkOutside } from "../plan/file-problems.js";
import { hasGlobChars, parseSelection, selectionMatcher, type Unmatched } from "../plan/select.js";
import { MAX_PLAN_BYTES, type PlanSource, type Problem } from "../plan/types.js";

export interface CollectedPlans {
  sources: PlanSource[];
  /** Problems found while reading (symlinks out of the repository, oversized files). */
  problems: Problem[];
  /** Patterns that matched no file, as written: a usage error for the caller to report. */
  unmatched: Unmatched[];
}

const toPosix = (p: string) => p.split(path.sep).join("/");
const SKIP = (entry: string | { name: string }) => {
  const name = typeof entry === "string" ? path.basename(entry) : entry.name;
  return name === "node_modules" || name === ".git";
};

/** A pattern written relative to `cwd`, as the repository-relative one the selection rule reads (`!` kept). */
export function repoPattern(root: string, cwd: string, pattern: string): string {
  const negated = pattern.startsWith("!");
  const rel = toPosix(path.relative(root, path.resolve(cwd, negated ? pattern.slice(1) : pattern))) || ".";
  return negated ? `!${rel}` : rel;
}

/** Every file a pattern could select, as repository-relative paths (the selection rule then decides). */
async function candidates(root: string, pattern: string, out: Set<string>): Promise<void> {
  const add = (absolute: string) => out.add(toPosix(path.relative(root, absolute)));
  if (hasGlobChars(pattern)) {
    for await (const f of glob(pattern, { cwd: root, exclude: SKIP })) add(path.resolve(root, f));
    return;
  }
  const absolute = path.resolve(root, pattern);
  const info = await stat(absolute).catch(() => undefined);
  if (info?.isDirectory()) {
    for await (const f of glob("**/*", { cwd: absolute, exclude: SKIP })) add(path.resolve(absolute, f));
  } else if (info !== undefined || (await lstat(absolute).catch(() => undefined)) !== undefined) {
    add(absolute);
  }
}

/** Resolve the patterns (files, directories or globs relative to `cwd`; `!` excludes) and read the plan files. */
export async function collectPlanFiles(
  root: string,
  cwd: string,
  patterns: readonly string[],
): Promise<CollectedPlans> {
  const realRoot = await realpath(root);
  const relocated = patterns.map((p) => repoPattern(root, cwd, p));
  const selection = parseSelection(relocated);
  const found = new Set<string>();
  for (const pattern of selection.include) await candidates(root, pattern, found);
  const matcher = selectionMatcher(selection);
  const files = [...found].filter((f) => matcher.matches(f)).sort();
  const written = (p: string) => patterns[relocated.indexOf(p)] ?? p;
  const unmatched = matcher.unmatched(found).map((u) => ({
    pattern: written(u.pattern),
    excludedBy: u.excludedBy.map((e) => written(`!${e}`).slice(1)),
  }));

  const sources: PlanSource[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const absolute = path.resolve(root, file);
    // Through a symbolic link, or a directory that is one: the real file must be inside the repository.
    const target = await realpath(absolute).catch(() => undefined);
    const inside = target !== undefined && (target + path.sep).startsWith(realRoot + path.sep);
    if (!inside && (lstatSync(absolute).isSymbolicLink() || target !== absolute)) {
      problems.push(symlinkOutside(file));
      continue;
    }
    const info = statSync(absolute);
    if (!info.isFile()) continue;
    if (info.size > MAX_PLAN_BYTES) {
      problems.push(fileTooLarge(file, info.size));
      continue;
    }
    sources.push({ file, bytes: readFileSync(absolute) }); // small files: sync reads beat 5,000 awaits
  }
  return { sources, problems, unmatched };
}

/** The repository root: the nearest ancestor of `cwd` holding `.git`, or `cwd` itself. */
export async function findRepositoryRoot(cwd: string): Promise<string> {
  let dir = path.resolve(cwd);
  for (;;) {
    if (await lstat(path.join(dir, ".git")).catch(() => undefined)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}
