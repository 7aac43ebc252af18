// The base of the merge-walk scenarios (a merge queue, missed runs caught up): a GitHub stand-in and
// the simulator on one virtual clock, a repository whose first commit X holds a warm plan, the
// Action's inputs, and the README's setup run at X (the state, and reconciliation starting there).
import { expect } from "vitest";
import { GitHubStandIn } from "./github-standin.js";
import { TestRepo } from "./git-repo.js";
import { planYaml, uuid } from "./plans.js";
import { pullRequestEvent, pushEvent, workflowDispatchEvent } from "./payloads.js";
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

export type MergesWorld = Awaited<ReturnType<typeof mergesWorld>>;

/**
 * A PR's preview ran: green, or red on a pre-flight finding (fail-on-preflight), which GitHub lets a
 * PR merge with unless the check is required (the scenarios merge such PRs on purpose).
 */
export function expectPreviewed(run: {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
}): void {
  if (run.code !== 0) expect(run.outputs["failure-reason"], run.stdout).toBe("preflight-failed");
}

/** A merge commit's date: the world's now (a catch-up judges lateness by it). */
const now = (w: MergesWorld) => Math.floor(w.clock.now() / 1000);

/** One PR: the files it writes (null deletes). */
export interface Pr {
  number: number;
  files: Record<string, string | null>;
}

/**
 * Each PR in order: branched from main's tip, previewed on its own head, then merged onto main as
 * a merge commit (written from Node: no git process). Returns the merge commits.
 */
export async function mergePrs(w: MergesWorld, prs: readonly Pr[]): Promise<string[]> {
  const merges: string[] = [];
  let tip = w.r.head();
  for (const pr of prs) {
    for (const [file, text] of Object.entries(pr.files))
      if (text === null) w.r.remove(file);
      else w.r.write(file, text);
    const head = w.r.commitWith([tip], `pr ${pr.number}`);
    const preview = await w.step(
      w.r.dir,
      "pull_request",
      pullRequestEvent({ number: pr.number, base: tip, head }),
      head,
    );
    expectPreviewed(preview);
    tip = w.r.moveHead(w.r.commitWith([tip, head], `Merge pull request #${pr.number}`, now(w)));
    w.gh.pulls.set(tip, pr.number);
    merges.push(tip);
  }
  return merges;
}

type Answer = [number, unknown];

/** Every write to the state branch fails (503) while `when()` holds: a cancelled job writes nothing more. */
export function failStateWrites(gh: GitHubStandIn, when: () => boolean): () => void {
  const g = gh as unknown as { gitRoute: (m: string, rest: string, url: URL, body: unknown) => Answer };
  const original = g.gitRoute.bind(gh);
  g.gitRoute = (m, rest, url, body) =>
    m === "PATCH" && rest.startsWith("refs/heads/aep-activation-state") && when()
      ? [503, { message: "Service Unavailable" }]
      : original(m, rest, url, body);
  return () => {
    g.gitRoute = original;
  };
}

/**
 * A merges world for reruns of older runs: `push(before, after, inputs, env)` runs a push step at
 * the repository (a rerun passes its run's GITHUB_RUN_ID and a higher GITHUB_RUN_ATTEMPT in `env`),
 * `merge(pr)` merges one PR after its preview, `throttle(on)` makes Platform answer every
 * submission 429, `mergeThrottled` merges a PR whose push run meets those 429s.
 */
export async function rerunWorld(prefix: string, mapped: string[]) {
  const w = await mergesWorld(prefix, mapped);
  const push = (before: string, after: string, extra = {}, env?: Record<string, string>) =>
    runStep(
      {
        workspace: w.r.dir,
        eventName: "push",
        event: pushEvent({ before, after }),
        sha: after,
        apiUrl: w.gh.url,
        with: { ...w.inputs, ...extra },
        ...(env === undefined ? {} : { env }),
      },
      { clock: w.clock },
    );
  const merge = async (pr: Pr) => {
    const [sha] = await mergePrs(w, [pr]);
    if (sha === undefined) throw new Error("no merge");
    return sha;
  };
  const throttle = (on: boolean) =>
    Object.assign(
      w.sim.options,
      on ? { rate429: 1, retryAfterSeconds: 1, faultPaths: /adhocrun/ } : { rate429: 0 },
    );
  /** Merges PR `number` with `files` and runs its push while Platform answers 429: a red run. */
  const mergeThrottled = async (number: number, files: Pr["files"]) => {
    const before = w.r.head();
    const merged = await merge({ number, files });
    throttle(true);
    const run = await push(before, merged);
    throttle(false);
    return { before, merged, run };
  };
  return { ...w, push, merge, throttle, mergeThrottled };
}
