// A world for activation-state scenarios through the runner-faithful harness: a repository with
// `start`, `warm` (A0 on D0: teaches the state how many runs a pair makes), `flash` (A1 on D0, A2 on
// D1: one pair per dataflow, so a lost reply can be resolved) and `big` (A3 on D0 and D1); the
// simulator and the GitHub stand-in on one virtual clock; the state created by the README's setup
// run (a manual dry run with init) and the warm commit merged.
import { expect } from "vitest";
import type { Clock } from "../../src/clock.js";
import { GitHubStandIn } from "./github-standin.js";
import { TestRepo } from "./git-repo.js";
import { planYaml, uuid } from "./plans.js";
import { pushEvent, workflowDispatchEvent } from "./payloads.js";
import { runStep, VirtualClock } from "./runner.js";
import { pairsOf, startSimulator } from "./sim.js";

export interface Row {
  destination: string;
  audience: string;
  status: string;
  code?: string;
  reason?: string | null;
}

type Answer = [number, unknown];

export interface WorldOptions {
  /** Names the dataflows, audiences and credential apart from other files' (`sa`, `hs`). */
  prefix: string;
  runDurationMs?: number;
  listLagMs?: number;
  /** Platform's clock minus the runner's (ms). */
  skewMs?: number;
  org?: string;
}

export function ids(prefix: string) {
  return {
    D: [uuid(`${prefix}-d0`), uuid(`${prefix}-d1`)],
    A: [0, 1, 2, 3, 4].map((i) => uuid(`${prefix}-a${i}`)),
    client: `${prefix}-client`,
    secret: `${prefix}-secret-77c9`,
  };
}

/**
 * The repository: `start`, `warm`, `flash` and, with `big`, a fourth commit on top (HEAD). The CLI
 * scenarios plan HEAD against HEAD~1, so they leave `big` out.
 */
export function stateRepo(prefix: string, withBig: boolean) {
  const { D, A } = ids(prefix);
  const r = TestRepo.create();
  const start = r.write("README.md", "plans\n").commit("start");
  const warm = r
    .write("activation-plans/warm.yaml", planYaml("warm", "prod", { [D[0]!]: [A[0]!] }))
    .commit("warm");
  const flash = r
    .write("activation-plans/flash.yaml", planYaml("flash", "prod", { [D[0]!]: [A[1]!], [D[1]!]: [A[2]!] }))
    .commit("flash");
  const big = withBig
    ? r
        .write("activation-plans/big.yaml", planYaml("big", "prod", { [D[0]!]: [A[3]!], [D[1]!]: [A[3]!] }))
        .commit("big")
    : flash;
  return { r, start, warm, flash, big };
}

export async function stateWorld(options: WorldOptions) {
  const { D, A, client, secret } = ids(options.prefix);
  const gh = new GitHubStandIn();
  await gh.start();
  const clock = new VirtualClock();
  const skew = options.skewMs ?? 0;
  const sim = await startSimulator({
    clock,
    runDurationMs: options.runDurationMs ?? 300,
    ...(options.listLagMs === undefined ? {} : { listLagMs: options.listLagMs }),
    ...(skew === 0 ? {} : { now: () => clock.now() + skew }),
    maps: pairsOf({ [D[0]!]: [A[0]!, A[1]!, A[3]!], [D[1]!]: [A[2]!, A[3]!] }),
  });
  const { r, start, warm, flash, big } = stateRepo(options.prefix, true);
  const inputs = {
    "client-id": client,
    "client-secret": secret,
    "org-id": options.org ?? "ORG@AdobeOrg",
    "platform-url": sim.url,
    "ims-url": sim.url,
    "require-reviewed-plan": "false",
  };
  const step = (
    eventName: string,
    event: unknown,
    sha: string,
    extra: Record<string, string> = {},
    how: {
      env?: Record<string, string>;
      killWhen?: () => boolean;
      cancelWhen?: () => boolean;
      clock?: Clock;
    } = {},
  ) =>
    runStep(
      {
        workspace: r.dir,
        eventName,
        event,
        sha,
        apiUrl: gh.url,
        with: { ...inputs, ...extra },
        ...(how.env === undefined ? {} : { env: how.env }),
      },
      // A run that is killed is the built Action as a process (on real time); the rest in-process.
      how.killWhen !== undefined
        ? { dist: true, killWhen: how.killWhen }
        : how.cancelWhen !== undefined
          ? { dist: true, cancelWhen: how.cancelWhen }
          : { clock: how.clock ?? clock },
    );
  const merge = async (
    before: string,
    after: string,
    extra: Record<string, string> = {},
    env?: Record<string, string>,
    on?: Clock,
  ) => {
    const run = await step("push", pushEvent({ before, after }), after, extra, {
      ...(env === undefined ? {} : { env }),
      ...(on === undefined ? {} : { clock: on }),
    });
    return { ...run, rows: JSON.parse(run.outputs.result ?? "[]") as Row[] };
  };
  const setup = await step("workflow_dispatch", workflowDispatchEvent(), big, {
    init: "true",
    "dry-run": "true",
  });
  expect(setup.code, setup.stdout).toBe(0);
  const warmed = await merge(start, warm);
  expect(warmed.code, warmed.stdout).toBe(0);
  /** Intercept the stand-in's Git data API: `fault` may answer instead of it (return undefined to pass). */
  const intercept = (
    fault: (method: string, rest: string, body: unknown, real: () => Answer) => Answer | undefined,
  ) => {
    const g = gh as unknown as { gitRoute: (m: string, rest: string, url: URL, body: unknown) => Answer };
    const original = g.gitRoute.bind(gh);
    g.gitRoute = (m, rest, url, body) =>
      fault(m, rest, body, () => original(m, rest, url, body)) ?? original(m, rest, url, body);
    return () => {
      g.gitRoute = original;
    };
  };
  /** Merge `flash` while every accepting reply is lost after Platform created the runs; returns when it was. */
  const mergeFlashLosingReplies = async () => {
    const at = clock.now();
    sim.options.rateDropAfterSubmit = 1;
    const run = await merge(warm, flash);
    sim.options.rateDropAfterSubmit = 0;
    expect(run.code).toBe(1);
    return { run, at };
  };
  return {
    gh,
    sim,
    clock,
    r,
    start,
    warm,
    flash,
    big,
    D,
    A,
    step,
    merge,
    mergeFlash: (extra: Record<string, string> = {}, env?: Record<string, string>, on?: Clock) =>
      merge(warm, flash, extra, env, on),
    mergeFlashLosingReplies,
    mergeBig: (extra: Record<string, string> = {}, env?: Record<string, string>) =>
      merge(flash, big, extra, env),
    acceptedOf: (audience: string) => sim.state.accepted.filter((a) => a.audience === audience).length,
    acceptedPair: (destination: string, audience: string) =>
      sim.state.accepted.filter((a) => a.audience === audience && a.destination === destination).length,
    shards: () =>
      [...gh.branchFiles()]
        .filter(([p]) => p.endsWith(".csv"))
        .map(([, t]) => t)
        .join("\n"),
    intercept,
  };
}

export type StateWorld = Awaited<ReturnType<typeof stateWorld>>;
