// Hostile tests of the CLI's closed windows: `aep-activate apply --state FILE` expires the
// pending pairs of a plan whose window has closed, and `aep-activate status` words each row. Each
// scenario runs the CLI in-process on a VirtualClock shared with the simulator, as state-cli.test.ts.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { VirtualClock } from "../helpers/clock.js";
import { acceptedTwice, pairsOf, startSimulator } from "../helpers/sim.js";
import { ids, stateRepo } from "../helpers/state-world.js";
import { planYaml } from "../helpers/plans.js";

const { D, A } = ids("hst");
const ENV = {
  AEP_CLIENT_ID: "hstatus-client",
  AEP_CLIENT_SECRET: "hstatus-secret-9f8e7d",
  AEP_ORG_ID: "ORG1@AdobeOrg",
};
const BRIEF = "window:\n  notBefore: 2030-01-01T08:00:00Z\n  notAfter: 2030-01-01T09:00:00Z";
const LATER = "window:\n  notBefore: 2030-01-01T12:00:00Z\n  notAfter: 2030-01-01T13:00:00Z";

async function setup(init = true) {
  const clock = new VirtualClock();
  const sim = await startSimulator({
    runDurationMs: 200,
    clock,
    maps: pairsOf({ [D[0]!]: [A[0]!, A[1]!], [D[1]!]: [A[2]!] }),
  });
  const { r: repo } = stateRepo("hst", false);
  const cli = (argv: string[]) => runCli(argv, repo.dir, ENV, { clock });
  const apply = (extra: string[]) =>
    cli(["apply", "--platform-url", sim.url, "--ims-url", sim.url, "--state", "state.json", ...extra]);
  const status = () => cli(["status", "--state", "state.json"]);
  if (init) {
    const warm = await apply(["--init", "--base", "HEAD~2", "--head", "HEAD~1"]);
    expect(warm.code, warm.stderr).toBe(0);
  }
  const accepted = (audience: string) => sim.state.accepted.filter((a) => a.audience === audience).length;
  return { clock, sim, repo, apply, status, accepted, stateFile: path.join(repo.dir, "state.json") };
}

describe("hostile: the CLI's closed windows and status", () => {
  it("two plans of one commit ask for one pair: the one whose window closed does not expire the one still to open; it is sent once when it opens", async () => {
    const w = await setup();
    const base = w.repo.head();
    w.repo
      .write("activation-plans/brief.yaml", planYaml("brief", "prod", { [D[1]!]: [A[2]!] }, BRIEF))
      .write("activation-plans/later.yaml", planYaml("later", "prod", { [D[1]!]: [A[2]!] }, LATER))
      .commit("brief and later");
    const range = ["--base", base, "--head", "HEAD"];
    const early = await w.apply([...range, "--at", "2030-01-01T07:00:00Z"]);
    expect(early.code, early.stderr).toBe(0);
    const before = w.accepted(A[2]!);
    // 10:00: brief's window has closed; later's opens at 12:00.
    const mid = await w.apply([...range, "--at", "2030-01-01T10:00:00Z"]);
    expect(mid.code, mid.stderr).toBe(0);
    // 12:05: later's window is open: the pair goes out, once.
    const open = await w.apply([...range, "--at", "2030-01-01T12:05:00Z"]);
    expect(open.code, `${open.stdout}\n${open.stderr}`).toBe(0);
    expect(w.accepted(A[2]!)).toBe(before + 1);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });

  it("a closed window of another commit's plan does not expire the pending pair a still-to-open plan asked for; that change applied once open sends it once", async () => {
    const w = await setup();
    const c0 = w.repo.head();
    const c1 = w.repo
      .write("activation-plans/later.yaml", planYaml("later", "prod", { [D[1]!]: [A[2]!] }, LATER))
      .commit("later");
    const first = await w.apply(["--base", c0, "--head", c1, "--at", "2030-01-01T07:00:00Z"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("1 newly recorded as pending");
    const before = w.accepted(A[2]!);
    const c2 = w.repo
      .write("activation-plans/brief.yaml", planYaml("brief", "prod", { [D[1]!]: [A[2]!] }, BRIEF))
      .commit("brief");
    const second = await w.apply(["--base", c1, "--head", c2, "--at", "2030-01-01T10:00:00Z"]);
    expect(second.code, second.stderr).toBe(0);
    // As the CLI said: apply that change again once the window is open.
    const open = await w.apply(["--base", c0, "--head", c1, "--at", "2030-01-01T12:05:00Z"]);
    expect(open.code, `${open.stdout}\n${open.stderr}`).toBe(0);
    expect(w.accepted(A[2]!)).toBe(before + 1);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });

  it("status after another commit's plan closed: the still-to-open plan's pair reads pending, not 'window closed, never sent'", async () => {
    const w = await setup();
    const c0 = w.repo.head();
    const c1 = w.repo
      .write("activation-plans/later.yaml", planYaml("later", "prod", { [D[1]!]: [A[2]!] }, LATER))
      .commit("later");
    expect((await w.apply(["--base", c0, "--head", c1, "--at", "2030-01-01T07:00:00Z"])).code).toBe(0);
    const c2 = w.repo
      .write("activation-plans/brief.yaml", planYaml("brief", "prod", { [D[1]!]: [A[2]!] }, BRIEF))
      .commit("brief");
    expect((await w.apply(["--base", c1, "--head", c2, "--at", "2030-01-01T10:00:00Z"])).code).toBe(0);
    const shown = await w.status();
    const row = shown.stdout.split("\n").find((l) => l.includes("later.yaml")) ?? "";
    expect(row).toMatch(/pending +waiting for its plan's window to open/);
  });

  it("--dry-run of a closed window writes nothing to the state file", async () => {
    const w = await setup();
    w.repo
      .write("activation-plans/brief.yaml", planYaml("brief", "prod", { [D[1]!]: [A[2]!] }, BRIEF))
      .commit("brief");
    expect((await w.apply(["--at", "2030-01-01T07:00:00Z"])).code).toBe(0);
    const bytes = readFileSync(w.stateFile, "utf8");
    const dry = await w.apply(["--dry-run", "--at", "2030-01-01T10:00:00Z"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(readFileSync(w.stateFile, "utf8")).toBe(bytes);
    expect((await w.status()).stdout).toMatch(/pending +waiting for its plan's window to open/);
  });

  it("a missing state file with only a closed plan: no file is created and nothing is sent", async () => {
    const w = await setup(false);
    w.repo
      .write("activation-plans/brief.yaml", planYaml("brief", "prod", { [D[1]!]: [A[2]!] }, BRIEF))
      .commit("brief");
    const run = await w.apply(["--at", "2030-01-01T10:00:00Z"]);
    // No state file holds no pending request: nothing to expire, nothing to send, exit 0.
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("Nothing to activate.");
    expect(w.sim.state.accepted).toHaveLength(0);
    expect(() => readFileSync(w.stateFile)).toThrow();
  });

  it("a corrupt state file with only a closed plan: named on stderr, nothing sent, and the apply fails", async () => {
    const w = await setup();
    w.repo
      .write("activation-plans/brief.yaml", planYaml("brief", "prod", { [D[1]!]: [A[2]!] }, BRIEF))
      .commit("brief");
    expect((await w.apply(["--at", "2030-01-01T07:00:00Z"])).code).toBe(0);
    writeFileSync(w.stateFile, "{ not json");
    const run = await w.apply(["--at", "2030-01-01T10:00:00Z"]);
    expect(run.stderr).toContain("is not a state file");
    expect(run.code).toBe(1);
    expect(w.sim.state.accepted.filter((a) => a.audience === A[2]!)).toHaveLength(0);
  });
});

describe("hostile: the Action, two plans of one merge asking for one pair", () => {
  it("a merge adds two plans asking for one pair, one window brief and one later: the later plan's window still sends it, once", async () => {
    const { windowsWorld } = await import("../helpers/windows-world.js");
    const { uuid } = await import("../helpers/plans.js");
    const X1 = uuid("hst-x1");
    const MINUTE = 60_000;
    const w = await windowsWorld("hst", [X1]);
    const [merged] = await w.mergeAndPush([
      {
        number: 31,
        files: {
          "activation-plans/brief.yaml": w.windowed("brief", [X1], MINUTE, MINUTE),
          "activation-plans/later.yaml": w.windowed("later", [X1], 60 * MINUTE, 60 * MINUTE),
        },
      },
    ]);
    expect(merged?.code, merged?.stdout).toBe(0);
    await w.later(5 * MINUTE); // brief has closed; later opens in 55 minutes
    expect((await w.schedule()).code).toBe(0);
    await w.later(60 * MINUTE); // later's window is open
    const open = await w.schedule();
    expect(open.code, open.stdout).toBe(0);
    expect(w.accepted(X1)).toBe(1);
  });
});
