// What every Action mode shares: the settings, the runner port, the GitHub client, the clock, and the
// typed failure that ends a run with a `failure-reason`.
import type { Clock, Stop } from "../clock.js";
import type { ActionsPort } from "./actions-port.js";
import type { GitHubClient } from "../github/client.js";
import type { GitRepo } from "../sources/git.js";
import type { Settings } from "./settings.js";

export type FailureReason =
  | "invalid-plan"
  | "preflight-failed"
  | "activation-failed"
  | "plan-changed"
  | "not-reviewed"
  | "too-late"
  | "github-unavailable"
  | "state-unavailable"
  | "frozen"
  | "cancelled"
  | "budget-ended"
  | "configuration"
  | "policy";

export class ActionFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
  }
}

export interface ActionContext {
  settings: Settings;
  port: ActionsPort;
  /** Undefined without a token or a repository. */
  gh: GitHubClient | undefined;
  /** Removes registered secrets and credential shapes from text bound for GitHub (comments). */
  redact: (text: string) => string;
  /** The login this token's comments carry (asked once); undefined when GitHub will not say. */
  githubIdentity: () => Promise<string | undefined>;
  clock: Clock;
  /** When the run stops starting work and waiting: its time budget's end, or the runner's cancellation. */
  stop: Stop;
  /** The checkout (GITHUB_WORKSPACE): one cat-file process for the whole run. */
  git: GitRepo;
}
