// Action inputs → one typed, validated Settings object. Nothing else reads inputs or the environment.
import { DEFAULT_PLAN_GLOB } from "./plan/glob.js";

export interface Settings {
  /** Globs (relative to the workspace) selecting plan files. */
  plans: string[];
  workspace: string;
}

export class SettingsError extends Error {}

export function readSettings(
  getInput: (name: string) => string,
  env: Record<string, string | undefined>,
): Settings {
  const plans = getInput("plans")
    .split(/\r?\n|,/)
    .map((s) => s.trim())
    .filter((s) => s !== "" && !s.startsWith("#"));
  return {
    plans: plans.length > 0 ? plans : [DEFAULT_PLAN_GLOB],
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
  };
}
