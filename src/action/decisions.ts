// A manual run with `resolve`: people's decisions about unknown pairs, recorded in the activation
// state of the selected plans' sandboxes; nothing is submitted.
import type { PlanOutcome } from "../jobs/outcome.js";
import { applyDecisions, parseDecision } from "../state/decide.js";
import { code } from "../render/escape.js";
import { recordedSentence, refusalSentence } from "../state/messages.js";
import { ActionFailure, type ActionContext } from "./context.js";
import { fail, openState } from "./state.js";

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
  const session = await openState(ctx, outcome.execution.jobs, false);
  const result = applyDecisions(
    session.states(),
    decisions.map(({ d }) => d),
    clock.now(),
  );
  if ("refused" in result) {
    // Nothing of a refused batch is written: the lock is given back over the state as it was read.
    await session.abandon();
    throw new ActionFailure(
      "configuration",
      `input 'resolve': ${refusalSentence(result.refused, "the state of the selected plans")}`,
    );
  }
  for (const { decision, record } of result.recorded) port.info(recordedSentence(decision, record));
  try {
    await session.release(true);
  } catch (error) {
    throw fail(error);
  }
  await port.appendSummary(
    `### Decisions recorded in the activation state\n\n${decisions.map(({ line }) => `- ${code(line)}`).join("\n")}\n\nNothing was submitted; the next run acts on them.\n`,
  );
  port.setOutput("result", "[]");
}
