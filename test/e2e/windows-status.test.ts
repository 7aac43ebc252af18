// `aep-activate status` over the Action's state branch after windows that open later (issue 16):
// what an operator sees of every pair of a sequence of merges, scheduled runs and a person's yes.
// Every run is the Action in-process through the runner-faithful harness with every action.yml
// default, each on a fresh depth-1 clone at its commit, against the simulator and the GitHub
// stand-in on one virtual clock; the CLI reads the state branch as `git fetch` brings it.
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { workflowDispatchEvent } from "../helpers/payloads.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { acceptedTwice } from "../helpers/sim.js";
import { windowsWorld } from "../helpers/windows-world.js";

const D = uuid("win-d");
const [A1, B1] = ["win-a1", "win-b1"].map(uuid) as [string, string];
const MINUTE = 60_000;

/** `mapped`: the audiences mapped (a year ago) to the destination; the others are not. */
const world = (mapped = [A1, B1]) => windowsWorld("win", mapped);

describe("aep-activate status after windows that open later", () => {
  it("aep-activate status reads the Action's state branch, fetched into a clone: pending, failed, then succeeded", async () => {
    const w = await world([A1]);
    await w.mergeAndPush([
      { number: 71, files: { "activation-plans/w.yaml": w.windowed("w", [A1], 30 * MINUTE) } },
      { number: 72, files: { "activation-plans/u.yaml": planYaml("u", "prod", { [D]: [B1] }) } },
    ]);
    const status = () => w.status();
    const before = await status();
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toContain("ORG@AdobeOrg · sandbox prod: 2 pair(s): 1 failed · 1 pending");
    expect(before.stdout).toMatch(new RegExp(`${A1} .*pending +waiting for its plan's window to open`));
    expect(before.stdout).toMatch(new RegExp(`${B1} .*failed +not-mapped before any try`));
    await w.later(31 * MINUTE);
    const sent = await w.schedule();
    expect(sent.code, sent.stdout).toBe(0);
    const after = await status();
    expect(after.stdout).toContain("2 pair(s): 1 failed · 1 succeeded");
    expect(after.stdout).toMatch(new RegExp(`${A1} .*succeeded +since `));
    const missing = await runCli(
      ["status", "--branch", "origin/aep-activation-state", "--org", "ORG@AdobeOrg"],
      w.r.dir,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("git fetch origin aep-activation-state");
  });

  it("aep-activate status after the whole sequence: a row per pair with what happened to it, each sent at most once", async () => {
    const [C1, E1, F1, G1, H1] = ["win-c1", "win-e1", "win-f1", "win-g1", "win-h1"].map(uuid) as string[];
    const w = await world([A1, B1, C1!, E1!, G1!]); // F1 is never mapped; H1 is mapped later
    const HOUR = 60 * MINUTE;
    const weekendOpens = new Date(w.clock.now() + 30 * HOUR).toISOString();
    await w.mergeAndPush([
      { number: 91, files: { "activation-plans/flash.yaml": w.windowed("flash", [A1], MINUTE) } },
      { number: 92, files: { "activation-plans/brief.yaml": w.windowed("brief", [B1], MINUTE, MINUTE) } },
      { number: 93, files: { "activation-plans/late.yaml": w.windowed("late", [C1!], 2 * HOUR) } },
      { number: 94, files: { "activation-plans/gone.yaml": w.windowed("gone", [E1!], 2 * MINUTE) } },
      {
        number: 95,
        files: { "activation-plans/unmapped.yaml": planYaml("unmapped", "prod", { [D]: [F1!] }) },
      },
      { number: 96, files: { "activation-plans/weekend.yaml": w.windowed("weekend", [G1!], 30 * HOUR) } },
      { number: 97, files: { "activation-plans/gone.yaml": null } },
    ]);
    // The first scheduled run GitHub starts, 3 minutes on: flash goes out late, brief has closed.
    await w.later(3 * MINUTE);
    expect((await w.schedule()).code).toBe(0);
    // The scheduled workflow is disabled for a day; an audience is mapped in the UI meanwhile.
    await w.later(27 * HOUR);
    w.sim.state.mapAudiences([{ destination: D, audience: H1! }], w.clock.now() - 10 * MINUTE);
    await w.mergeAndPush([
      { number: 98, files: { "activation-plans/fresh.yaml": planYaml("fresh", "prod", { [D]: [H1!] }) } },
    ]);
    expect((await w.schedule()).code).toBe(0);
    const shown = await w.status();
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(
      "ORG@AdobeOrg · sandbox prod: 7 pair(s): 1 failed · 3 pending · 1 succeeded · 2 expired",
    );
    const row = (audience: string) => shown.stdout.split("\n").find((l) => l.includes(audience)) ?? "";
    expect(row(A1)).toMatch(
      /flash\.yaml .* succeeded +since .*; sent 2 min after its window opened; reviewed on PR #91$/,
    );
    expect(row(B1)).toMatch(
      /brief\.yaml .* expired +its window closed before a run could send it; never sent/,
    );
    expect(row(C1!)).toMatch(
      /late\.yaml .* pending +its window opened longer than max-lateness ago: sent only with a person's yes, a manual run with confirm: "93 sha256:[0-9a-f]{64}"/,
    );
    expect(row(E1!)).toMatch(/gone\.yaml .* expired +cancelled: its plan no longer asks for it/);
    expect(row(F1!)).toMatch(
      /unmapped\.yaml .* failed +not-mapped before any try.*not worth retrying on its own/,
    );
    expect(row(G1!)).toMatch(
      new RegExp(`weekend\\.yaml .* pending +waiting for its plan's window to open at ${weekendOpens}: `),
    );
    expect(row(H1!)).toMatch(/fresh\.yaml .* pending +waiting for Adobe's hour/);
    // The person's yes, as the status line says.
    const hash = /confirm: "93 (sha256:[0-9a-f]{64})"/.exec(row(C1!))?.[1];
    const yes = await w.step(
      w.checkout(w.r.head()),
      "workflow_dispatch",
      workflowDispatchEvent({}),
      w.r.head(),
      {
        confirm: `93 ${hash}`,
      },
    );
    expect(yes.code, yes.stdout).toBe(0);
    const after = await w.status("--json");
    const states = Object.fromEntries(
      (JSON.parse(after.stdout) as { audience: string; state: string; code?: string }[]).map((r) => [
        r.audience,
        `${r.state}${r.code === undefined ? "" : ` ${r.code}`}`,
      ]),
    );
    expect(states).toMatchObject({
      [A1]: expect.stringMatching(/^succeeded/),
      [B1]: "expired window-closed",
      [C1!]: expect.stringMatching(/^succeeded/),
      [E1!]: "expired revoked",
      [F1!]: "failed not-mapped",
      [G1!]: "pending window-pending",
      [H1!]: "pending first-activation-wait",
    });
    for (const a of [A1, C1!]) expect(w.accepted(a)).toBe(1);
    for (const a of [B1, E1!, F1!, G1!, H1!]) expect(w.accepted(a)).toBe(0);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });
});
