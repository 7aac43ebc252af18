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
function patternTest(pattern: string): Test {
  const glob = hasGlobChars(pattern) ? pattern : pattern === "." ? "**/*" : `${pattern}/**/*`;
  return (p) => p === pattern || (PLAN_FILE.test(p) && path.matchesGlob(p, glob));
}

export interface SelectionMatcher {
  /** True when the repository-relative, '/'-separated path is selected. */
  matches(repoPath: string): boolean;
  /** The include patterns, as written, that select none of these paths. */
  unmatched(repoPaths: Iterable<string>): string[];
}

export function selectionMatcher(selection: Selection): SelectionMatcher {
  const includes = selection.include.map((pattern) => ({ pattern, test: patternTest(pattern) }));
  const excludes = selection.exclude.map((pattern) => ({ pattern, test: patternTest(pattern) }));
  const excluded = (p: string) => excludes.some((e) => e.test(p));
  return {
    matches: (p) => includes.some((i) => i.test(p)) && !excluded(p),
    unmatched(repoPaths) {
      const open = new Set(includes);
      for (const p of repoPaths) {
        if (open.size === 0) break;
        for (const i of open) if (i.test(p) && !excluded(p)) open.delete(i);
      }
      return [...open].map((i) => i.pattern);
    },
  };
}

/** The sentence for a selection that picks nothing, naming the patterns. */
export function noMatchMessage(patterns: readonly string[]): string {
  const named = patterns.map((p) => `'${p}'`).join(", ");
  return `no plan files match ${named}. Check the path or glob (one per line; a glob picks only .yml/.yaml files, and a wildcard does not match names starting with '.').`;
}
