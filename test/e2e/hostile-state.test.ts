// Hostile tests of the activation state: attempts to activate a pair twice, lose a pair, submit without
// a state, leak a secret, or crash. Same harness as state-action.test.ts / state-cli.test.ts: the
// Action in-process on a virtual clock, the simulator, and the GitHub stand-in.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../helpers/runner.js";
import { acceptedTwice, pairsOf, startSimulator } from "../helpers/sim.js";
import { runCli } from "../helpers/cli.js";
import { ids, stateRepo, stateWorld, type Row, type WorldOptions } from "../helpers/state-world.js";

const { D, A, secret: SECRET } = ids("hs");
const world = (o: Omit<WorldOptions, "prefix"> = {}) => stateWorld({ prefix: "hs", ...o });

/** Every row has a status and, unless it succeeded, a code and a reason. */
function everyRowKnown(rows: Row[], expected: number): void {
  expect(rows).toHaveLength(expected);
  for (const x of rows) {
    expect(x.status).toMatch(/^(succeeded|failed|not-submitted|pending|unknown)/);
    if (x.status !== "succeeded") {
      expect(x.code ?? "").not.toBe("");
      expect((x.reason ?? "").length).toBeGreaterThan(0);
    }
  }
}

/** No secret or token anywhere people or files can see it (the ::add-mask:: lines are the masking itself). */
function noSecrets(...texts: string[]): void {
  const all = texts
    .join("\n")
    .split("\n")
    .filter((l) => !l.startsWith("::add-mask::"))
    .join("\n");
  expect(all).not.toContain(SECRET);
  expect(all).not.toMatch(/sim-[0-9a-f]{8}-[0-9a-f]{4}/);
}

describe("hostile: double activation", () => {
  for (const [what, options] of [
    ["Platform's run list lags more than 60 s", { listLagMs: 90_000 }],
    ["Platform's clock is 5 s behind the runner's", { skewMs: -5_000 }],
  ] as const) {
    it(`a lost reply when ${what}: never resubmitted within the run`, async () => {
      const w = await world(options);
      await w.mergeFlashLosingReplies();
      // Each pair reached Platform on the first submission; nothing may be sent again.
      expect([w.acceptedOf(A[1]!), w.acceptedOf(A[2]!)]).toEqual([1, 1]);
      expect(acceptedTwice(w.sim)).toEqual([]);
    });
  }

  it("an unknown pair (a 200 naming half the pairs), then a rerun while the run list lags 3 minutes: no run found is not proof, the pair stays unknown", async () => {
    const w = await world({ listLagMs: 180_000 });
    w.sim.options.acceptedReplyAs = "half";
    const first = await w.mergeFlash();
    delete w.sim.options.acceptedReplyAs;
    expect(first.code).toBe(1);
    expect(first.rows.some((x) => x.code === "no-run-returned")).toBe(true);
    const rerun = await w.mergeFlash();
    expect([w.acceptedOf(A[1]!), w.acceptedOf(A[2]!)]).toEqual([1, 1]);
    expect(acceptedTwice(w.sim)).toEqual([]);
    expect(rerun.rows.some((x) => x.code === "earlier-unknown")).toBe(true); // held, shown
  });

  it("an unknown pair, then a rerun when Platform's clock is 20 minutes ahead: its run is shown as a candidate, the pair is not resubmitted", async () => {
    const w = await world({ skewMs: 20 * 60_000 });
    w.sim.options.acceptedReplyAs = "half";
    const first = await w.mergeFlash();
    delete w.sim.options.acceptedReplyAs;
    expect(first.code).toBe(1);
    const rerun = await w.mergeFlash();
    expect(acceptedTwice(w.sim)).toEqual([]);
    expect(rerun.rows.some((x) => x.code === "earlier-unknown")).toBe(true); // held, shown
  });
});

const refUpdates = (rest: string, method: string) =>
  method === "PATCH" && rest.startsWith("refs/heads/aep-activation-state");

describe("hostile: GitHub faults at each write", () => {
  it("the write of the replies fails (500): nothing more is submitted, every pair ends known, the rerun does not resubmit", async () => {
    const w = await world();
    let n = 0;
    const restore = w.intercept((m, rest) => {
      if (!refUpdates(rest, m)) return undefined;
      n++;
      // 1: the lock, 2: the intent, 3: the replies
      return n === 3 ? [500, { message: "Server Error" }] : undefined;
    });
    const run = await w.mergeFlash();
    restore();
    everyRowKnown(run.rows, 2);
    expect(run.stdout).toContain("Could not record the replies in the activation state");
    const rerun = await w.mergeFlash(
      { "timeout-minutes": "600" },
      { GITHUB_RUN_ID: run.env.GITHUB_RUN_ID!, GITHUB_RUN_ATTEMPT: "2" },
    );
    everyRowKnown(rerun.rows, 2);
    expect([w.acceptedOf(A[1]!), w.acceptedOf(A[2]!)]).toEqual([1, 1]);
    noSecrets(run.stdout, run.summary, JSON.stringify(run.outputs), rerun.stdout, w.shards());
  });

  it("GitHub goes down after the intent write and stays down: the run must not report success while its state still says 'intent'", async () => {
    const w = await world();
    let n = 0;
    const restore = w.intercept((m, rest) => {
      if (!refUpdates(rest, m)) return undefined;
      n++;
      return n >= 3 ? [503, { message: "Service Unavailable" }] : undefined;
    });
    const run = await w.mergeFlash();
    restore();
    everyRowKnown(run.rows, 2);
    expect(w.shards()).toMatch(/,intent,/); // what the state says
    // Each pair's run succeeded on Platform, but nothing of it reached the state, and the lock is still held.
    expect(run.code, run.stdout).toBe(1);
  });

  it("the intent write is applied by GitHub but its reply is a 500: nothing is submitted, and the next run is not locked out", async () => {
    const w = await world();
    let n = 0;
    const restore = w.intercept((m, rest, _body, real) => {
      if (!refUpdates(rest, m)) return undefined;
      n++;
      if (n !== 2) return undefined;
      real(); // applied
      return [500, { message: "Server Error" }];
    });
    const before = w.sim.state.accepted.length;
    const run = await w.mergeFlash();
    restore();
    expect(run.code).toBe(1);
    expect(w.sim.state.accepted.length).toBe(before);
    everyRowKnown(run.rows, 2);
    // A fresh workflow run (not an attempt of the same one) for the same key.
    const next = await w.mergeFlash({ "timeout-minutes": "30" }, { GITHUB_RUN_ID: "999" });
    expect(next.stdout).not.toMatch(/is locked by github run/);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });

  it("several waves (max-audiences-per-job 1), the intent write of a later wave fails: its pairs are not submitted and not lost", async () => {
    const w = await world();
    let n = 0;
    const restore = w.intercept((m, rest) => {
      if (!refUpdates(rest, m)) return undefined;
      n++;
      return n === 4 ? [500, { message: "Server Error" }] : undefined;
    });
    const opts = { "max-audiences-per-job": "1", "count-by": "pairs" };
    const run = await w.mergeBig(opts);
    restore();
    everyRowKnown(run.rows, 2);
    expect(run.stdout).toMatch(/Wave 2 of 2/);
    const bad = run.rows.filter((x) => x.code === "state-unavailable");
    expect(bad).toHaveLength(1);
    expect(w.acceptedPair(bad[0]!.destination, bad[0]!.audience)).toBe(0);
    const rerun = await w.mergeBig(opts, { GITHUB_RUN_ID: run.env.GITHUB_RUN_ID!, GITHUB_RUN_ATTEMPT: "2" });
    expect(rerun.code, rerun.stdout).toBe(0);
    expect([w.acceptedPair(D[0]!, A[3]!), w.acceptedPair(D[1]!, A[3]!)]).toEqual([1, 1]);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });
});

describe("hostile: secrets and crashes", () => {
  it("a wrong client secret: the failure names no secret", async () => {
    const w = await world();
    w.sim.options.credentials = { clientId: "hs-client", clientSecret: "another" } as never;
    const run = await w.mergeFlash();
    expect(run.code).toBe(1);
    expect(run.summary + JSON.stringify(run.outputs)).toMatch(/invalid client_secret|invalid_client|401/);
    noSecrets(
      run.stdout,
      run.summary,
      JSON.stringify(run.outputs),
      w.shards(),
      [...w.gh.branchFiles().values()].join("\n"),
    );
  });
});

describe("hostile: a CLI state file edited by hand", () => {
  const ENV = { AEP_CLIENT_ID: "hs-cli", AEP_CLIENT_SECRET: SECRET, AEP_ORG_ID: "ORG1@AdobeOrg" };
  async function setup() {
    const clock = new VirtualClock();
    const sim = await startSimulator({
      clock,
      runDurationMs: 200,
      maps: pairsOf({ [D[0]!]: [A[0]!, A[1]!], [D[1]!]: [A[2]!] }),
    });
    const { r } = stateRepo("hs", false);
    const cli = (args: string[]) => runCli(args, r.dir, ENV, { clock });
    const apply = (extra: string[]) =>
      cli([
        "apply",
        "--json",
        "--platform-url",
        sim.url,
        "--ims-url",
        sim.url,
        "--state",
        "state.json",
        ...extra,
      ]);
    const warm = await apply(["--init", "--base", "HEAD~2", "--head", "HEAD~1"]);
    expect(warm.code, warm.stderr).toBe(0);
    return { sim, cli, apply, file: path.join(r.dir, "state.json") };
  }
  const edits: [string, (json: { keys: Record<string, unknown> }) => void][] = [
    [
      "a record with no destination",
      (j) =>
        ((j.keys["ORG1%40AdobeOrg/prod/default"] as { records: unknown[] }).records = [{ commit: "abc" }]),
    ],
    ["a key entry set to null", (j) => (j.keys["ORG1%40AdobeOrg/prod/default"] = null)],
    [
      "records that are not a list",
      (j) => ((j.keys["ORG1%40AdobeOrg/prod/default"] as { records: unknown }).records = { a: 1 }),
    ],
  ];
  for (const [what, edit] of edits) {
    it(`${what}: a clear state-unavailable message, no stack trace, nothing submitted`, async () => {
      const s = await setup();
      const json = JSON.parse(readFileSync(s.file, "utf8")) as { keys: Record<string, unknown> };
      edit(json);
      writeFileSync(s.file, JSON.stringify(json));
      const before = s.sim.state.accepted.length;
      const run = await s.apply([]);
      expect(run.code).not.toBe(0);
      expect(s.sim.state.accepted.length).toBe(before);
      expect(run.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
      expect(run.stderr).not.toMatch(/TypeError|Cannot read properties/);
      expect(run.stderr).toContain("activation state is unavailable");
      const listed = await s.cli(["resolve", "--state", "state.json"]);
      expect(listed.stderr).not.toMatch(/TypeError|Cannot read properties|\n\s+at /);
    });
  }
});
