// The Action: settings → validate the plans → annotations and outputs.
import { realActionsPort, type ActionsPort } from "./github/actions-port.js";
import { annotateProblems } from "./github/annotations.js";
import { collectPlanFiles } from "./io/plan-files.js";
import { validatePlanSet } from "./plan/validate.js";
import { readSettings } from "./settings.js";

export interface ActionDeps {
  port: ActionsPort;
  env: Record<string, string | undefined>;
}

export async function run(deps: ActionDeps = { port: realActionsPort(), env: process.env }): Promise<void> {
  const { port } = deps;
  try {
    const settings = readSettings((n) => port.getInput(n), deps.env);
    const collected = await collectPlanFiles(settings.workspace, settings.workspace, settings.plans);
    const result = validatePlanSet(collected.sources, collected.problems);
    port.info(`Validated ${collected.sources.length} plan file(s): ${result.problems.length} problem(s).`);
    port.setOutput("problems", JSON.stringify(result.problems));
    if (result.problems.length > 0) {
      annotateProblems(port, result.problems);
      port.setOutput("failure-reason", "invalid-plan");
      port.setFailed(`${result.problems.length} problem(s) in the activation plans; see the annotations.`);
      return;
    }
    if (collected.unmatched.length > 0) {
      port.warning(`No plan files match ${collected.unmatched.join(", ")}.`);
    }
  } catch (error) {
    port.setFailed(error instanceof Error ? error.message : String(error));
  }
}
