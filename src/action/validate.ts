// Validate mode: check the selected plan files in the working tree; problems become annotations.
import { annotateProblems } from "./annotations.js";
import { renderProblems } from "../render/problems.js";
import { collectPlanFiles } from "../sources/working-tree.js";
import { noMatchMessage } from "../plan/select.js";
import { validatePlanSet } from "../plan/validate.js";
import { ActionFailure, type ActionContext } from "./context.js";
import { policyInWorkingTree } from "../sources/policy-file.js";
import { judgePlans } from "../policy/judge.js";
import { compareProblems } from "../plan/types.js";

export async function validateOnly({ settings, port }: ActionContext): Promise<void> {
  const collected = await collectPlanFiles(settings.workspace, settings.workspace, settings.plans);
  if (collected.unmatched.length > 0) {
    throw new ActionFailure("configuration", `Input 'plans': ${noMatchMessage(collected.unmatched)}`);
  }
  const result = validatePlanSet(collected.sources, collected.problems);
  // The activation policy in the working tree: its own problems, then the plans' path rules and limits.
  const read = await policyInWorkingTree(settings.workspace, settings.policy.file);
  if ("absent" in read && settings.policy.explicit)
    throw new ActionFailure(
      "configuration",
      `Input 'policy': ${settings.policy.file} does not exist in the checkout.`,
    );
  if ("ok" in read && !read.ok) {
    annotateProblems(port, read.problems, "Activation policy");
    await port.appendSummary(
      renderProblems(read.problems, {
        head: settings.sha ?? "",
        mode: "validate",
        subject: `The activation policy ${settings.policy.file}`,
      }),
    );
    throw new ActionFailure(
      "configuration",
      `${read.problems.length} problem(s) in the activation policy ${settings.policy.file}; see the annotations.`,
    );
  }
  const policy = "ok" in read && read.ok ? judgePlans(read.policy, result.plans) : [];
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
