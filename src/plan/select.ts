// Which repository paths a selection of plan files picks: one rule for the working tree and for git
// revisions. Globs are Node's own (`path.matchesGlob`): `*`, `**`, `?`, `[…]`, `{a,b}`; a wildcard does
// not match a name that starts with `.` unless the pattern's segment does. A pattern that starts with
// `!` excludes. Pure.
import path from "node:path/posix";

export const PLAN_FILE = /\.ya?ml$/i;
export const DEFAULT_PLAN_GLOB = "activation-plans/**/*.{yml,yaml}";

export function hasGlobChars(pattern: string): boolean {
  return /[*?[{]/.test(pattern);
}

/** A selection, as written by a person, split into what it picks and what it leaves out. */
export interface Selection {
  /** Patterns that pick files: repository-relative globs, files or directories. */
  include: string[];
  /** Patterns (without their `!`) that leave files out of what `include` picked. */
  exclude: string[];
}

/** One pattern per item; `!pattern` excludes. With only exclusions, the default glob is what they trim. */
export function parseSelection(patterns: readonly string[]): Selection {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const raw of patterns) {
    if (raw.startsWith("!")) exclude.push(normalise(raw.slice(1)));
    else include.push(normalise(raw));
  }
  return { include: include.length > 0 ? include : [DEFAULT_PLAN_GLOB], exclude };
}

function normalise(pattern: string): string {
  const p = pattern
    .trim()
    .replace(/^(\.\/)+/, "")
    .replace(/\/+$/, "");
  return p === "" ? "." : p;
}

type Test = (repoPath: string) => boolean;

// A glob picks the plan files it matches; a directory, the plan files below it; a file, itself.
export function patternTest(pattern: string): Test {
  const glob = hasGlobChars(pattern) ? pattern : pattern === "." ? "**/*" : `${pattern}/**/*`;
  return (p) => p === pattern || (PLAN_FILE.test(p) && path.matchesGlob(p, glob));
}

/** An include pattern that selects nothing: it matches no path, or every path it matches is excluded. */
export interface Unmatched {
  pattern: string;
  /** The exclusions (without `!`) that left it with nothing; empty when it matched nothing at all. */
  excludedBy: string[];
}

export interface SelectionMatcher {
  /** True when the repository-relative, '/'-separated path is selected. */
  matches(repoPath: string): boolean;
  /** The include patterns that select none of these candidate paths (all paths, before exclusions). */
  unmatched(repoPaths: Iterable<string>): Unmatched[];
}

export function selectionMatcher(selection: Selection): SelectionMatcher {
  const includes = selection.include.map((pattern) => ({ pattern, test: patternTest(pattern) }));
  const excludes = selection.exclude.map((pattern) => ({ pattern, test: patternTest(pattern) }));
  const excluded = (p: string) => excludes.some((e) => e.test(p));
  return {
    matches: (p) => includes.some((i) => i.test(p)) && !excluded(p),
    unmatched(repoPaths) {
      const open = new Map(includes.map((i) => [i, new Set<string>()]));
      for (const p of repoPaths) {
        if (open.size === 0) break;
        for (const [i, by] of open) {
          if (!i.test(p)) continue;
          const hits = excludes.filter((e) => e.test(p));
          if (hits.length === 0) open.delete(i);
          else for (const e of hits) by.add(e.pattern);
        }
      }
      return [...open].map(([i, by]) => ({ pattern: i.pattern, excludedBy: [...by] }));
    },
  };
}

/** The sentence for a selection that picks nothing, naming the patterns (and what excluded their files). */
export function noMatchMessage(unmatched: readonly Unmatched[]): string {
  const quote = (ps: readonly string[]) => ps.map((p) => `'${p}'`).join(", ");
  const none = unmatched.filter((u) => u.excludedBy.length === 0).map((u) => u.pattern);
  const parts = [
    ...(none.length === 0 ? [] : [`no plan files match ${quote(none)}`]),
    ...unmatched
      .filter((u) => u.excludedBy.length > 0)
      .map(
        (u) =>
          `every plan file '${u.pattern}' matches is excluded by ${quote(u.excludedBy.map((e) => `!${e}`))}`,
      ),
  ];
  return `${parts.join("; ")}. Check the path or glob (one per line; a glob picks only .yml/.yaml files, and a wildcard does not match names starting with '.').`;
}

/** A submodule where plans would be selected: its files belong to another repository and are not read. */
export function submoduleMessage(path: string): string {
  return `${path} is a git submodule: plan files inside it are not read (plans are read from this repository's commits). Move them into this repository to activate them.`;
}
