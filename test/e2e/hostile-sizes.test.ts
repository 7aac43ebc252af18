// Hostile review of "the size of an export in review" (sizes.ts, checkEvaluation, profile-exports)
// and `aep-activate import`. Each test states what should hold; the failing ones are defects.
import { describe, expect, it } from "vitest";
import { readAudienceSizes, type AudienceSize } from "../../src/aep/sizes.js";
import { checkEvaluation } from "../../src/activation/preflight.js";
import { stateWorld } from "../helpers/state-world.js";
import { parse } from "yaml";
import { runCli } from "../helpers/cli.js";
import { VirtualClock } from "../helpers/clock.js";
import { uuid } from "../helpers/plans.js";
import { startSimulator } from "../helpers/sim.js";

const A = "3a1b2c3d-0000-4000-8000-000000000001";
const B = "3a1b2c3d-0000-4000-8000-000000000002";
const C = "3a1b2c3d-0000-4000-8000-000000000003";
const H = 3_600_000;
const NOW = Date.UTC(2026, 11, 1, 12);

/** A segment job as segmentation.yaml's example has it. */
const job = (
  at: number | undefined,
  counters: Record<string, unknown>,
  segments: string[] = Object.keys(counters),
) => ({
  status: "SUCCEEDED",
  segments: segments.map((segmentId) => ({ segmentId })),
  creationTime: (at ?? NOW) - H,
  ...(at === undefined ? {} : { updateTime: at, updateEpoch: Math.floor(at / 1000) }),
  metrics: { segmentedProfileCounter: counters },
});

/** A pair as pre-flight sets it: its size when the read found one. */
const pairOf = (audience: string, read: { sizes: Map<string, AudienceSize> }) => {
  const size = read.sizes.get(audience);
  return size === undefined ? { audience } : { audience, size };
};

/** Platform's GET /segment/jobs over fixed pages (start is an item offset, pages of 100). */
const reader = (pages: unknown[][]) => ({
  read: async (path: string) => {
    const start = Number(new URL(`http://x${path}`).searchParams.get("start") ?? 0);
    return { children: pages[start / 100] ?? [] };
  },
});

describe("audience sizes from segment jobs (hostile)", () => {
  it("an audience the newest job evaluated with no qualified profiles (listed in segments[], absent from the counter) is not 'never evaluated'", async () => {
    const read = await readAudienceSizes(reader([[job(NOW - 2 * H, {}, [A])]]), "prod", [A]);
    const finding = checkEvaluation(pairOf(A, read), read, NOW);
    // The job lists A: it was evaluated 2 h ago. Blocking the merge with "no segment job lists it" is false.
    expect(finding?.code).not.toBe("not-evaluated");
  });

  it("one job without updateTime/updateEpoch in a busy org does not make the read 'reach back to 1970' (a wrong not-evaluated that blocks the pair)", async () => {
    // Five full pages of on-demand jobs, all within the last 10 hours; one has no times.
    const pages = Array.from({ length: 5 }, (_, p) =>
      Array.from({ length: 100 }, (_, i) =>
        job(p === 0 && i === 50 ? undefined : NOW - H - (p * 100 + i) * 60_000, { [B]: 5 }),
      ),
    );
    const read = await readAudienceSizes(reader(pages), "prod", [C]);
    expect(read.complete).toBe(false);
    // The jobs read reach back about 9 hours: whether C was evaluated within 26 h is unknown.
    const finding = checkEvaluation(pairOf(C, read), read, NOW);
    expect(finding).toBeUndefined();
  });

  it("a counter Platform gives as a numeric string in the newest job is not skipped for an older, stale job's count", async () => {
    const read = await readAudienceSizes(
      reader([[job(NOW - 2 * H, { [A]: "1033" }), job(NOW - 30 * H, { [A]: 900 })]]),
      "prod",
      [A],
    );
    const finding = checkEvaluation(pairOf(A, read), read, NOW);
    // The newest evaluation (2 h ago) holds A; calling it stale (30 h) blocks the pair wrongly.
    expect(finding?.code).not.toBe("stale-evaluation");
  });
});

describe("profile-exports (hostile)", () => {
  it("a frozen run that only follows runs an earlier run submitted reports 0 profile exports, not theirs again", async () => {
    const w = await stateWorld({ prefix: "hsz", runDurationMs: 5 * 60_000 });
    const first = await w.mergeFlash({ "timeout-minutes": "1" });
    expect(first.rows.map((x) => x.code)).toEqual(["run-timeout", "run-timeout"]);
    const sent = Number(first.outputs["profile-exports"]);
    expect(sent).toBeGreaterThan(0);
    // Frozen: nothing new is submitted; the two runs in flight are followed to their end.
    const followed = await w.mergeFlash({ freeze: "true", "timeout-minutes": "30" });
    expect(followed.code, followed.stdout).toBe(0);
    expect(followed.stdout).toContain("following 2 run(s) an earlier attempt started");
    expect([w.acceptedOf(w.A[1]!), w.acceptedOf(w.A[2]!)]).toEqual([1, 1]);
    // action.yml: "The profile exports of the pairs this run submitted". This run submitted none.
    expect(followed.outputs["profile-exports"]).toBe("0");
  });
});

describe("aep-activate import (hostile)", () => {
  const ENV = {
    AEP_CLIENT_ID: "hi-client",
    AEP_CLIENT_SECRET: "hi-secret-9f8e7d",
    AEP_ORG_ID: "HI@AdobeOrg",
  };
  const D = uuid("hi-d");
  const [A1, A2] = [uuid("hi-a1"), uuid("hi-a2")];
  const world = async (audiences: { id: string; name?: string }[], name = "SFTP export") => {
    const clock = new VirtualClock();
    const sim = await startSimulator({
      clock,
      fixture: { strict: true, dataflows: [{ id: D, name, audiences }] },
    });
    return { clock, urls: ["--platform-url", sim.url, "--ims-url", sim.url] };
  };

  it("the same --dataflow given twice is imported once, not refused as a usage error", async () => {
    const { clock, urls } = await world([{ id: A1, name: "Cart abandoners" }]);
    const run = await runCli(
      ["import", "--sandbox", "prod", "--dataflow", D, "--dataflow", D, ...urls],
      ".",
      ENV,
      {
        clock,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect((parse(run.stdout) as { spec: { activations: unknown[] } }).spec.activations).toHaveLength(1);
  });

  it("a long Platform name of emoji is shortened without cutting a character in half", async () => {
    const { clock, urls } = await world([{ id: A1, name: "🎯".repeat(200) }, { id: A2 }]);
    const run = await runCli(["import", "--sandbox", "prod", "--dataflow", D, ...urls], ".", ENV, { clock });
    expect(run.code, run.stderr).toBe(0);
    const plan = parse(run.stdout) as { spec: { activations: { audiences: { name?: string }[] }[] } };
    const name = plan.spec.activations[0]!.audiences[0]!.name!;
    expect(name.isWellFormed()).toBe(true);
  });
});
