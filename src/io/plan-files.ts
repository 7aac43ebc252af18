// Reads plan files from the working tree: paths, directories and globs relative to the repository root.
// Refuses symlinks that leave the repository and files over the size limit without reading them.
import { lstatSync, readFileSync, statSync } from "node:fs";
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { globBase, globToRegExp, hasGlobChars, PLAN_FILE } from "../plan/glob.js";
import { fileTooLarge, symlinkOutside } from "../plan/file-problems.js";
import { MAX_PLAN_BYTES, type PlanSource, type Problem } from "../plan/types.js";

export interface CollectedPlans {
  sources: PlanSource[];
  /** Problems found while reading (symlinks out of the repository, oversized files). */
  problems: Problem[];
  /** Patterns that matched no file: a usage error for the caller to report. */
  unmatched: string[];
}

const toPosix = (p: string) => p.split(path.sep).join("/");

async function walk(dir: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name === ".git" || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, out);
    else if (entry.isFile() || entry.isSymbolicLink()) out.push(full);
  }
}

/** Resolve the patterns (files, directories or globs, relative to `cwd`) and read the matching plan files. */
export async function collectPlanFiles(
  root: string,
  cwd: string,
  patterns: readonly string[],
): Promise<CollectedPlans> {
  const realRoot = await realpath(root);
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    const before = files.size;
    const absolute = path.resolve(cwd, pattern);
    if (!hasGlobChars(pattern)) {
      const info = await stat(absolute).catch(() => undefined);
      if (info?.isDirectory()) {
        const found: string[] = [];
        await walk(absolute, found);
        for (const f of found) if (PLAN_FILE.test(f)) files.add(f);
      } else if (info !== undefined || (await lstat(absolute).catch(() => undefined)) !== undefined) {
        files.add(absolute);
      }
    } else {
      const base = path.resolve(cwd, globBase(pattern));
      const matcher = globToRegExp(toPosix(path.relative(base, absolute)));
      const found: string[] = [];
      await walk(base, found);
      for (const f of found) if (matcher.test(toPosix(path.relative(base, f)))) files.add(f);
    }
    if (files.size === before) unmatched.push(pattern);
  }

  const sources: PlanSource[] = [];
  const problems: Problem[] = [];
  for (const absolute of [...files].sort()) {
    const file = toPosix(path.relative(root, absolute));
    const link = lstatSync(absolute);
    if (link.isSymbolicLink()) {
      const target = await realpath(absolute).catch(() => undefined);
      const inside = target !== undefined && (target + path.sep).startsWith(realRoot + path.sep);
      if (!inside) {
        problems.push(symlinkOutside(file));
        continue;
      }
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
