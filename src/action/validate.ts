// Validate mode: check the selected plan files in the working tree; problems become annotations.
import { annotateProblems } from "./annotations.js";
import { renderProblems } from "../render/problems.js";
import { collectPlanFiles } from "../sources/working-tree.js";
import { noMatchMessage } from "../plan/select.js";
import { validatePlanSet } from "../plan/validate.js";
import { ActionFailure, type ActionContext } from "./context.js";
import { policyInCheckout } from "../app/policy.js";
import { usablePolicy } from "./policy-gate.js";
import { judgePlans } from "../policy/judge.js";
import { compareProblems } from "../plan/types.js";

export async function validateOnly(ctx: ActionContext): Promise<void> {
  const { settings, port } = ctx;
  const collected = await collectPlanFiles(settings.workspace, settings.workspace, settings.plans);
  if (collected.unmatched.length > 0) {
    throw new ActionFailure("configuration", `Input 'plans': ${noMatchMessage(collected.unmatched)}`);
  }
  const result = validatePlanSet(collected.sources, collected.problems);
  // The activation policy in the checkout: its own problems stop the run; then the plans' path rules.
  const read = await usablePolicy(
    ctx,
    await policyInCheckout(settings.workspace, settings.policy),
    settings.sha ?? "",
    "validate",
  );
  const policy = read === undefined ? [] : judgePlans(read.policy, result.plans);
  result.problems.push(...policy);
  result.problems.sort(compareProblems);
  port.info(`Validated ${collected.sources.length} plan file(s): ${result.problems.length} problem(s).`);
  port.setOutput("problems", JSON.stringify(result.problems));
  if (result.problems.length > 0) {
    annotateProblems(port, result.problems);
    await port.appendSummary(renderProblems(result.problems, { head: settings.sha ?? "", mode: "validate" }));
    throw new ActionFailure(
      result.problems.length === policy.length ? "policy" : "invalid-plan",
      `${result.problems.length} problem(s) in the activation plans; see the annotations.`,
    );
  }
}
