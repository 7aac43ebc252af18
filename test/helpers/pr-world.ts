// The base of the single-PR scenarios: a repository whose first commit holds a warm plan (`base`,
// audience A0 on D) and whose second adds `flash` (A1 and A2 on D), the Action's inputs, and a
// GitHub stand-in and the simulator on one virtual clock.
import { GitHubStandIn } from "./github-standin.js";
import { TestRepo } from "./git-repo.js";
import { planYaml, uuid } from "./plans.js";
import { runStep, VirtualClock } from "./runner.js";
import { pullRequestEvent, pushEvent, workflowDispatchEvent } from "./payloads.js";
import { startSimulator } from "./sim.js";

/** The destination and the three audiences of a world named `prefix`. */
export function prIds(prefix: string): { D: string; A: [string, string, string] } {
  return { D: uuid(`${prefix}-d`), A: [uuid(`${prefix}-a0`), uuid(`${prefix}-a1`), uuid(`${prefix}-a2`)] };
}

/** `base` (A0 on D), then `flash` (A1 and A2 on D). */
export function prRepo({ D, A }: ReturnType<typeof prIds>) {
  const r = TestRepo.create();
  r.write("activation-plans/base.yaml", planYaml("base", "prod", { [D]: [A[0]] }));
  const base = r.commit("base");
  r.write("activation-plans/flash.yaml", planYaml("flash", "prod", { [D]: [A[1], A[2]] }));
  const head = r.commit("flash");
  return { r, base, head };
}

/** The Action's inputs for the simulator at `url`, with a token for the GitHub stand-in. */
export const prCreds = (url: string, secret: string) => ({
  "client-id": "cid",
  "client-secret": secret,
  "org-id": "ORG@AdobeOrg",
  "platform-url": url,
  "ims-url": url,
  "github-token": "ghs_token123456",
});

/**
 * The repository of `prRepo`, a GitHub stand-in and the simulator (its options from the world's
 * IDs) on one virtual clock; `step` runs the Action in-process there with `prCreds` (and `extra`).
 */
export async function prWorld(
  prefix: string,
  secret: string,
  simulator: (ids: ReturnType<typeof prIds>) => Parameters<typeof startSimulator>[0],
) {
  const ids = prIds(prefix);
  const gh = new GitHubStandIn();
  await gh.start();
  const clock = new VirtualClock();
  const sim = await startSimulator({ ...simulator(ids), clock });
  const { r, base, head } = prRepo(ids);
  const step = (eventName: string, event: unknown, sha: string, extra: Record<string, string> = {}) =>
    runStep(
      {
        workspace: r.dir,
        eventName,
        event,
        with: { ...prCreds(sim.url, secret), ...extra },
        apiUrl: gh.url,
        sha,
      },
      { clock },
    );
  return { ...ids, gh, clock, sim, r, base, head, flash: head, step };
}

/**
 * `prWorld` with a dev sandbox beside prod: D2 with audiences B mapped, and a commit on `flash` that
 * adds `dev.yaml` (B on D2) and, with `prod2`, `prod2.yaml` (A0 on D); then the setup run there.
 */
export async function twoSandboxWorld(prefix: string, secret: string, prod2 = false) {
  const D2 = uuid(`${prefix}-dev-d`);
  const B = [uuid(`${prefix}-dev-b0`), uuid(`${prefix}-dev-b1`)];
  const w = await prWorld(prefix, secret, ({ D, A }) => ({
    maps: [
      ...A.map((audience) => ({ destination: D, audience })),
      ...B.map((audience) => ({ destination: D2, audience })),
    ],
  }));
  w.r.write("activation-plans/dev.yaml", planYaml("dev-check", "dev", { [D2]: B }));
  if (prod2) w.r.write("activation-plans/prod2.yaml", planYaml("prod-two", "prod", { [w.D]: [w.A[0]] }));
  const change = w.r.commit(prod2 ? "dev and prod plans" : "dev plan");
  const init = await w.step("workflow_dispatch", workflowDispatchEvent({}), change, {
    init: "true",
    "dry-run": "true",
  });
  return { ...w, D2, B, change, init };
}

/**
 * twoSandboxWorld's change previewed on PR `number` (one step, every sandbox) and merged as its head;
 * `merge(sandboxes)` runs one limited job of the push.
 */
export async function previewedForSandboxes(w: Awaited<ReturnType<typeof twoSandboxWorld>>, number: number) {
  const { base, change: head, step } = w;
  const pr = await step("pull_request", pullRequestEvent({ number, base, head }), head, {
    preflight: "false",
  });
  if (pr.code !== 0) throw new Error(`the preview of PR #${number} failed:\n${pr.stdout}`);
  w.gh.pulls.set(head, number);
  return (sandboxes: string) => step("push", pushEvent({ before: base, after: head }), head, { sandboxes });
}
