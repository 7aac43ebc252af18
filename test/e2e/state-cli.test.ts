// `aep-activate apply --state FILE`: exactly once across runs, through the CLI, against the simulator.
// Each scenario checks at the simulator that every pair was accepted at most once, and that every pair
// ends succeeded, failed, or unknown and shown (never silently dropped).
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { PacedClock, secondWhileFirstSubmits, VirtualClock } from "../helpers/clock.js";
import { acceptedTwice, pairsOf, startSimulator } from "../helpers/sim.js";
import type { Clock } from "../../src/clock.js";
import type { Simulator } from "../../src/simulator/server.js";
import { ids, stateRepo } from "../helpers/state-world.js";
import { planYaml } from "../helpers/plans.js";

const { D, A } = ids("st");
const ENV = {
  AEP_CLIENT_ID: "state-client",
  AEP_CLIENT_SECRET: "state-secret-1a2b3c",
  AEP_ORG_ID: "ORG1@AdobeOrg",
};

interface Row {
  destination: string;
  audience: string;
  status: string;
  code?: string;
  reason?: string;
}

/** `start`, `warm` (A0 on D0: teaches the state how many runs a pair makes) and `flash` (A1 on D0, A2 on D1) at HEAD. */
const repo = () => stateRepo("st", false).r;

async function setup(options: { runDurationMs?: number; latencyMs?: number; listLagMs?: number } = {}) {
  const clock = new VirtualClock();
  const sim = await startSimulator({
    runDurationMs: options.runDurationMs ?? 200,
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    ...(options.listLagMs === undefined ? {} : { listLagMs: options.listLagMs }),
    clock,
    maps: pairsOf({ [D[0]!]: [A[0]!, A[1]!], [D[1]!]: [A[2]!] }),
  });
  const r = repo();
  const apply = async (extra: string[], env: Record<string, string> = ENV, on: Clock = clock) => {
    const run = await runCli(
      ["apply", "--json", "--platform-url", sim.url, "--ims-url", sim.url, "--state", "state.json", ...extra],
      r.dir,
      env,
      { clock: on },
    );
    const rows = run.stdout.startsWith("[") ? (JSON.parse(run.stdout) as Row[]) : [];
    return { ...run, rows };
  };
  const warm = await apply(["--init", "--base", "HEAD~2", "--head", "HEAD~1"]);
  expect(warm.code, warm.stderr).toBe(0);
  return { clock, sim, repo: r, apply, stateFile: path.join(r.dir, "state.json") };
}

const acceptedOf = (sim: Simulator, audience: string) =>
  sim.state.accepted.filter((a) => a.audience === audience).length;

describe("apply --state FILE", () => {
  it("refuses to start without a state unless --init says this is the first run: nothing submitted", async () => {
    const clock = new VirtualClock();
    const sim = await startSimulator({ clock, maps: pairsOf({ [D[0]!]: [A[0]!] }) });
    const r = repo();
    const run = await runCli(
      [
        "apply",
        "--platform-url",
        sim.url,
        "--ims-url",
        sim.url,
        "--state",
        "state.json",
        "--base",
        "HEAD~2",
        "--head",
        "HEAD~1",
      ],
      r.dir,
      ENV,
      { clock },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "Nothing was submitted: the activation state is unavailable: there is no activation state for ORG1%40AdobeOrg/prod/default",
    );
    expect(run.stderr).toContain("run once manually with init: true (CLI: --init)");
    expect(sim.state.accepted).toEqual([]);
    expect((await runCli(["apply", "--init"], r.dir, ENV)).stderr).toContain("--init needs --state FILE");
  });

  it("a rerun submits nothing that succeeded; the state file shows every pair", async () => {
    const { sim, apply, stateFile } = await setup();
    const first = await apply([]);
    expect(first.code, first.stderr).toBe(0);
    const again = await apply([]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.rows.map((x) => x.code ?? x.status)).toEqual(["succeeded-earlier", "succeeded-earlier"]);
    expect(acceptedTwice(sim)).toEqual([]);
    expect(sim.state.accepted).toHaveLength(3);
    const file = JSON.parse(readFileSync(stateFile, "utf8")) as {
      keys: Record<string, { records: { state: string; lock?: unknown }[]; lock?: unknown }>;
    };
    const entry = file.keys["ORG1%40AdobeOrg/prod/default"]!;
    expect(entry.records.map((x) => x.state)).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(entry.lock).toBeUndefined(); // released
  });

  it("a plan whose window opens later: recorded as pending, shown by status, sent once by the apply after the window opens", async () => {
    const { sim, apply, repo } = await setup();
    repo
      .write(
        "activation-plans/later.yaml",
        planYaml("later", "prod", { [D[1]!]: [A[2]!] }, "window:\n  notBefore: 2030-01-01T08:00:00Z"),
      )
      .commit("later");
    const before = await apply(["--at", "2030-01-01T07:00:00Z"]);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stderr).toContain("1 pair(s) wait for their plan's window: 1 newly recorded as pending");
    const accepted = sim.state.accepted.length;
    const waiting = await runCli(["status", "--state", "state.json"], repo.dir, ENV);
    expect(waiting.stdout).toMatch(new RegExp(`${A[2]!} .*pending +waiting for its plan's window to open`));
    const open = await apply(["--at", "2030-01-01T08:05:00Z"]);
    expect(open.code, open.stderr).toBe(0);
    expect(sim.state.accepted.length).toBe(accepted + 1);
    const again = await apply(["--at", "2030-01-01T08:20:00Z"]);
    expect(again.rows.map((x) => x.code ?? x.status)).toEqual(["succeeded-earlier"]);
    const sent = await runCli(["status", "--state", "state.json"], repo.dir, ENV);
    expect(sent.stdout).toMatch(new RegExp(`${A[2]!} .*succeeded +since `));
    expect(acceptedTwice(sim)).toEqual([]);
  });

  it("a pending plan whose window closes before an apply sends it: the next apply expires it, status shows it never sent", async () => {
    const { sim, apply, repo } = await setup();
    const window = "window:\n  notBefore: 2030-01-01T08:00:00Z\n  notAfter: 2030-01-01T09:00:00Z";
    repo
      .write("activation-plans/brief.yaml", planYaml("brief", "prod", { [D[1]!]: [A[2]!] }, window))
      .commit("brief");
    const before = await apply(["--at", "2030-01-01T07:00:00Z"]);
    expect(before.stderr).toContain("1 newly recorded as pending");
    const accepted = sim.state.accepted.length;
    // Nobody applied it while the window was open.
    const closed = await apply(["--at", "2030-01-01T10:00:00Z"]);
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stderr).toContain(
      "1 pending pair(s) expired: their plan's window closed before an apply sent them; never sent",
    );
    const status = await runCli(["status", "--state", "state.json"], repo.dir, ENV);
    expect(status.stdout).toContain("1 expired");
    expect(status.stdout).toMatch(
      new RegExp(`${A[2]!} .*expired +its window closed before a run could send it; never sent`),
    );
    const again = await apply(["--at", "2030-01-01T11:00:00Z"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain("expired");
    expect(sim.state.accepted.length).toBe(accepted);
  });

  it("force resends succeeded pairs and records it; it never resends an unknown one", async () => {
    const { sim, apply, stateFile } = await setup();
    expect((await apply([])).code).toBe(0);
    const forced = await apply(["--force"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain(
      "force: true: pairs the state holds as succeeded are submitted again (recorded)",
    );
    expect(acceptedOf(sim, A[1]!)).toBe(2);
    const records = (
      JSON.parse(readFileSync(stateFile, "utf8")) as {
        keys: Record<string, { records: { audience: string; forced?: string[] }[] }>;
      }
    ).keys["ORG1%40AdobeOrg/prod/default"]!.records;
    expect(records.find((x) => x.audience === A[1])?.forced).toHaveLength(1);
  });

  it("a lost reply after Platform created the runs, then a rerun: resolved to its runs and followed, never resubmitted", async () => {
    const { sim, apply } = await setup();
    sim.options.rateDropAfterSubmit = 1;
    const lost = await apply([]);
    expect(lost.code).toBe(1);
    expect(lost.rows.map((x) => x.code)).toEqual(["reply-lost", "reply-lost"]);
    sim.options.rateDropAfterSubmit = 0;
    const rerun = await apply([]);
    expect(rerun.stderr).toContain("2 matched to their runs");
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.rows.map((x) => x.status)).toEqual(["succeeded", "succeeded"]);
    expect(acceptedTwice(sim)).toEqual([]);
  });

  for (const damaged of ["html", "truncated", "half"] as const) {
    it(`a damaged 200 (${damaged}): the pairs it may have activated stay unknown, then the rerun resolves them`, async () => {
      const { sim, apply } = await setup();
      sim.options.acceptedReplyAs = damaged;
      const first = await apply([]);
      expect(first.code).toBe(1);
      expect(first.rows.some((x) => x.code === "reply-lost" || x.code === "no-run-returned")).toBe(true);
      delete sim.options.acceptedReplyAs;
      const rerun = await apply([]);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(rerun.rows.map((x) => x.status)).toEqual(["succeeded", "succeeded"]);
      expect([acceptedOf(sim, A[1]!), acceptedOf(sim, A[2]!)]).toEqual([1, 1]);
    });
  }

  it("a lagging runs list: a lost reply is not retried before the list settles; the rerun resolves it", async () => {
    const { sim, apply } = await setup({ listLagMs: 30_000 });
    sim.options.rateDropAfterSubmit = 1;
    expect((await apply([])).code).toBe(1);
    sim.options.rateDropAfterSubmit = 0;
    const rerun = await apply([]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain("2 matched to their runs");
    expect(acceptedTwice(sim)).toEqual([]);
  });

  it("the installed command killed between Platform's acceptance and the record: the rerun resolves, never resubmits", async () => {
    const { sim, apply, repo: r } = await setup({ runDurationMs: 60_000 });
    const before = sim.state.accepted.length;
    sim.options.replyDelayMs = 2_000; // the runs exist; the reply is on its way when the process dies
    const bin = path.resolve(import.meta.dirname, "../../bin/aep-activate.js");
    const child = spawn(
      process.execPath,
      [bin, "apply", "--platform-url", sim.url, "--ims-url", sim.url, "--state", "state.json"],
      { cwd: r.dir, env: { ...process.env, ...ENV }, stdio: "ignore" },
    );
    const killer = setInterval(() => {
      if (sim.state.accepted.length > before) child.kill("SIGKILL");
    }, 5);
    const code = await new Promise<number | null>((done) => child.on("close", (c) => done(c)));
    clearInterval(killer);
    expect(code).toBeNull(); // killed
    expect(sim.state.accepted.length - before).toBe(2);
    expect(readFileSync(path.join(r.dir, "state.json"), "utf8")).toContain('"state": "intent"');
    delete sim.options.replyDelayMs;
    const rerun = await apply([]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain("2 matched to their runs");
    expect([acceptedOf(sim, A[1]!), acceptedOf(sim, A[2]!)]).toEqual([1, 1]);
  });

  it("runs that outlive the timeout, then a rerun with a longer one: followed to their end, not resubmitted", async () => {
    const { sim, apply } = await setup({ runDurationMs: 5 * 60_000 });
    const short = await apply(["--timeout-minutes", "1"]);
    expect(short.code).toBe(1);
    expect(short.rows.map((x) => x.code)).toEqual(["run-timeout", "run-timeout"]);
    const longer = await apply(["--timeout-minutes", "30"]);
    expect(longer.code, longer.stderr).toBe(0);
    expect(longer.stderr).toContain("following 2 run(s) an earlier attempt started");
    expect(acceptedTwice(sim)).toEqual([]);
    expect(sim.state.accepted).toHaveLength(3);
  });

  it("a same-credential run from elsewhere inside the window keeps a lost pair unknown, shown with its candidates", async () => {
    const { sim, apply, clock, repo } = await setup();
    sim.options.rateDropAfterSubmit = 1;
    expect((await apply([])).code).toBe(1);
    sim.options.rateDropAfterSubmit = 0;
    // Another step or a CLI user with the same credential exports A0 on D0 (it must be a new run).
    sim.state.addRun?.({
      flowId: D[0]!,
      audience: A[0]!,
      sandbox: "prod",
      createdAt: clock.now() - 1000,
      createdClient: "state-client",
    });
    const rerun = await apply([]);
    expect(rerun.code).toBe(1);
    const d0 = rerun.rows.find((x) => x.destination === D[0]);
    expect(d0?.code).toBe("earlier-unknown");
    expect(d0?.reason).toContain("candidate runs:");
    expect(rerun.stderr).toContain("were created by this credential (state-client) but not by this state");
    expect(acceptedOf(sim, A[1]!)).toBe(1);
    const ours = sim.state.accepted.find((a) => a.audience === A[1])!.runId;

    // `status` shows every pair of the key by plan: the lost one unknown, with its candidate runs.
    const status = await runCli(["status", "--state", "state.json"], repo.dir, ENV, { clock });
    expect(status.code, status.stderr).toBe(0);
    const lines = status.stdout.split("\n");
    expect(lines[0]).toBe("ORG1@AdobeOrg · sandbox prod: 3 pair(s): 1 unknown · 2 succeeded");
    expect(lines.find((l) => l.includes(`${D[0]} / ${A[1]}`))).toMatch(
      new RegExp(`unknown +earlier-unknown|unknown +ambiguous-\\w+; candidates: .*${ours}`),
    );
    expect(lines.filter((l) => / succeeded +since /.test(l))).toHaveLength(2);

    // A person looks at the candidates, and records which run was this pair's: the next apply follows it.
    const listed = await runCli(["resolve", "--state", "state.json"], repo.dir, ENV, { clock });
    expect(listed.code, listed.stderr).toBe(0);
    const line = listed.stdout.split("\n").find((l) => l.startsWith(`${D[0]}/${A[1]}@`));
    expect(line).toContain(ours);
    const decided = await runCli(
      ["resolve", "--state", "state.json", `${D[0]}/${A[1]}=${ours}`],
      repo.dir,
      ENV,
      { clock },
    );
    expect(decided.code, decided.stderr).toBe(0);
    const after = await apply([]);
    expect(after.code, after.stderr).toBe(0);
    expect(after.rows.map((x) => x.status)).toEqual(["succeeded", "succeeded"]);
    const json = await runCli(["status", "--state", "state.json", "--json"], repo.dir, ENV, { clock });
    const rows = JSON.parse(json.stdout) as { audience: string; state: string; runIds?: string[] }[];
    expect(rows.map((x) => x.state)).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(rows.find((x) => x.audience === A[1])?.runIds).toEqual([ours]);
    // Ours were each accepted once (A0's second run is the other credential user's).
    expect([acceptedOf(sim, A[1]!), acceptedOf(sim, A[2]!)]).toEqual([1, 1]);
  });

  it("resolve refuses a decision about a pair that is not unknown, and one it cannot read; nothing is recorded", async () => {
    const { apply, repo, clock, stateFile } = await setup();
    expect((await apply([])).code).toBe(0);
    const before = readFileSync(stateFile, "utf8");
    const wrong = await runCli(
      ["resolve", "--state", "state.json", `${D[0]}/${A[0]}=not-activated`],
      repo.dir,
      ENV,
      { clock },
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      `No unknown pair ${D[0]}/${A[0]} in ORG1%40AdobeOrg/prod/default; nothing was recorded.`,
    );
    const bad = await runCli(["resolve", "--state", "state.json", "garbage"], repo.dir, ENV, { clock });
    expect(bad.code).toBe(2);
    expect(readFileSync(stateFile, "utf8")).toBe(before);
    const listed = await runCli(["resolve", "--state", "state.json"], repo.dir, ENV, { clock });
    expect(listed.stdout).toBe("No unknown pairs in ORG1%40AdobeOrg/prod/default.");
  });

  it("two orgs, each with a prod sandbox, keep separate state in one file", async () => {
    const { sim, apply, stateFile } = await setup();
    expect((await apply([])).code).toBe(0);
    const other = await apply(["--init"], { ...ENV, AEP_ORG_ID: "ORG2@AdobeOrg" });
    expect(other.code, other.stderr).toBe(0);
    expect(other.rows.map((x) => x.status)).toEqual(["succeeded", "succeeded"]); // submitted for org 2
    const keys = Object.keys((JSON.parse(readFileSync(stateFile, "utf8")) as { keys: object }).keys).sort();
    expect(keys).toEqual(["ORG1%40AdobeOrg/prod/default", "ORG2%40AdobeOrg/prod/default"]);
    expect(sim.state.accepted).toHaveLength(5);
  });

  it("two concurrent runs for one key: the second waits for the lock, then does only what is left", async () => {
    const { sim, apply, clock } = await setup({ runDurationMs: 90_000 });
    // The second starts while the first holds the lock, on its own clock (its waits last real time).
    const [one, two] = await secondWhileFirstSubmits(
      sim,
      () => apply([]),
      () => apply(["--timeout-minutes", "600"], ENV, new PacedClock(clock.now())),
    );
    expect([one.code, two.code], one.stderr + two.stderr).toEqual([0, 0]);
    expect(one.stderr + two.stderr).toMatch(/is locked by aep-activate on .*; waiting for it/);
    expect(acceptedTwice(sim)).toEqual([]);
    expect(sim.state.accepted).toHaveLength(3);
    const codes = [...one.rows, ...two.rows].map((x) => x.code ?? x.status).sort();
    expect(codes).toEqual(["succeeded", "succeeded", "succeeded-earlier", "succeeded-earlier"]);
  });

  it("a lock that does not free in time fails naming its holder; nothing is submitted", async () => {
    const { sim, apply, stateFile } = await setup();
    const file = JSON.parse(readFileSync(stateFile, "utf8")) as { keys: Record<string, { lock?: object }> };
    file.keys["ORG1%40AdobeOrg/prod/default"]!.lock = {
      holder: "github run 42 attempt 1",
      until: Date.now() + 86_400_000,
    };
    writeFileSync(stateFile, JSON.stringify(file));
    const before = sim.state.accepted.length;
    const run = await apply(["--timeout-minutes", "2"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("is locked by github run 42 attempt 1 until");
    expect(run.stderr).toContain("waited 2 min");
    expect(sim.state.accepted).toHaveLength(before);
  });

  it("a state that cannot be read or written: nothing submitted, the reason named", async () => {
    const { sim, apply, stateFile } = await setup();
    const before = sim.state.accepted.length;
    writeFileSync(stateFile, "{ not json");
    const unreadable = await apply([]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain("is not a state file");
    const unwritable = await apply(["--init", "--state", "no-such-dir/state.json"]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toMatch(
      /Nothing was submitted: the activation state is unavailable: could not lock the state file .*no-such-dir/,
    );
    expect(sim.state.accepted).toHaveLength(before);
  });
});
