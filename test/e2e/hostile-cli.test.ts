// Faults that used to escape the engine, through the CLI as users run it: each ends with every pair's
// outcome written (a row with a code), the exit code saying so, and no stack trace.
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { VirtualClock } from "../helpers/clock.js";
import { TestRepo } from "../helpers/git-repo.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { acceptedTwice, pairsOf, startSimulator } from "../helpers/sim.js";

const D = [uuid("hc-d0"), uuid("hc-d1")];
const A = [uuid("hc-a0"), uuid("hc-a1")];
const ENV = { AEP_CLIENT_ID: "hc-client", AEP_CLIENT_SECRET: "hc-secret-1a2b3c", AEP_ORG_ID: "HC@AdobeOrg" };

interface Row {
  status: string;
  code?: string;
  reason?: string;
}

async function setup(options: Parameters<typeof startSimulator>[0] = {}) {
  const clock = new VirtualClock();
  const sim = await startSimulator({
    clock,
    credentials: { clientId: ENV.AEP_CLIENT_ID, clientSecret: ENV.AEP_CLIENT_SECRET },
    maps: pairsOf({ [D[0]!]: [A[0]!], [D[1]!]: [A[1]!] }),
    ...options,
  });
  const r = TestRepo.create();
  r.write("README.md", "plans\n").commit("start");
  r.write("activation-plans/flash.yaml", planYaml("flash", "prod", { [D[0]!]: [A[0]!], [D[1]!]: [A[1]!] }));
  r.commit("flash");
  const apply = async () => {
    const run = await runCli(
      ["apply", "--json", "--init", "--platform-url", sim.url, "--ims-url", sim.url, "--state", "state.json"],
      r.dir,
      ENV,
      { clock },
    );
    const rows = run.stdout.startsWith("[") ? (JSON.parse(run.stdout) as Row[]) : [];
    return { ...run, rows };
  };
  return { sim, apply };
}

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);

describe("faults mid-wave, through the CLI", () => {
  it("IMS refuses the token renewal while the runs are followed: every pair ends with a code, exit 1, nothing resubmitted", async () => {
    // Runs that last 50 min: the revocation below lands long before they could end.
    const { sim, apply } = await setup({ tokenLifetimeSeconds: 120, runDurationMs: 50 * 60_000 });
    const running = apply();
    // Once the job is accepted, the credential is revoked: the renewal two minutes later is refused.
    while (sim.state.accepted.length === 0) await new Promise((r) => setTimeout(r, 2));
    sim.options.credentials = { clientId: ENV.AEP_CLIENT_ID, clientSecret: "rotated-elsewhere" };
    const run = await running;
    expect(run.code, run.stderr).toBe(1);
    noStack(run.stderr + run.stdout);
    expect(run.rows).toHaveLength(2);
    for (const row of run.rows) expect(row.code, JSON.stringify(row)).toMatch(/^[a-z-]+$/);
    // Not "still Processing after 60 min": the truth is that the runs could not be read, and why.
    for (const row of run.rows) {
      expect(row.code).toBe("run-timeout"); // the next run follows them
      expect(row.reason).toMatch(/could not be followed to its end: .*IMS refused the client credentials/);
    }
    expect(acceptedTwice(sim)).toEqual([]);
  });

  it("a run status that is not a string: the runs count as still running, and end as run-timeout with a code, exit 1", async () => {
    const { sim, apply } = await setup({ runStatusAs: "number" });
    const run = await apply();
    expect(run.code, run.stderr).toBe(1);
    noStack(run.stderr + run.stdout);
    expect(run.rows.map((row) => row.code)).toEqual(["run-timeout", "run-timeout"]); // the next run follows them
    expect(sim.state.accepted).toHaveLength(2);
    expect(acceptedTwice(sim)).toEqual([]);
  });

  it("a 200 to the submission whose body has another shape: the pairs end unknown with a code, exit 1", async () => {
    const { sim, apply } = await setup({ acceptedReplyAs: "shape" });
    const run = await apply();
    expect(run.code, run.stderr).toBe(1);
    noStack(run.stderr + run.stdout);
    expect(run.rows).toHaveLength(2);
    for (const row of run.rows) expect(row.code, JSON.stringify(row)).toMatch(/^[a-z-]+$/);
    expect(sim.state.accepted).toHaveLength(2);
    expect(acceptedTwice(sim)).toEqual([]);
  });
});
