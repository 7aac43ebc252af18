// The activation state for an apply: a branch of this repository (the GitHub home), keyed by the Adobe
// org, each sandbox the plan touches and the step-key input. Fails closed as state-unavailable.
import { randomUUID } from "node:crypto";
import { StateSession } from "../app/state-session.js";
import { GitHubStateStore } from "../github/state-store.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import { stateUnavailableMessage } from "../state/messages.js";
import { StateUnavailable } from "../state/types.js";
import { ActionFailure, type ActionContext } from "./context.js";

const HOLDER = /^github run (\d+) attempt (\d+) /;

export async function openState(
  ctx: ActionContext,
  outcome: PlanOutcome,
  manual: boolean,
): Promise<StateSession> {
  const { settings, gh, port, clock } = ctx;
  const fail = (error: StateUnavailable) =>
    new ActionFailure("state-unavailable", stateUnavailableMessage(error));
  if (gh === undefined || settings.repository === undefined || settings.credentials === undefined)
    throw fail(
      new StateUnavailable(
        "no GitHub token to read it with",
        "pass github-token (the default ${{ github.token }} works) with contents: write permission",
      ),
    );
  const runId = settings.runId ?? "local";
  // A nonce: two jobs of one workflow run (a matrix) on the same key must not hold it together.
  const holder = `github run ${runId} attempt ${settings.runAttempt} (${settings.repository.owner}/${settings.repository.repo}, ${randomUUID().slice(0, 8)})`;
  const keys = [...new Set(outcome.execution.jobs.map((j) => j.sandbox))].map((sandbox) => ({
    org: settings.credentials?.orgId ?? "",
    sandbox,
    stepKey: settings.stepKey,
  }));
  if (settings.init && !manual)
    port.warning("init: true is only honoured on a manual (workflow_dispatch) run; it is ignored here.");
  try {
    return await StateSession.open(
      {
        store: new GitHubStateStore(gh, settings.repository, settings.stateBranch),
        holder,
        // An earlier attempt of this same workflow run cannot still be running: its lock is taken over.
        supersedes: (other) => {
          const m = HOLDER.exec(other);
          return m !== null && m[1] === runId && Number(m[2]) < settings.runAttempt;
        },
        init: settings.init && manual,
        clock,
        lockWaitMs: settings.timeoutMinutes * 60_000,
        lockTtlMs: 2 * settings.timeoutMinutes * 60_000 + 10 * 60_000,
        log: (m) => port.info(m),
      },
      keys,
    );
  } catch (error) {
    if (error instanceof StateUnavailable) throw fail(error);
    throw error;
  }
}
