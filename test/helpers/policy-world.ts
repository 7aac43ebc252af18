// The base of the activation policy scenarios: mergesWorld with a policy merged as PR 70 (no
// activation) after X, so every later merge is judged by it; a prod plan builder; pushes on the full
// repository; the job summary as people read it, and the state's CSV rows.
import { mergesWorld, type MergesWorld } from "./merges-world.js";
import { pushEvent } from "./payloads.js";
import { planYaml, uuid } from "./plans.js";

export const POLICY_FILE = ".github/activation-policy.yaml";

/** Paths: every plan file may target prod only; approvals: prod needs maria or jon. */
export const POLICY = `apiVersion: activation-plans/v1
kind: ActivationPolicy
paths:
  - name: plans
    plans: activation-plans/**
    sandboxes: [prod]
approvals:
  - name: production
    when: { sandboxes: [prod] }
    from: [maria, jon]
`;

/** A prod plan of one audience on the world's destination. */
export const prodPlan = (w: Pick<MergesWorld, "D">, name: string, audience: string) =>
  planYaml(name, "prod", { [w.D]: [audience] });

/** `mapped`: the audiences mapped to the world's destination (the warm plan's too). */
export async function policyWorld(prefix: string, mapped: readonly string[], text = POLICY) {
  const w = await mergesWorld(prefix, [uuid(`${prefix}-a0`), ...mapped]);
  /** The policy changed on main by PR `pr` (no activation): the merges after it are judged by it. */
  const setPolicy = (policy: string, pr: number) => {
    w.r.write(POLICY_FILE, policy);
    const commit = w.r.commit("policy");
    w.gh.pulls.set(commit, pr);
    return commit;
  };
  const p = setPolicy(text, 70);
  const headOf = (merge: string) => w.r.git("rev-parse", `${merge}^2`).trim();
  const push = (before: string, after: string, extra: Record<string, string> = {}) =>
    w.step(w.r.dir, "push", pushEvent({ before, after }), after, extra);
  /** The job summary as people read it (Markdown's escaped backticks and inert mentions undone). */
  const read = (run: { summary: string }) =>
    run.summary.replaceAll("\\`", "`").replaceAll("&#64;\u2060", "@");
  const now = () => Math.floor(w.clock.now() / 1000);
  const records = () =>
    [...w.gh.branchFiles()]
      .filter(([path]) => path.endsWith(".csv"))
      .map(([, t]) => t)
      .join("\n");
  return { ...w, p, headOf, push, records, read, now, setPolicy };
}
