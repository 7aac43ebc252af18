// Reading one Action input: durations, booleans, lists, sandbox limits, endpoints, confirm lines.
// Each refuses what it cannot read with a sentence naming the input (SettingsError).
import { endpointProblem } from "../aep/endpoints.js";
import { SANDBOX_NAME } from "../plan/types.js";

export class SettingsError extends Error {}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration input: a positive number of minutes, hours or days (`90m`, `24h`, `2d`). */
export function duration(name: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([mhd])$/.exec(value);
  const ms = m === null ? NaN : Number(m[1]) * (UNIT_MS[m[2] ?? ""] ?? NaN);
  if (!(ms > 0))
    throw new SettingsError(`input '${name}' must be a duration such as 90m, 24h or 2d (got '${value}')`);
  return ms;
}

/** One item per line (a comma may be part of a glob's `{a,b}`); blank lines and `#` comments skipped. */
export const lines = (v: string) =>
  v
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== "" && !s.startsWith("#"));
/** Sandbox names never hold commas: one per line or comma-separated. */
export const names = (v: string) =>
  lines(v).flatMap((l) =>
    l
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== ""),
  );

/** Sandbox names an input lists: each must be one (`Prod` or `prod dev` is a typo, not a name). */
export function sandboxNames(input: string, sandboxes: string[]): string[] {
  const bad = sandboxes.find((s) => !SANDBOX_NAME.test(s));
  if (bad !== undefined)
    throw new SettingsError(
      `input '${input}': '${bad}' is not a sandbox name (lowercase letters, digits and '-'; several: one per line or comma-separated)`,
    );
  return sandboxes;
}

/** The `sandboxes` limit: sandbox names, and only allowed ones (a limit outside the allowlist is a typo). */
export function limitTo(sandboxes: string[], allowed: readonly string[]): string[] {
  sandboxNames("sandboxes", sandboxes);
  const refused = sandboxes.filter((s) => allowed.length > 0 && !allowed.includes(s));
  if (refused.length > 0)
    throw new SettingsError(
      `input 'sandboxes': ${refused.join(", ")} not in allowed-sandboxes (${allowed.join(", ")}); a run may only be limited to allowed sandboxes`,
    );
  return [...new Set(sandboxes)].sort();
}

export function endpoint(name: string, url: string): string {
  const problem = endpointProblem(`input '${name}'`, url);
  if (problem !== undefined) throw new SettingsError(problem);
  return url;
}

export function bool(name: string, v: string, fallback: boolean): boolean {
  if (v.trim() === "") return fallback;
  if (/^(true|yes|1)$/i.test(v.trim())) return true;
  if (/^(false|no|0)$/i.test(v.trim())) return false;
  throw new SettingsError(`input '${name}' must be true or false, not '${v}'`);
}

/** `confirm` lines as given (a leading `#` is the PR's, not a comment here): `91 sha256:…` or `#91 sha256:…`. */
export const confirmLines = (v: string) =>
  v
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .map((line) => {
      const m = /^(?:pr\s*)?#?(\d+)\s+(sha256:[0-9a-f]{64})$/i.exec(line);
      if (m === null)
        throw new SettingsError(
          `input 'confirm': cannot read '${line}'; expected 'PR sha256:HASH' (e.g. 91 sha256:…), the PR and the plan hash its run's summary shows`,
        );
      return { pr: Number(m[1]), hash: (m[2] ?? "").toLowerCase() };
    });
