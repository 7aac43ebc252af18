// Validate mode: check the selected plan files in the working tree; problems become annotations.
import { annotateProblems } from "./annotations.js";
import { renderProblems } from "../render/problems.js";
import { collectPlanFiles } from "../sources/working-tree.js";
import { noMatchMessage } from "../plan/select.js";
import { validatePlanSet } from "../plan/validate.js";
import { ActionFailure, type ActionContext } from "./context.js";

export async function validateOnly({ settings, port }: ActionContext): Promise<void> {
  const collected = await collectPlanFiles(settings.workspace, settings.workspace, settings.plans);
  if (collected.unmatched.length > 0) {
    throw new ActionFailure("configuration", `Input 'plans': ${noMatchMessage(collected.unmatched)}`);
  }
  const result = validatePlanSet(collected.sources, collected.problems);
  port.info(`Validated ${collected.sources.length} plan file(s): ${result.problems.length} problem(s).`);
  port.setOutput("problems", JSON.stringify(result.problems));
  if (result.problems.length > 0) {
    annotateProblems(port, result.problems);
    await port.appendSummary(renderProblems(result.problems, { head: settings.sha ?? "", mode: "validate" }));
    throw new ActionFailure(
      "invalid-plan",
      `${result.problems.length} problem(s) in the activation plans; see the annotations.`,
    );
  }
}
