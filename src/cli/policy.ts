// `plan` under the activation policy: the policy at the base revision judges the change, without
// Platform's sizes or GitHub's reviews. Problems stop planning; approvals a merge will need are notes.
import { policyFor } from "../app/policy.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import type { Problem } from "../plan/types.js";
import { judgeChange, localFacts, needsSizes } from "../policy/judge.js";
import { say } from "../policy/messages.js";
import { DEFAULT_POLICY_FILE } from "../policy/types.js";
import type { PolicyJson } from "../render/plan-json.js";
import type { GitRepo } from "../sources/git.js";
import { UsageError } from "./args.js";

export async function judgeLocally(
  git: GitRepo,
  outcome: PlanOutcome,
  named: string | undefined,
): Promise<{ problems: Problem[] } | { notes: string[]; json: PolicyJson } | undefined> {
  const at = outcome.baseSha ?? outcome.headSha;
  const read = await policyFor(
    git,
    { file: named ?? DEFAULT_POLICY_FILE, explicit: named !== undefined },
    at,
    outcome.headSha,
  );
  if ("none" in read) return undefined;
  if ("missing" in read) throw new UsageError(`--policy: ${read.missing}`);
  if ("bad" in read) return { problems: read.bad };
  const { policy, changed } = read;
  const judged = judgeChange(policy, outcome.changes, localFacts(changed));
  if (judged.problems.length > 0) return { problems: judged.problems };
  const notes = judged.approvals.map((c) => `note: a merge of this change ${say.needs(c, policy)}.`);
  if (needsSizes(policy)) notes.push(say.sizesLocal(policy));
  return {
    notes,
    json: {
      file: policy.file,
      changed,
      approvals: judged.approvals.map((c) => ({
        rule: c.rule.name,
        because: c.because,
        from: c.rule.from,
        count: c.rule.count,
      })),
    },
  };
}
