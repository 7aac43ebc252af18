// The Action: settings → mode (from the event) → plan → preview or apply → write-back (summary,
// sticky PR comment, annotations, outputs). The shell around the pure core.
import { readFile } from "node:fs/promises";
import {
  Applier,
  needsAttention,
  resultKey,
  standardApplyOptions,
  type ApplyOptions,
  type ApplyReport,
  type PairResult,
} from "./aep/apply.js";
import { systemClock, type Clock } from "./aep/clock.js";
import { connectPlatform } from "./aep/connect.js";
import { planChanges, type PlanOutcome } from "./flow/plan-changes.js";
import { GitError, GitRepo } from "./git/git.js";
import { realActionsPort, type ActionsPort } from "./github/actions-port.js";
import { annotateProblems } from "./github/annotations.js";
import { createGitHubClient, type GitHubClient } from "./github/client.js";
import { LedgerStore } from "./github/ledger-store.js";
import {
  findSticky,
  MARKERS_LENGTH,
  pullRequestForCommit,
  reviewedHash,
  upsertSticky,
  withMarkers,
} from "./github/comment.js";
import { collectPlanFiles } from "./io/plan-files.js";
import { ledgerFromResults } from "./ledger/ledger.js";
import { planPathMatcher } from "./plan/select.js";
import { validatePlanSet } from "./plan/validate.js";
import { jobsForOutput } from "./render/plan-json.js";
import { COMMENT_LIMIT, renderPreflightFindings, renderPreview } from "./render/preview.js";
import { resultRows } from "./render/results-text.js";
import { renderApplySummary } from "./render/summary.js";
import { readSettings, SettingsError, type Settings } from "./settings.js";

export interface ActionDeps {
  port: ActionsPort;
  env: Record<string, string | undefined>;
  clock?: Clock;
}

type Failure =
  | "invalid-plan"
  | "preflight-failed"
  | "activation-failed"
  | "plan-changed"
  | "not-reviewed"
  | "configuration";

class ActionFailure extends Error {
  constructor(
    readonly reason: Failure,
    message: string,
  ) {
    super(message);
  }
}

interface Event {
  pull_request?: { number: number; base: { sha: string }; head: { sha: string; repo?: { fork?: boolean } } };
  before?: string;
  after?: string;
}

function modeFor(settings: Settings): "validate" | "plan" | "apply" {
  if (settings.mode !== "auto") return settings.mode;
  if (settings.eventName === "pull_request" || settings.eventName === "pull_request_target") return "plan";
  if (settings.eventName === "push" || settings.eventName === "workflow_dispatch") return "apply";
  return "validate";
}

export async function run(deps: ActionDeps = { port: realActionsPort(), env: process.env }): Promise<void> {
  const { port } = deps;
  try {
    const settings = readSettings((n) => port.getInput(n), deps.env);
    for (const secret of [
      settings.githubToken,
      settings.credentials?.clientSecret,
      settings.credentials?.accessToken,
    ]) {
      if (secret !== undefined && secret !== "") port.setSecret(secret);
    }
    const mode = modeFor(settings);
    port.info(`Mode: ${mode} (event ${settings.eventName || "none"}).`);
    if (mode === "validate") return await validateOnly(settings, port);
    const event = (
      settings.eventPath === undefined ? {} : JSON.parse(await readFile(settings.eventPath, "utf8"))
    ) as Event;
    const gh =
      settings.githubToken !== "" && settings.repository !== undefined
        ? createGitHubClient(settings.githubToken, settings.apiUrl, (m) => port.info(m))
        : undefined;
    if (mode === "plan") await preview(settings, event, port, gh, deps);
    else await apply(settings, event, port, gh, deps);
  } catch (error) {
    if (error instanceof ActionFailure) {
      port.setOutput("failure-reason", error.reason);
      port.setFailed(error.message);
    } else if (error instanceof SettingsError || error instanceof GitError) {
      port.setOutput("failure-reason", "configuration");
      port.setFailed(error.message);
    } else {
      port.setFailed(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

async function validateOnly(settings: Settings, port: ActionsPort): Promise<void> {
  const collected = await collectPlanFiles(settings.workspace, settings.workspace, settings.plans);
  const result = validatePlanSet(collected.sources, collected.problems);
  port.info(`Validated ${collected.sources.length} plan file(s): ${result.problems.length} problem(s).`);
  port.setOutput("problems", JSON.stringify(result.problems));
  if (result.problems.length > 0) {
    annotateProblems(port, result.problems);
    throw new ActionFailure(
      "invalid-plan",
      `${result.problems.length} problem(s) in the activation plans; see the annotations.`,
    );
  }
  if (collected.unmatched.length > 0) port.warning(`No plan files match ${collected.unmatched.join(", ")}.`);
}

async function computeOutcome(
  settings: Settings,
  port: ActionsPort,
  base: string | undefined,
  head: string,
  all: boolean,
  clock: Clock,
): Promise<PlanOutcome> {
  const git = new GitRepo(settings.workspace, (m) => port.info(m));
  const outcome = await planChanges(
    git,
    {
      ...(base === undefined ? {} : { base }),
      head,
      all,
      select: planPathMatcher(settings.plans),
      now: new Date(clock.now()),
      planner: { maxPerJob: settings.maxPerJob, countBy: settings.countBy, apiVersion: settings.apiVersion },
      allowedSandboxes: settings.allowedSandboxes,
    },
    (m) => port.info(m),
  );
  port.setOutput("plan-hash", outcome.execution.planHash);
  port.setOutput("jobs", JSON.stringify(jobsForOutput(outcome.execution)));
  port.setOutput("problems", JSON.stringify(outcome.problems));
  if (outcome.problems.length > 0) {
    annotateProblems(port, outcome.problems);
    throw new ActionFailure(
      "invalid-plan",
      `${outcome.problems.length} problem(s) in the activation plans; see the annotations. Nothing was activated.`,
    );
  }
  return outcome;
}

async function runApplier(
  settings: Settings,
  port: ActionsPort,
  outcome: PlanOutcome,
  dryRun: boolean,
  clock: Clock,
  ledger?: Pick<ApplyOptions, "previous" | "onSubmitted">,
): Promise<ApplyReport> {
  const platform = connectPlatform(
    {
      platformUrl: settings.platformUrl,
      imsUrl: settings.imsUrl,
      credentials: settings.credentials!,
      ...(settings.proxy === undefined ? {} : { proxy: settings.proxy }),
    },
    clock,
    (s) => port.setSecret(s),
    (m) => port.info(m),
  );
  try {
    port.startGroup(dryRun ? "Pre-flight (read-only)" : "Activation");
    const options: ApplyOptions = {
      ...standardApplyOptions({
        apiVersion: settings.apiVersion,
        dryRun,
        timeoutMinutes: settings.timeoutMinutes,
      }),
      ...ledger,
    };
    return await new Applier(platform.client, clock, (m) => port.info(m), options).apply(outcome.execution);
  } finally {
    port.endGroup();
    await platform.close();
  }
}

async function tryComment(
  gh: GitHubClient | undefined,
  settings: Settings,
  pr: number | undefined,
  body: string,
  port: ActionsPort,
): Promise<void> {
  if (gh === undefined || pr === undefined || settings.repository === undefined) {
    port.info("No PR comment: no token or no pull request; the preview is in the job summary.");
    return;
  }
  try {
    await upsertSticky(gh, settings.repository, pr, body);
  } catch (error) {
    const status = (error as { status?: number }).status;
    port.warning(
      `Could not write the PR comment (HTTP ${status ?? "error"}${status === 403 ? ": a read-only token, as on pull requests from forks" : ""}); the preview is in the job summary.`,
    );
  }
}

/** The rerun ledger for this commit: read what an earlier run left, record what this one submits. */
async function openLedger(
  settings: Settings,
  port: ActionsPort,
  gh: GitHubClient | undefined,
  outcome: PlanOutcome,
) {
  if (gh === undefined || settings.repository === undefined) {
    port.warning("No GitHub token: no rerun ledger is kept, so a rerun cannot tell what already succeeded.");
    return undefined;
  }
  const { planHash, pairs } = outcome.execution;
  const store = new LedgerStore(gh, settings.repository, outcome.headSha);
  const save = (results: PairResult[], summary: string, done?: "success" | "failure") =>
    store.write(ledgerFromResults(planHash, pairs, results), summary, done).catch((error: unknown) => {
      port.warning(`Could not record the rerun ledger (check run): ${(error as Error).message}`);
    });
  let previous: ApplyOptions["previous"];
  const found = await store.read().catch((error: unknown) => {
    port.warning(`Could not read the rerun ledger (check run): ${(error as Error).message}`);
    return undefined;
  });
  if (settings.force) {
    port.info("force: true: the ledger of earlier runs is ignored; every pair is submitted.");
  } else if (found !== undefined && found.planHash !== planHash) {
    port.info("The ledger on this commit belongs to another plan; it is ignored.");
  } else if (found !== undefined) {
    previous = new Map();
    for (const [i, entry] of found.entries) {
      const p = pairs[i];
      if (p !== undefined) previous.set(resultKey(p.sandbox, p.destination, p.audience), entry);
    }
  }
  const options: Pick<ApplyOptions, "previous" | "onSubmitted"> = {
    onSubmitted: (results) => save(results, `Submitted; following the runs. Plan hash ${planHash}.`),
  };
  if (previous !== undefined) options.previous = previous;
  return {
    options,
    finish: (report: ApplyReport) => {
      const bad = needsAttention(report).length;
      const summary = `${report.results.length - bad} of ${report.results.length} pair(s) done; ${bad} need attention. Plan hash ${planHash}.`;
      return save(report.results, summary, bad === 0 ? "success" : "failure");
    },
  };
}

async function preview(
  settings: Settings,
  event: Event,
  port: ActionsPort,
  gh: GitHubClient | undefined,
  deps: ActionDeps,
): Promise<void> {
  const clock = deps.clock ?? systemClock;
  const pr = event.pull_request;
  const head = pr?.head.sha ?? settings.sha ?? "HEAD";
  let base = pr?.base.sha;
  if (base !== undefined) {
    const git = new GitRepo(settings.workspace, (m) => port.info(m));
    const [b, h] = [await git.resolve(base), await git.resolve(head)];
    const mb = await git.run(["merge-base", b, h]);
    if (mb.code === 0) base = mb.stdout.toString("utf8").trim();
  }
  const outcome = await computeOutcome(settings, port, base, head, false, clock);
  let findings = "";
  if (settings.credentials !== undefined && settings.preflight && outcome.execution.jobs.length > 0) {
    const issues = needsAttention(await runApplier(settings, port, outcome, true, clock));
    findings = renderPreflightFindings(issues.map((r) => r.reason ?? ""));
    if (issues.length > 0) {
      port.warning(
        `Pre-flight found ${issues.length} problem(s) a merge would hit; they are listed in the preview.`,
      );
    }
  } else if (settings.credentials === undefined) {
    port.info(
      "No Platform credentials (as on pull requests from forks): the preview is shown without the pre-flight.",
    );
  }
  // The comment adds two hidden marker lines; the findings come after the preview.
  const budget = COMMENT_LIMIT - MARKERS_LENGTH - findings.length;
  const markdown =
    renderPreview(outcome, {
      budget,
      ...(settings.runUrl === undefined ? {} : { fullPreviewUrl: settings.runUrl }),
    }) + findings;
  await port.appendSummary(markdown);
  port.info(markdown);
  await tryComment(gh, settings, pr?.number, withMarkers(markdown, outcome.execution.planHash), port);
}

async function apply(
  settings: Settings,
  event: Event,
  port: ActionsPort,
  gh: GitHubClient | undefined,
  deps: ActionDeps,
): Promise<void> {
  const clock = deps.clock ?? systemClock;
  const manual = settings.eventName === "workflow_dispatch";
  const head = event.after ?? settings.sha ?? "HEAD";
  const outcome = await computeOutcome(
    settings,
    port,
    manual ? undefined : (event.before ?? `${head}~1`),
    head,
    manual,
    clock,
  );
  if (outcome.execution.jobs.length === 0) {
    await port.appendSummary(renderPreview(outcome, { title: "Nothing to activate" }));
    port.setOutput("result", "[]");
    port.info("Nothing to activate.");
    return;
  }
  let pr: number | undefined;
  if (!manual && gh !== undefined && settings.repository !== undefined) {
    pr = await pullRequestForCommit(gh, settings.repository, head).catch(() => undefined);
  }
  if (!manual && settings.requireReviewedPlan) {
    const sticky =
      pr === undefined || gh === undefined
        ? undefined
        : await findSticky(gh, settings.repository!, pr).catch(() => undefined);
    const reviewed = sticky === undefined ? undefined : reviewedHash(sticky.body);
    if (reviewed === undefined) {
      await port.appendSummary(renderPreview(outcome, { title: "Not applied: no reviewed preview" }));
      throw new ActionFailure(
        "not-reviewed",
        `No reviewed preview was found for ${head.slice(0, 12)} (a direct push, or a token that cannot read the pull request). Activations reach customers, so nothing was applied. Merge through a pull request that ran this Action, run it manually (workflow_dispatch), or set require-reviewed-plan: false.`,
      );
    }
    if (reviewed !== outcome.execution.planHash) {
      await port.appendSummary(
        renderPreview(outcome, { title: "Not applied: the plan changed since review" }),
      );
      throw new ActionFailure(
        "plan-changed",
        `The plan derived from the merged commit (${outcome.execution.planHash}) differs from the one reviewed on PR #${pr} (${reviewed}): the base moved or another change touched the same plans. Nothing was applied. Re-run the PR's check to refresh the preview and review it again, or run manually.`,
      );
    }
    port.info(`The plan matches the preview reviewed on PR #${pr} (${reviewed}).`);
  }
  if (settings.credentials === undefined) {
    throw new ActionFailure(
      "configuration",
      "No Platform credentials: set client-id, org-id and client-secret (or access-token).",
    );
  }
  if (pr !== undefined && gh !== undefined) {
    await tryComment(
      gh,
      settings,
      pr,
      withMarkers(
        `### ⏳ Activation running\n\n${renderPreview(outcome, { budget: 60_000 })}`,
        outcome.execution.planHash,
      ),
      port,
    );
  }
  const ledger = settings.dryRun ? undefined : await openLedger(settings, port, gh, outcome);
  const report = await runApplier(settings, port, outcome, settings.dryRun, clock, ledger?.options);
  await ledger?.finish(report);
  await port.appendSummary(renderApplySummary(outcome, report));
  port.setOutput("result", JSON.stringify(resultRows(report.results)));
  if (pr !== undefined && gh !== undefined) {
    const comment = renderApplySummary(outcome, report, {
      budget: 60_000,
      ...(settings.runUrl === undefined ? {} : { fullUrl: settings.runUrl }),
    });
    await tryComment(gh, settings, pr, withMarkers(comment, outcome.execution.planHash), port);
  }
  const bad = needsAttention(report);
  if (bad.length > 0) {
    const preflight = bad.every((r) => r.status === "not-submitted");
    throw new ActionFailure(
      preflight ? "preflight-failed" : "activation-failed",
      `${bad.length} of ${report.results.length} pair(s) did not succeed; see the job summary for each reason.`,
    );
  }
}
