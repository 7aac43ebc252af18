// The (destination, audience) pairs that plan files in the working tree name: what the demo and
// `aep-activate simulator --plans` map in the simulator, as a person maps audiences in the Platform UI,
// under the names the plans give them.
import { noMatchMessage } from "../plan/select.js";
import { validatePlanSet } from "../plan/validate.js";
import { collectPlanFiles } from "../sources/working-tree.js";
import type { MappedPair } from "../simulator/model.js";
import { UsageError } from "./args.js";

export async function pairsInPlans(root: string, patterns: readonly string[]): Promise<MappedPair[]> {
  const collected = await collectPlanFiles(root, root, patterns);
  if (collected.unmatched.length > 0) throw new UsageError(noMatchMessage(collected.unmatched));
  return validatePlanSet(collected.sources, collected.problems).plans.flatMap((plan) =>
    plan.activations.flatMap((a) =>
      a.audiences.map((au) => ({
        destination: a.destination.id,
        audience: au.id,
        ...(a.destination.name === undefined ? {} : { destinationName: a.destination.name }),
        ...(au.name === undefined ? {} : { audienceName: au.name }),
      })),
    ),
  );
}
