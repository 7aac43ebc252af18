// The activation policy a change is judged by: read at the change's first parent (a pull request
// cannot loosen the rules that judge it), with whether the change edits the policy file itself.
import type { Policy } from "../policy/types.js";
import type { Problem } from "../plan/types.js";
import {
  policyAtRevision,
  policyChanged,
  policyInWorkingTree,
  type PolicyRead,
} from "../sources/policy-file.js";
import type { GitRepo } from "../sources/git.js";

export type PolicyFor =
  /** No policy file where it is looked for: today's behaviour. */
  | { none: true }
  /** A file named on purpose is missing: a configuration error. */
  | { missing: string }
  /** The file has problems (located in it). */
  | { bad: Problem[] }
  | { policy: Policy; changed: boolean };

export interface PolicySetting {
  file: string;
  /** A person named the file (input `policy`, `--policy`): its absence is an error. */
  explicit: boolean;
}

/** The policy at `at` (a change's first parent), and whether `head` changes the file. */
export async function policyFor(
  git: GitRepo,
  setting: PolicySetting,
  at: string,
  head: string,
): Promise<PolicyFor> {
  const read = await policyAtRevision(git, at, setting.file);
  // A change that adds the first policy is judged by none: the policy judges the merges after it.
  if ("absent" in read || !read.ok) return unusable(read, setting, `at ${at.slice(0, 12)}`);
  return { policy: read.policy, changed: at !== head && (await policyChanged(git, at, head, setting.file)) };
}

/** The policy in a checkout (validate): as policyFor reads it at a commit. */
export async function policyInCheckout(root: string, setting: PolicySetting): Promise<PolicyFor> {
  const read = await policyInWorkingTree(root, setting.file);
  if ("absent" in read || !read.ok) return unusable(read, setting, "in the checkout");
  return { policy: read.policy, changed: false };
}

/** No file (an error only when named on purpose), or a file with problems. */
function unusable(
  read: PolicyRead & ({ absent: true } | { ok: false }),
  setting: PolicySetting,
  where: string,
): PolicyFor {
  if ("absent" in read)
    return setting.explicit ? { missing: `${setting.file} does not exist ${where}` } : { none: true };
  return { bad: read.problems };
}
