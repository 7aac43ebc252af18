// Action inputs and the runner's environment → one typed, validated Settings object.
// Nothing else in the Action reads inputs or process.env.
import { concurrencyOf, DEFAULT_MAX_CONCURRENT } from "../aep/traffic.js";
import { readFile } from "node:fs/promises";
import { EventError } from "./event.js";
import {
  bool,
  confirmLines,
  duration,
  endpoint,
  limitTo,
  lines,
  names,
  sandboxNames,
  SettingsError,
} from "./inputs.js";
import type { AepCredentials } from "../aep/auth.js";
import { DEFAULT_IMS_URL, DEFAULT_PLATFORM_URL, proxyFromEnv } from "../aep/endpoints.js";
import type { HttpSettings } from "../aep/http.js";
import { DEFAULT_PLAN_GLOB } from "../plan/select.js";
import { DEFAULT_POLICY_FILE } from "../policy/types.js";
import type { PolicySetting } from "../app/policy.js";
import { resolvePlannerChoice } from "../jobs/limits.js";
import type { CountBy } from "../jobs/planner.js";

export type Mode = "auto" | "validate" | "plan" | "apply";

export interface Settings {
  plans: string[];
  /** `plans` left at its default: a manual run then reconciles like a scheduled run. */
  plansByDefault: boolean;
  mode: Mode;
  githubToken: string;
  credentials?: AepCredentials;
  platformUrl: string;
  imsUrl: string;
  allowedSandboxes: string[];
  /** Limit the run to these sandboxes (empty: all); each checks its own reviewed hash. */
  sandboxes: string[];
  apiVersion: 1 | 2;
  maxPerJob: number;
  countBy: CountBy;
  preflight: boolean;
  /** A PR's check fails on a pre-flight finding a merge would hit (input `fail-on-preflight`). */
  failOnPreflight: boolean;
  dryRun: boolean;
  /** The freeze: nothing new is submitted (input `freeze`). */
  freeze: boolean;
  force: boolean;
  requireReviewedPlan: boolean;
  timeoutMinutes: number;
  /** The whole run's time budget, in minutes (input `run-budget-minutes`). */
  runBudgetMinutes: number;
  /** A catch-up sends no merge older than this (ms) without a person's yes (input `max-lateness`). */
  maxLatenessMs: number;
  /** An audience evaluated longer ago than this (ms) is not sent (input `max-evaluation-age`). */
  maxEvaluationAgeMs: number;
  /** Tries of a pair with a retryable failure, scheduled retries included (input `max-attempts`). */
  maxAttempts: number;
  /** Platform requests in flight at once, at most (input `max-concurrent-requests`). */
  maxConcurrent: number;
  stepKey: string;
  init: boolean;
  /** Decisions about unknown pairs (manual runs), one per line. */
  resolve: string[];
  /** People's yes for merges a run did not send (manual runs): PR and the plan hash shown. */
  confirm: { pr: number; hash: string }[];
  stateBranch: string;
  /** The activation policy file (input `policy`); `explicit` when not left at its default. */
  policy: PolicySetting;
  /** Who started this run (a re-run's actor on a re-run): a manual run's approver under the policy. */
  triggeringActor?: string;
  /** This workflow run and attempt (the lock holder; a later attempt may take over an earlier one's lock). */
  runId?: string;
  runAttempt: number;
  proxy: HttpSettings["proxy"];
  workspace: string;
  eventName: string;
  eventPath?: string;
  repository?: { owner: string; repo: string };
  sha?: string;
  apiUrl: string;
  runUrl?: string;
}

export { SettingsError };

/** The policy file, repository-relative; left at the default, a missing file means no policy. */
function policyInput(value: string): PolicySetting {
  const file = value.trim().replace(/^(\.\/)+/, "") || DEFAULT_POLICY_FILE;
  if (file.startsWith("/") || file.split("/").includes(".."))
    throw new SettingsError(`input 'policy' must be a path inside the repository, not '${value.trim()}'`);
  return { file, explicit: file !== DEFAULT_POLICY_FILE };
}

export function readSettings(
  getInput: (name: string) => string,
  env: Record<string, string | undefined>,
): Settings {
  const mode = (getInput("mode").trim() || "auto") as Mode;
  if (!["auto", "validate", "plan", "apply"].includes(mode)) {
    throw new SettingsError(`input 'mode' must be auto, validate, plan or apply, not '${mode}'`);
  }
  const choice = resolvePlannerChoice(
    {
      apiVersion: getInput("api-version"),
      maxPerJob: getInput("max-audiences-per-job"),
      countBy: getInput("count-by"),
    },
    {
      apiVersion: "input 'api-version'",
      maxPerJob: "input 'max-audiences-per-job'",
      countBy: "input 'count-by'",
    },
  );
  if ("error" in choice) throw new SettingsError(choice.error);
  const { apiVersion, maxPerJob, countBy } = choice;
  const timeoutMinutes = Number(getInput("timeout-minutes").trim() || "60");
  if (!(timeoutMinutes > 0)) throw new SettingsError("input 'timeout-minutes' must be a positive number");
  const runBudgetMinutes = Number(getInput("run-budget-minutes").trim() || "350");
  if (!(runBudgetMinutes > 0))
    throw new SettingsError(
      "input 'run-budget-minutes' must be a positive number of minutes, below the job's timeout-minutes",
    );
  const maxLatenessMs = duration("max-lateness", getInput("max-lateness").trim() || "24h");
  const maxEvaluationAgeMs = duration("max-evaluation-age", getInput("max-evaluation-age").trim() || "26h");
  const maxAttempts = Number(getInput("max-attempts").trim() || "3");
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100)
    throw new SettingsError("input 'max-attempts' must be a whole number from 1 to 100");
  const maxConcurrent = concurrencyOf(
    getInput("max-concurrent-requests").trim() || String(DEFAULT_MAX_CONCURRENT),
  );
  if (maxConcurrent === undefined)
    throw new SettingsError("input 'max-concurrent-requests' must be a whole number from 1 to 64");
  const clientId = getInput("client-id").trim();
  const orgId = getInput("org-id").trim();
  const clientSecret = getInput("client-secret").trim();
  const accessToken = getInput("access-token").trim();
  let credentials: AepCredentials | undefined;
  // No secret: a pull request from a fork (GitHub gives it none), so no pre-flight. A secret with an
  // empty client-id or org-id is a workflow to fix, not a fork: said, not passed over in silence.
  const empty = [clientId === "" ? "client-id" : "", orgId === "" ? "org-id" : ""].filter((n) => n !== "");
  if ((clientSecret !== "" || accessToken !== "") && empty.length > 0)
    throw new SettingsError(
      `input${empty.length > 1 ? "s" : ""} ${empty.map((n) => `'${n}'`).join(" and ")} ${empty.length > 1 ? "are" : "is"} empty while ${clientSecret !== "" ? "client-secret" : "access-token"} is set: set ${empty.length > 1 ? "them" : "it"} (a pull request from a fork gets no secret at all, so this is not one)`,
    );
  if (clientId !== "" && orgId !== "" && (clientSecret !== "" || accessToken !== "")) {
    credentials = {
      clientId,
      orgId,
      ...(clientSecret ? { clientSecret } : {}),
      ...(accessToken ? { accessToken } : {}),
    };
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  const server = env.GITHUB_SERVER_URL ?? "https://github.com";
  const plans = lines(getInput("plans"));
  const settings: Settings = {
    plans: plans.length > 0 ? plans : [DEFAULT_PLAN_GLOB],
    plansByDefault: plans.length === 0 || (plans.length === 1 && plans[0] === DEFAULT_PLAN_GLOB),
    mode,
    githubToken: getInput("github-token").trim(),
    platformUrl: endpoint("platform-url", getInput("platform-url").trim() || DEFAULT_PLATFORM_URL),
    imsUrl: endpoint("ims-url", getInput("ims-url").trim() || DEFAULT_IMS_URL),
    allowedSandboxes: sandboxNames("allowed-sandboxes", names(getInput("allowed-sandboxes"))),
    sandboxes: limitTo(names(getInput("sandboxes")), names(getInput("allowed-sandboxes"))),
    apiVersion,
    maxPerJob,
    countBy,
    preflight: bool("preflight", getInput("preflight"), true),
    failOnPreflight: bool("fail-on-preflight", getInput("fail-on-preflight"), true),
    dryRun: bool("dry-run", getInput("dry-run"), false),
    freeze: bool("freeze", getInput("freeze"), false),
    force: bool("force", getInput("force"), false),
    requireReviewedPlan: bool("require-reviewed-plan", getInput("require-reviewed-plan"), true),
    timeoutMinutes,
    runBudgetMinutes,
    maxLatenessMs,
    maxEvaluationAgeMs,
    maxAttempts,
    maxConcurrent,
    stepKey: getInput("step-key").trim(),
    init: bool("init", getInput("init"), false),
    resolve: lines(getInput("resolve")),
    confirm: confirmLines(getInput("confirm")),
    stateBranch: getInput("state-branch").trim() || "aep-activation-state",
    policy: policyInput(getInput("policy")),
    runAttempt: Number(env.GITHUB_RUN_ATTEMPT ?? "1") || 1,
    proxy: proxyFromEnv(env),
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    eventName: env.GITHUB_EVENT_NAME ?? "",
    apiUrl: env.GITHUB_API_URL ?? "https://api.github.com",
  };
  if (credentials !== undefined) settings.credentials = credentials;
  if (env.GITHUB_EVENT_PATH) settings.eventPath = env.GITHUB_EVENT_PATH;
  if (owner && repo) settings.repository = { owner, repo };
  if (env.GITHUB_SHA) settings.sha = env.GITHUB_SHA;
  const actor = env.GITHUB_TRIGGERING_ACTOR || env.GITHUB_ACTOR;
  if (actor) settings.triggeringActor = actor;
  if (env.GITHUB_RUN_ID) settings.runId = env.GITHUB_RUN_ID;
  if (owner && repo && env.GITHUB_RUN_ID)
    settings.runUrl = `${server}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}`;
  return settings;
}

/** The runner's event payload (GITHUB_EVENT_PATH), read once; unreadable or not JSON is a configuration error. */
export async function readEventFile(settings: Settings): Promise<unknown> {
  if (settings.eventPath === undefined) return {};
  const text = await readFile(settings.eventPath, "utf8").catch(() => {
    throw new EventError(`the event file ${settings.eventPath} cannot be read`);
  });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new EventError(`the event file ${settings.eventPath} is not valid JSON`);
  }
}
