// `aep-activate import` as a user runs it: a plan written from the simulator's dataflows, with
// Platform's names and an external audience's system ID, then validated and applied as written.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../helpers/cli.js";
import { VirtualClock } from "../helpers/clock.js";
import { TestRepo } from "../helpers/git-repo.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { acceptedTwice, startSimulator } from "../helpers/sim.js";

const ENV = {
  AEP_CLIENT_ID: "imp-client",
  AEP_CLIENT_SECRET: "imp-secret-9f8e7d",
  AEP_ORG_ID: "IMP@AdobeOrg",
};
const D = uuid("imp-d");
const [A1, A2, X] = [uuid("imp-a1"), uuid("imp-a2"), uuid("imp-external")];

describe("aep-activate import", () => {
  it("writes a valid plan from a dataflow: Platform's names in the long form, an external audience under its system ID; it validates and applies as written", async () => {
    const clock = new VirtualClock();
    const sim = await startSimulator({
      clock,
      fixture: {
        strict: true,
        dataflows: [
          {
            id: D,
            name: "SFTP – ESP export",
            audiences: [
              { id: A1, name: "Cart abandoners 7d" },
              { id: X, externalId: "extaud9001", name: "Imported from Audience Manager" },
              { id: A2 },
            ],
          },
        ],
      },
    });
    const urls = ["--platform-url", sim.url, "--ims-url", sim.url];
    const run = await runCli(["import", "--sandbox", "prod", "--dataflow", D, ...urls], ".", ENV, { clock });
    expect(run.code, run.stderr).toBe(0);
    const plan = parse(run.stdout) as {
      metadata: { name: string };
      spec: { sandbox: string; activations: { destination: unknown; audiences: unknown[] }[] };
    };
    expect(plan.metadata.name).toBe("import-prod");
    expect(plan.spec.sandbox).toBe("prod");
    expect(plan.spec.activations).toEqual([
      {
        destination: { id: D, name: "SFTP – ESP export" },
        audiences: [
          { id: A1, name: "Cart abandoners 7d" },
          { id: X, name: "Imported from Audience Manager" }, // the system ID, never extaud9001
          { id: A2 },
        ],
      },
    ]);
    expect(run.stdout + run.stderr).not.toContain("imp-secret-9f8e7d");
    expect(run.stderr).toContain("Imported 3 audience(s) on 1 dataflow(s) from sandbox prod.");

    // Written into a repository: it validates, and applies as written (names agree, the system ID maps).
    const r = TestRepo.create();
    r.write("activation-plans/base.yaml", planYaml("base", "prod", { [D]: [A1] })).commit("base");
    r.write("activation-plans/import-prod.yaml", `${run.stdout}\n`).commit("imported");
    expect((await runCli(["validate"], r.dir, ENV)).code).toBe(0);
    const applied = await runCli(
      ["apply", "--json", "--all", "activation-plans/import-prod.yaml", ...urls],
      r.dir,
      ENV,
      {
        clock,
      },
    );
    expect(applied.code, applied.stderr).toBe(0);
    expect(sim.state.accepted.map((a) => a.audience).sort()).toEqual([A1, A2, X].sort());
    expect(acceptedTwice(sim)).toEqual([]);

    // A dataflow Platform does not know: exit 1, saying where to find the ID; no flags: exit 2.
    const missing = await runCli(
      ["import", "--sandbox", "prod", "--dataflow", uuid("imp-none"), ...urls],
      ".",
      ENV,
      {
        clock,
      },
    );
    expect([missing.code, missing.stderr]).toEqual([
      1,
      expect.stringContaining("was not found in sandbox prod"),
    ]);
    // Without --dataflow: every destination dataflow of the sandbox (here the one), the same plan.
    const all = await runCli(["import", "--sandbox", "prod", ...urls], ".", ENV, { clock });
    expect([all.code, all.stdout]).toEqual([0, run.stdout]);
    expect(sim.requests.some((q) => q.path.startsWith("/data/foundation/flowservice/flows?property="))).toBe(
      true,
    );
    const usage = await runCli(["import", "--dataflow", D], ".", ENV);
    expect([usage.code, usage.stderr]).toEqual([2, expect.stringContaining("--sandbox NAME is required")]);
  });
});
