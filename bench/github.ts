// Benchmark: GitHub requests per run (the workflow token has 1,000 an hour per repository, shared by
// every workflow). The Action in-process through the runner-faithful harness, against the GitHub
// stand-in and the simulator on one virtual clock: the README's setup run, a PR's preview, its merge,
// an idle scheduled run, a merge whose window opens later, the scheduled run that sends it, and an
// idle scheduled run again.
import { RUN_REQUEST_BUDGET } from "../src/github/client.js";
import { Simulator } from "../src/simulator/server.js";
import { VirtualClock } from "../test/helpers/clock.js";
import { GitHubStandIn } from "../test/helpers/github-standin.js";
import { TestRepo } from "../test/helpers/git-repo.js";
import {
  pullRequestEvent,
  pushEvent,
  scheduleEvent,
  workflowDispatchEvent,
} from "../test/helpers/payloads.js";
import { planYaml } from "../test/helpers/plans.js";
import { runStep } from "../test/helpers/runner.js";
import { removeTempDirs } from "../test/helpers/tmp.js";
import { row, uuidFor } from "./lib.js";

const MINUTE = 60_000;

export async function benchGitHub(): Promise<void> {
  const clock = new VirtualClock();
  const gh = new GitHubStandIn();
  await gh.start();
  const D = uuidFor("gh-bench-d");
  const A = [0, 1, 2, 3].map((i) => uuidFor(`gh-bench-a${i}`));
  const sim = new Simulator({ now: clock.now, runDurationMs: 300 });
  sim.state.mapAudiences(A.map((audience) => ({ destination: D, audience })));
  const url = await sim.start();
  const r = TestRepo.create();
  const inputs = {
    "client-id": "gh-bench",
    "client-secret": "gh-bench-secret-5c2e",
    "org-id": "ORG@AdobeOrg",
    "platform-url": url,
    "ims-url": url,
  };
  const step = (eventName: string, event: unknown, sha: string, extra: Record<string, string> = {}) =>
    runStep(
      { workspace: r.dir, eventName, event, sha, apiUrl: gh.url, with: { ...inputs, ...extra } },
      { clock },
    );
  const figures: [string, number, number, number, string][] = [];
  const measure = async (label: string, run: () => Promise<{ code: number; stdout: string }>, bound = "") => {
    const before = gh.requests.length;
    const done = await run();
    if (done.code !== 0) throw new Error(`${label} failed:\n${done.stdout}`);
    const sent = gh.requests.slice(before);
    const writes = sent.filter((x) => x.method !== "GET").length;
    figures.push([label, sent.length, sent.length - writes, writes, bound]);
  };
  const merge = async (number: number, file: string, text: string) => {
    const tip = r.head();
    const head = r.write(file, text).commitWith([tip], `pr ${number}`);
    await measure(`PR #${number}: preview`, () =>
      step("pull_request", pullRequestEvent({ number, base: tip, head }), head),
    );
    const merged = r.moveHead(
      r.commitWith([tip, head], `Merge pull request #${number}`, Math.floor(clock.now() / 1000)),
    );
    gh.pulls.set(merged, number);
    await measure(`PR #${number}: merge (push)`, () =>
      step("push", pushEvent({ before: tip, after: merged }), merged),
    );
  };
  try {
    const x = r
      .write("activation-plans/warm.yaml", planYaml("warm", "prod", { [D]: [A[3]!] }))
      .commit("warm");
    await measure("setup run (init, dry run)", () =>
      step("workflow_dispatch", workflowDispatchEvent({}), x, { init: "true", "dry-run": "true" }),
    );
    await merge(11, "activation-plans/flash.yaml", planYaml("flash", "prod", { [D]: [A[0]!, A[1]!] }));
    const idle = () => step("schedule", scheduleEvent(), r.head());
    await measure("scheduled: nothing to do", idle, "bound: ≤ 5");
    const opens = new Date(clock.now() + MINUTE).toISOString();
    await merge(
      12,
      "activation-plans/later.yaml",
      planYaml("later", "prod", { [D]: [A[2]!] }, `window:\n  notBefore: ${opens}`),
    );
    await clock.sleep(4 * MINUTE);
    await measure("scheduled: sends a pending pair", idle);
    await measure("scheduled: nothing to do (again)", idle, "bound: ≤ 5");
    console.log(
      "github: GitHub requests per run (the Action in-process against the stand-in; the workflow token has 1,000 an hour per repository)",
    );
    row(
      "budget of one run",
      `${RUN_REQUEST_BUDGET}`,
      "past it no comment is written (reads and the state still are)",
    );
    for (const [label, n, reads, writes, bound] of figures)
      row(label, `${n}`, `${reads} reads, ${writes} writes${bound === "" ? "" : `; ${bound}`}`);
    if (gh.violations.length > 0)
      throw new Error(`requests GitHub's OpenAPI description refuses: ${JSON.stringify(gh.violations)}`);
  } finally {
    await sim.stop();
    await gh.stop();
    removeTempDirs();
  }
}
