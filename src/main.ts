// The Action: settings in, the event decides what to do, one mode runs, failure out.
import { readFile } from "node:fs/promises";
import { apply } from "./action/apply.js";
import { ActionFailure, type ActionContext } from "./action/context.js";
import { preview } from "./action/preview.js";
import { validateOnly } from "./action/validate.js";
import { systemClock, type Clock } from "./clock.js";
import { GitError } from "./sources/git.js";
import { realActionsPort, type ActionsPort } from "./action/actions-port.js";
import { createGitHubClient } from "./github/client.js";
import { decide, EventError } from "./action/event.js";
import { readSettings, SettingsError, type Settings } from "./action/settings.js";

export interface ActionDeps {
  port: ActionsPort;
  env: Record<string, string | undefined>;
  clock?: Clock;
  /** Pace GitHub writes (default true); tests on a virtual clock turn it off. */
  paceGitHub?: boolean;
}

async function readEvent(settings: Settings): Promise<unknown> {
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

export async function run(deps: ActionDeps = { port: realActionsPort(), env: process.env }): Promise<void> {
  const { port } = deps;
  try {
    const settings = readSettings((n) => port.getInput(n), deps.env);
    for (const secret of [
      settings.githubToken,
      settings.credentials?.clientSecret,
      settings.credentials?.accessToken,
    ])
      if (secret !== undefined && secret !== "") port.setSecret(secret);
    const decision = decide(settings.eventName, await readEvent(settings), settings.mode, settings.sha);
    port.info(
      `Event ${settings.eventName || "none"}: ${decision.run === "nothing" ? "nothing to do" : decision.run}.`,
    );
    const ctx: ActionContext = {
      settings,
      port,
      clock: deps.clock ?? systemClock,
      gh:
        settings.githubToken !== "" && settings.repository !== undefined
          ? createGitHubClient(settings.githubToken, settings.apiUrl, (m) => port.info(m), {
              pace: deps.paceGitHub ?? true,
            })
          : undefined,
    };
    if (decision.run === "nothing") port.notice(decision.why);
    else if (decision.run === "validate") await validateOnly(ctx);
    else if (decision.run === "preview") await preview(ctx, decision);
    else await apply(ctx, decision);
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
  }
}
