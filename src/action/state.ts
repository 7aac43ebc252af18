// The activation state for an apply: a branch of this repository (the GitHub home), keyed by the Adobe
// org, each sandbox the plan touches and the step-key input. Fails closed as state-unavailable.
import { randomUUID } from "node:crypto";
import { StateSession } from "../app/state-session.js";
import { GitHubStateStore } from "../github/state-store.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import { applyDecision, parseDecision, unknownRecords } from "../state/decide.js";
import { stateUnavailableMessage } from "../state/messages.js";
import { StateUnavailable } from "../state/types.js";
import { ActionFailure, type ActionContext } from "./context.js";

const HOLDER = /^github run (\d+) attempt (\d+) /;

const fail = (error: StateUnavailable) =>
  new ActionFailure("state-unavailable", stateUnavailableMessage(error));

export async function openState(
  ctx: ActionContext,
  outcome: PlanOutcome,
  manual: boolean,
): Promise<StateSession> {
  const { settings, gh, port, clock } = ctx;
  if (settings.credentials === undefined)
    throw new ActionFailure(
      "configuration",
      "No Platform credentials: set client-id, org-id and client-secret (or access-token). The activation state is kept per org-id.",
    );
  if (gh === undefined || settings.repository === undefined)
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

/**
 * A manual run with `resolve`: record people's decisions about unknown pairs in the state of the
 * selected plans' sandboxes, and submit nothing. Every line must name exactly one unknown pair, or
 * nothing is recorded.
 */
export async function recordDecisions(
  ctx: ActionContext,
  outcome: PlanOutcome,
  lines: readonly string[],
): Promise<void> {
  const { port, clock } = ctx;
  const decisions = lines.map((line) => {
    const d = parseDecision(line);
    if (d === undefined)
      throw new ActionFailure(
        "configuration",
        `input 'resolve': cannot read '${line}'; expected DEST/AUD=not-activated, DEST/AUD=RUN_ID or DEST/AUD=activated`,
      );
    return { line, d };
  });
  const session = await openState(ctx, outcome, false);
  try {
    const states = session.states();
    for (const { line, d } of decisions) {
      const results = states.map((s) => applyDecision(s, d, clock.now()));
      const done = results.filter((r) => "ok" in r);
      if (done.length !== 1)
        throw new ActionFailure(
          "configuration",
          `input 'resolve': '${line}' names ${done.length === 0 ? "no unknown pair" : "unknown pairs in several sandboxes"} of the selected plans (${states.map((s) => unknownRecords(s).length).reduce((a, b) => a + b, 0)} unknown in all); nothing was recorded.`,
        );
      const record = (done[0] as { ok: { state: string; code?: string } }).ok;
      port.info(`Recorded ${d.destination}/${d.audience}: ${record.state} (${record.code ?? ""}).`);
    }
  } catch (error) {
    // Nothing of a refused batch is written: the lock is given back over the state as it was read.
    await session.abandon();
    throw error;
  }
  try {
    await session.release(true);
  } catch (error) {
    if (error instanceof StateUnavailable) throw fail(error);
    throw error;
  }
  await port.appendSummary(
    `### Decisions recorded in the activation state\n\n${decisions.map(({ line }) => `- \`${line.replace(/`/g, "")}\``).join("\n")}\n\nNothing was submitted; the next run acts on them.\n`,
  );
  port.setOutput("result", "[]");
}
