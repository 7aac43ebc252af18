// Which repository paths a selection (files, directories or globs) picks. Pure.
import { globToRegExp, hasGlobChars, PLAN_FILE } from "./glob.js";

export type PathMatcher = (repoPath: string) => boolean;

/** Patterns are repository-relative, '/'-separated. A directory selects the plan files below it. */
export function planPathMatcher(patterns: readonly string[]): PathMatcher {
  const tests = patterns.map((raw): PathMatcher => {
    const pattern = raw.replace(/^\.\//, "").replace(/\/+$/, "");
    if (hasGlobChars(pattern)) {
      const re = globToRegExp(pattern);
      return (p) => re.test(p);
    }
    if (pattern === "" || pattern === ".") return (p) => PLAN_FILE.test(p);
    if (PLAN_FILE.test(pattern)) return (p) => p === pattern;
    return (p) => p.startsWith(`${pattern}/`) && PLAN_FILE.test(p);
  });
  return (p) => tests.some((t) => t(p));
}
