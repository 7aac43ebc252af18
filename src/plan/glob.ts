// Glob patterns for selecting plan files: `**`, `*`, `?` and `{a,b}`, matched against '/'-separated paths.

function escape(ch: string): string {
  return /[.+^$()|[\]\\]/.test(ch) ? `\\${ch}` : ch;
}

export function globToRegExp(pattern: string): RegExp {
  let out = "";
  let inBraces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "*") {
      if (pattern[i + 1] === "*") {
        // `**/` matches zero or more directories; a trailing `**` matches everything below.
        if (pattern[i + 2] === "/") {
          out += "(?:[^/]+/)*";
          i += 2;
        } else {
          out += ".*";
          i += 1;
        }
      } else {
        out += "[^/]*";
      }
    } else if (ch === "?") {
      out += "[^/]";
    } else if (ch === "{") {
      inBraces++;
      out += "(?:";
    } else if (ch === "}" && inBraces > 0) {
      inBraces--;
      out += ")";
    } else if (ch === "," && inBraces > 0) {
      out += "|";
    } else {
      out += escape(ch);
    }
  }
  return new RegExp(`^${out}$`);
}

export function hasGlobChars(pattern: string): boolean {
  return /[*?{]/.test(pattern);
}

/** The part of a pattern before its first glob character, as a directory to start walking from. */
export function globBase(pattern: string): string {
  const parts = pattern.split("/");
  const base: string[] = [];
  for (const part of parts) {
    if (hasGlobChars(part)) break;
    base.push(part);
  }
  if (base.length === parts.length) base.pop();
  return base.join("/");
}

export const PLAN_FILE = /\.ya?ml$/i;
export const DEFAULT_PLAN_GLOB = "activation-plans/**/*.{yml,yaml}";
