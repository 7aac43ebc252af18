// The Action: settings in, the event decides what to do, one mode runs, failure out.
import { ActionFailure, type ActionContext } from "./action/context.js";
import { validateOnly } from "./action/validate.js";
import { NO_STOP, systemClock, type Clock } from "./clock.js";
import { GitError, GitRepo } from "./sources/git.js";
import { realActionsPort, type ActionsPort } from "./action/actions-port.js";
import { Redactor } from "./redact.js";
import { inertLog } from "./render/inert.js";
import { decide, EventError } from "./action/event.js";
import type { GitHubClient } from "./github/client.js";
import { readEventFile, readSettings, SettingsError } from "./action/settings.js";

export interface ActionDeps {
  port: ActionsPort;
  env: Record<string, string | undefined>;
  clock?: Clock;
  /** Pace GitHub writes (default true); tests on a virtual clock turn it off. */
  paceGitHub?: boolean;
  /** Aborted when the runner cancels the step (SIGINT, then SIGTERM). */
  signal?: AbortSignal;
}

export async function run(deps: ActionDeps = { port: realActionsPort(), env: process.env }): Promise<void> {
  // Every text bound for GitHub (log, annotations, outputs, summary) loses registered secrets and
  // credential shapes first; plan text, file names and server bodies reach the log, where none of its
  // lines may act as a command.
  const redactor = new Redactor();
  const r = redactor.redact;
  const port: ActionsPort = {
    ...deps.port,
    info: (m) => deps.port.info(inertLog(r(m))),
    warning: (m) => deps.port.warning(r(m)),
    error: (m, a) => deps.port.error(r(m), a),
    notice: (m) => deps.port.notice(r(m)),
    setOutput: (n, v) => deps.port.setOutput(n, r(v)),
    setFailed: (m) => deps.port.setFailed(r(m)),
    setSecret: (v) => {
      redactor.add(v);
      deps.port.setSecret(v);
    },
    appendSummary: (md) => deps.port.appendSummary(r(md)),
  };
  let git: GitRepo | undefined;
  let github: GitHubClient | undefined;
  try {
    const settings = readSettings((n) => port.getInput(n), deps.env);
    for (const secret of [
      settings.githubToken,
      settings.credentials?.clientSecret,
      settings.credentials?.accessToken,
    ])
      if (secret !== undefined && secret !== "") port.setSecret(secret);
    const decision = decide(settings.eventName, await readEventFile(settings), settings.mode, settings.sha);
    port.info(
      `Event ${settings.eventName || "none"}: ${decision.run === "nothing" ? "nothing to do" : decision.run}.`,
    );
    if (decision.run === "nothing") return port.notice(decision.why);
    // Loaded only when needed, after the event file was read safely (@actions/github parses it on load).
    const needsGitHub =
      decision.run !== "validate" && settings.githubToken !== "" && settings.repository !== undefined;
    const clock = deps.clock ?? systemClock;
    const gh = (github = needsGitHub
      ? (await import("./github/client.js")).createGitHubClient(
          settings.githubToken,
          settings.apiUrl,
          (m) => port.info(m),
          {
            pace: deps.paceGitHub ?? true,
            clock,
            ...(deps.signal === undefined ? {} : { hurry: deps.signal }),
          },
        )
      : undefined);
    let identity: Promise<string | undefined> | undefined;
    const signal = deps.signal ?? NO_STOP.signal;
    signal.addEventListener(
      "abort",
      () =>
        port.info(
          "The workflow run is being cancelled: nothing new is submitted; what was started is recorded for the next run to follow.",
        ),
      { once: true },
    );
    const budgetMs = settings.runBudgetMinutes * 60_000;
    const ctx: ActionContext = {
      settings,
      port,
      clock,
      stop: { deadline: clock.now() + budgetMs, signal, budgetMs },
      git: (git = new GitRepo(settings.workspace, (m) => port.info(m))),
      gh,
      redact: r,
      githubIdentity: () =>
        (identity ??=
          gh === undefined
            ? Promise.resolve(undefined)
            : import("./github/comment.js").then((m) => m.tokenIdentity(gh, settings.githubToken))),
    };
    // Each mode loads only what it needs: validating loads neither the Platform client nor Octokit.
    if (decision.run === "validate") await validateOnly(ctx);
    else if (decision.run === "preview") await (await import("./action/preview.js")).preview(ctx, decision);
    else await (await import("./action/apply.js")).apply(ctx, decision);
  } catch (error) {
    if (error instanceof ActionFailure) {
      port.setOutput("failure-reason", error.reason);
      port.setFailed(error.message);
    } else if (error instanceof SettingsError || error instanceof GitError || error instanceof EventError) {
      port.setOutput("failure-reason", "configuration");
      port.setFailed(error.message);
    } else {
      port.setFailed(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    }
  } finally {
    git?.close(); // the cat-file process ends with the run
    const sent = github?.requests;
    if (sent !== undefined && sent.reads + sent.writes > 0)
      port.info(
        `GitHub requests: ${sent.reads + sent.writes} (${sent.reads} reads, ${sent.writes} writes); the workflow token has 1,000 an hour per repository.`,
      );
  }
}
