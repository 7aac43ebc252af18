// `aep-activate apply` as a user runs it: a real git repository, the simulator, credentials from the environment.
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { VirtualClock } from "../helpers/clock.js";
import { TestRepo } from "../helpers/git-repo.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { acceptedTwice, pairsOf, startSimulator } from "../helpers/sim.js";

const D = uuid("cli-d");
const A = [uuid("cli-a0"), uuid("cli-a1")];
const ENV = {
  AEP_CLIENT_ID: "cli-client",
  AEP_CLIENT_SECRET: "cli-secret-9f8e7d",
  AEP_ORG_ID: "CLI@AdobeOrg",
};

function repo(): TestRepo {
  const r = TestRepo.create();
  r.write("activation-plans/base.yaml", planYaml("base", "prod", { [D]: [A[0]!] }));
  r.commit("base");
  r.write("activation-plans/flash.yaml", planYaml("flash", "prod", { [D]: A }));
  r.commit("flash");
  return r;
}

describe("aep-activate apply", () => {
  it("applies the change, prints one JSON row per pair and plan, exit 0; the secret never appears", async () => {
    const clock = new VirtualClock(); // shared by the simulator and the CLI: its 2 s polls cost no wall time
    const sim = await startSimulator({ runDurationMs: 200, clock, maps: pairsOf({ [D]: A }) });
    const r = repo();
    const run = await runCli(
      ["apply", "--json", "--platform-url", sim.url, "--ims-url", sim.url],
      r.dir,
      ENV,
      { clock },
    );
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as {
      plan: string;
      destination: string;
      audience: string;
      status: string;
      runId: string;
    }[];
    expect(rows.map((x) => [x.plan, x.audience, x.status])).toEqual(
      [...A].sort().map((a) => ["flash", a, "succeeded"]),
    );
    expect(rows.every((x) => typeof x.runId === "string" && x.destination === D)).toBe(true);
    expect(run.stdout + run.stderr).not.toContain("cli-secret-9f8e7d");
    expect(run.stdout + run.stderr).not.toMatch(/sim-[0-9a-f-]{36}/); // no token
    expect(run.stderr).toContain("Wave 1 of 1: submitting 1 job.");
  });

  it("300 pairs through 429 bursts with --max-concurrent-requests 2: Platform never sees more than 2 at once, every pair succeeds once, and the calls are counted by kind", async () => {
    const clock = new VirtualClock();
    const DS = [0, 1, 2].map((i) => uuid(`cli-many-d${i}`));
    const AS = Array.from({ length: 100 }, (_, i) => uuid(`cli-many-a${i}`));
    const plan = Object.fromEntries(DS.map((d) => [d, AS]));
    const sim = await startSimulator({ runDurationMs: 200, latencyMs: 3, clock, maps: pairsOf(plan) });
    // 1 in 20 requests is throttled (429, Retry-After 1 s), submissions included.
    Object.assign(sim.options, { rate429: 0.05, retryAfterSeconds: 1 });
    const r = TestRepo.create();
    r.write("activation-plans/base.yaml", planYaml("base", "prod", { [D]: [A[0]!] })).commit("base");
    r.write("activation-plans/many.yaml", planYaml("many", "prod", plan)).commit("many");
    const run = await runCli(
      ["apply", "--json", "--platform-url", sim.url, "--ims-url", sim.url, "--max-concurrent-requests", "2"],
      r.dir,
      ENV,
      { clock },
    );
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as { status: string }[];
    expect(rows.filter((x) => x.status === "succeeded")).toHaveLength(300);
    expect(acceptedTwice(sim)).toEqual([]);
    expect(sim.state.accepted).toHaveLength(300);
    expect(sim.requests.some((q) => q.status === 429)).toBe(true);
    expect(sim.peakInFlight).toBeLessThanOrEqual(2);
    // Runs are followed through each dataflow's run list: well under one Platform call a pair.
    expect(sim.requests.length / 300).toBeLessThan(0.5);
    expect(run.stderr).toMatch(
      /Platform calls: \d+, at most 2 in flight at once(; 429s paused requests for [\d.]+ s in all)?: .*\d+ POST \/data\/core\/activation\/disflowprovider\/adhocrun/,
    );
    const bad = await runCli(["apply", "--max-concurrent-requests", "0"], r.dir, ENV);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      expect.stringContaining("--max-concurrent-requests must be a whole number from 1 to 64"),
    ]);
  });

  it("an audience ID as Platform issues it (prefix_UUID, as segmentation.yaml shows) validates, plans and applies; a truncated UUID is still refused", async () => {
    const clock = new VirtualClock();
    const issued = "QU9fLTEzOTgzNTE0MzY0NzY0NDg5NzkyOTkx_6ed34f6f-fe21-4a30-934f-6ffe21fa3075";
    const sim = await startSimulator({ runDurationMs: 200, clock, maps: pairsOf({ [D]: [A[0]!, issued] }) });
    const r = TestRepo.create();
    r.write("activation-plans/base.yaml", planYaml("base", "prod", { [D]: [A[0]!] })).commit("base");
    r.write("activation-plans/issued.yaml", planYaml("issued", "prod", { [D]: [issued] })).commit("issued");
    const valid = await runCli(["validate"], r.dir, ENV);
    expect(valid.code, valid.stdout + valid.stderr).toBe(0);
    const run = await runCli(
      ["apply", "--json", "--platform-url", sim.url, "--ims-url", sim.url],
      r.dir,
      ENV,
      { clock },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(
      (JSON.parse(run.stdout) as { audience: string; status: string }[]).map((x) => [x.audience, x.status]),
    ).toEqual([[issued, "succeeded"]]);
    expect(sim.state.accepted.map((a) => a.audience)).toEqual([issued]);
    // One character short, bare or behind Platform's prefix: still a typo, refused at its line.
    for (const cut of [A[1]!.slice(0, -1), issued.slice(0, -1)]) {
      r.write("activation-plans/issued.yaml", planYaml("issued", "prod", { [D]: [cut] }));
      const refused = await runCli(["validate"], r.dir, ENV);
      expect(refused.code).toBe(1);
      expect(refused.stdout + refused.stderr).toMatch(
        new RegExp(
          `activation-plans/issued\\.yaml:\\d+:\\d+: error: \`${cut.slice(0, 20)}.*\` is not an audience ID`,
        ),
      );
    }
  });

  it("exits 1 when a pair is not submitted, with the reason and the plan's line in the table", async () => {
    const clock = new VirtualClock();
    const sim = await startSimulator({
      fixture: { strict: true, dataflows: [{ id: D, audiences: [{ id: A[0]! }] }] },
      clock,
    });
    const run = await runCli(["apply", "--platform-url", sim.url, "--ims-url", sim.url], repo().dir, ENV, {
      clock,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("not-submitted  flash");
    expect(run.stdout).toMatch(
      /is not mapped to dataflow .* \(asked for at activation-plans\/flash\.yaml:11\)/,
    );
    expect(run.stdout).toContain("1 succeeded, 0 failed, 1 not submitted");
  });

  it("exits 2 without credentials, saying which are missing", async () => {
    const run = await runCli(["apply"], repo().dir, {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "missing AEP_CLIENT_ID, AEP_ORG_ID, AEP_CLIENT_SECRET (or AEP_ACCESS_TOKEN) in the environment",
    );
    // The way to its help is said once (it was said twice).
    expect(run.stderr.match(/--help/g)).toHaveLength(1);
  });

  it("exits 2 when the selection matches no plan file, naming the pattern, before any Platform call", async () => {
    const sim = await startSimulator();
    const run = await runCli(
      ["apply", "--platform-url", sim.url, "--ims-url", sim.url, "activation-plan/**/*.yaml"],
      repo().dir,
      ENV,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no plan files match 'activation-plan/**/*.yaml'");
    expect(sim.requests).toEqual([]);
  });

  it("refuses a Platform or IMS URL without a scheme, or on plain http off loopback (exit 2, no request)", async () => {
    for (const [flag, url, says] of [
      ["--platform-url", "platform.adobe.io", "is not a URL; give the scheme too"],
      [
        "--ims-url",
        "http://ims.example.com",
        "is not https: credentials and tokens would travel in clear text",
      ],
    ] as const) {
      const run = await runCli(["apply", flag, url], repo().dir, ENV);
      expect(run.code, url).toBe(2);
      expect(run.stderr).toContain(`${flag} '${url}' ${says}`);
    }
  });

  it("--dry-run runs the pre-flight and submits nothing (exit 0)", async () => {
    const clock = new VirtualClock();
    const sim = await startSimulator({ clock, maps: pairsOf({ [D]: A }) });
    const run = await runCli(
      ["apply", "--dry-run", "--platform-url", sim.url, "--ims-url", sim.url],
      repo().dir,
      ENV,
      { clock },
    );
    expect(run.code).toBe(0);
    expect(sim.requests.some((x) => x.path.endsWith("/adhocrun"))).toBe(false);
    expect(run.stdout).toContain("dry run");
  });
});
