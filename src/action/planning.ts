// Planning and running the engine for the Action: plans at two revisions → jobs, outputs and
// annotations; and one run of the applier (pre-flight only, or a full apply) against Platform.
import type { ApplyReport, PairResult } from "../activation/types.js";
import { attentionRows, trafficLine, type AttentionRow } from "../render/results-text.js";
import { activate, type StateUse } from "../app/activate.js";
import { planChanges, type PlanRequest } from "../app/plan-change.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import type { PlannedPair } from "../jobs/planner.js";
import { annotateProblems } from "./annotations.js";
import { renderProblems } from "../render/problems.js";
import { noMatchMessage, parseSelection, selectionMatcher, submoduleMessage } from "../plan/select.js";
import { jobsForOutput } from "../render/plan-json.js";
import { exportsOf, namesOf } from "../render/names.js";
import { ActionFailure, type ActionContext } from "./context.js";
import type { Settings } from "./settings.js";
import type { AepCredentials } from "../aep/auth.js";
import type { PlatformSettings } from "../aep/connect.js";

/** What the settings plan: the selected plans, the planner's settings, the allowed sandboxes. */
export function planRequest(
  ctx: ActionContext,
  base: string | undefined,
  head: string,
  all: boolean,
): PlanRequest {
  const { settings } = ctx;
  return {
    ...(base === undefined ? {} : { base }),
    head,
    all,
    select: selectionMatcher(parseSelection(settings.plans)),
    now: new Date(ctx.clock.now()),
    planner: { maxPerJob: settings.maxPerJob, countBy: settings.countBy, apiVersion: settings.apiVersion },
    allowedSandboxes: settings.allowedSandboxes,
    sandboxes: settings.sandboxes,
  };
}

export async function computeOutcome(
  ctx: ActionContext,
  base: string | undefined,
  head: string,
  all: boolean,
  options: { preview?: boolean; onInvalid?: (markdown: string) => Promise<void> } = {},
): Promise<PlanOutcome> {
  const { port } = ctx;
  const outcome = await planChanges(ctx.git, planRequest(ctx, base, head, all), (m) => port.info(m));
  for (const path of outcome.submodules) port.warning(submoduleMessage(path));
  if (outcome.unmatched.length > 0) {
    throw new ActionFailure("configuration", `Input 'plans': ${noMatchMessage(outcome.unmatched)}`);
  }
  const absent = outcome.limit?.sandboxes.filter((s) => !outcome.limit?.atHead.includes(s)) ?? [];
  if (absent.length > 0)
    port.warning(
      `Input 'sandboxes': no plan targets ${absent.join(", ")} (the plans target ${outcome.limit?.atHead.join(", ") || "no sandbox"}): a typo leaves pairs to no job.`,
    );
  port.setOutput("plan-hash", outcome.execution.planHash);
  port.setOutput("jobs", JSON.stringify(jobsForOutput(outcome.execution)));
  port.setOutput("problems", JSON.stringify(outcome.problems));
  if (outcome.problems.length > 0) {
    annotateProblems(port, outcome.problems);
    // The summary (and, on a PR, its comment) says so: no run leaves it empty, no stale preview stands.
    const markdown = renderProblems(outcome.problems, {
      head,
      mode: options.preview === true ? "preview" : "apply",
    });
    await port.appendSummary(markdown);
    await options.onInvalid?.(markdown);
    throw new ActionFailure(
      "invalid-plan",
      `${outcome.problems.length} problem(s) in the activation plans; see the annotations. Nothing was activated.`,
    );
  }
  return outcome;
}

/** Where and as whom the Action reaches Platform. */
export const platformOf = (settings: Settings, credentials: AepCredentials): PlatformSettings => ({
  platformUrl: settings.platformUrl,
  imsUrl: settings.imsUrl,
  credentials,
  ...(settings.proxy === undefined ? {} : { proxy: settings.proxy }),
  maxConcurrent: settings.maxConcurrent,
});

export async function runApplier(
  ctx: ActionContext,
  outcome: PlanOutcome,
  dryRun: boolean,
  state?: StateUse,
): Promise<ApplyReport> {
  const { settings, port } = ctx;
  if (settings.credentials === undefined) throw new Error("runApplier needs credentials");
  port.startGroup(dryRun ? "Pre-flight (read-only)" : "Activation");
  try {
    const report = await activate(
      outcome.execution,
      {
        platform: platformOf(settings, settings.credentials),
        apiVersion: settings.apiVersion,
        dryRun,
        ...(settings.freeze ? { frozen: true } : {}),
        timeoutMinutes: settings.timeoutMinutes,
        maxEvaluationAgeMs: settings.maxEvaluationAgeMs,
        stop: ctx.stop,
        ...(state === undefined ? {} : { state }),
      },
      { clock: ctx.clock, log: (m) => port.info(m), registerSecret: (s) => port.setSecret(s) },
    );
    const traffic = trafficLine(report.traffic);
    if (traffic !== undefined) port.info(traffic);
    return report;
  } finally {
    port.endGroup();
  }
}

/** The output `profile-exports`: the known sizes of the pairs this run sent (a dry run: would send). */
export function profileExportsOutput(ctx: ActionContext, report: ApplyReport): void {
  const sent = report.results.filter((r) => r.code === "dry-run" || r.sent === true);
  const exports = exportsOf(sent, namesOf(report));
  if (exports !== undefined) ctx.port.setOutput("profile-exports", String(exports.known));
}

/** The outputs `needs-attention` (a count, for an `if:`) and `needs-attention-json` (the list). */
export function attention(
  ctx: ActionContext,
  pairs: readonly PairResult[],
  merges: readonly { head: string; pr: number | undefined; reason: string; pairs?: number }[],
  unasked: readonly PlannedPair[] = [],
  missed: readonly PlannedPair[] = [],
  /** Pending pairs that expired or need a person's yes (a scheduled run's). */
  pending: readonly AttentionRow[] = [],
): void {
  const rows = [...attentionRows(pairs, merges, unasked, missed), ...pending];
  ctx.port.setOutput("needs-attention", String(rows.length));
  ctx.port.setOutput("needs-attention-json", JSON.stringify(rows));
}
