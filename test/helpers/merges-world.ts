// The base of the merge-walk scenarios (a merge queue, missed runs caught up): a GitHub stand-in and
// the simulator on one virtual clock, a repository whose first commit X holds a warm plan, the
// Action's inputs, and the README's setup run at X (the state, and reconciliation starting there).
import { expect } from "vitest";
import { GitHubStandIn } from "./github-standin.js";
import { TestRepo } from "./git-repo.js";
import { planYaml, uuid } from "./plans.js";
import { workflowDispatchEvent } from "./payloads.js";
import { runStep, VirtualClock } from "./runner.js";
import { pairsOf, startSimulator } from "./sim.js";

export async function mergesWorld(prefix: string, mapped: string[]) {
  const D = uuid(`${prefix}-d`);
  const gh = new GitHubStandIn();
  await gh.start();
  const clock = new VirtualClock();
  const sim = await startSimulator({ runDurationMs: 300, clock, maps: pairsOf({ [D]: mapped }) });
  const r = TestRepo.create();
  const x = r
    .write("activation-plans/warm.yaml", planYaml("warm", "prod", { [D]: [uuid(`${prefix}-a0`)] }))
    .commit("warm");
  const inputs = {
    "client-id": `${prefix}-client`,
    "client-secret": `${prefix}-secret-4b1d`,
    "org-id": "ORG@AdobeOrg",
    "platform-url": sim.url,
    "ims-url": sim.url,
  };
  const step = (workspace: string, eventName: string, event: unknown, sha: string, extra = {}) =>
    runStep({ workspace, eventName, event, sha, apiUrl: gh.url, with: { ...inputs, ...extra } }, { clock });
  /** The README's setup run (manual, init, dry run): the state, and reconciliation starting at `sha`. */
  const setup = (sha: string) =>
    step(r.dir, "workflow_dispatch", workflowDispatchEvent({}), sha, { init: "true", "dry-run": "true" });
  const init = await setup(x);
  expect(init.code, init.stdout).toBe(0);
  const accepted = (audience: string) => sim.state.accepted.filter((a) => a.audience === audience).length;
  return { D, gh, clock, sim, r, x, inputs, step, setup, accepted };
}
