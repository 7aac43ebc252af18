import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pairKey, type RequestedPair } from "../../src/plan/changes.js";
import { planJobs, type CountBy, type ExecutionPlan } from "../../src/jobs/planner.js";
import { pair, uuid } from "../helpers/plans.js";

const DESTS = Array.from({ length: 8 }, (_, i) => uuid(`d${i}`));
const AUDS = Array.from({ length: 400 }, (_, i) => uuid(`a${i}`));

const requests: fc.Arbitrary<RequestedPair[]> = fc
  .array(
    fc.record({
      sandbox: fc.constantFrom("prod", "dev"),
      d: fc.integer({ min: 0, max: DESTS.length - 1 }),
      a: fc.integer({ min: 0, max: AUDS.length - 1 }),
      plan: fc.constantFrom("plan-a", "plan-b", "plan-c"),
    }),
    { minLength: 1, maxLength: 600, size: "max" },
  )
  .map((rows) => rows.map((r) => pair(r.sandbox, DESTS[r.d]!, AUDS[r.a]!, r.plan, `${r.plan}.yaml`)));

function check(requested: RequestedPair[], limit: number, countBy: CountBy): ExecutionPlan {
  const plan = planJobs(requested, { maxPerJob: limit, countBy });
  const unique = new Set(requested.map((r) => pairKey(r.sandbox, r.destination.id, r.audience.id)));
  // Every requested pair is in exactly one job.
  const seen = new Map<string, number>();
  for (const job of plan.jobs) {
    for (const [d, auds] of Object.entries(job.activationInfo)) {
      for (const a of auds) {
        const key = pairKey(job.sandbox, d, a);
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
  }
  expect(new Set(seen.keys())).toEqual(unique);
  for (const n of seen.values()) expect(n).toBe(1);
  // No job exceeds the limit, in the unit counted.
  for (const job of plan.jobs)
    expect(countBy === "audiences" ? job.audienceCount : job.pairCount).toBeLessThanOrEqual(limit);
  // No audience in two jobs of the same wave.
  const inWave = new Set<string>();
  for (const job of plan.jobs) {
    for (const a of new Set(Object.values(job.activationInfo).flat())) {
      const key = `${job.wave}\u0000${job.sandbox}\u0000${a}`;
      expect(inWave.has(key), `audience ${a} twice in wave ${job.wave}`).toBe(false);
      inWave.add(key);
    }
  }
  // Lower bounds, per sandbox.
  for (const sandbox of new Set(requested.map((r) => r.sandbox))) {
    const jobs = plan.jobs.filter((j) => j.sandbox === sandbox);
    const pairs = [...unique].filter((k) => k.startsWith(`${sandbox}\u0000`));
    const destinationsOf = new Map<string, number>();
    for (const k of pairs) {
      const a = k.split("\u0000")[2]!;
      destinationsOf.set(a, (destinationsOf.get(a) ?? 0) + 1);
    }
    const waves = Math.max(...jobs.map((j) => j.wave));
    if (countBy === "audiences") {
      expect(jobs.length).toBe(Math.ceil(destinationsOf.size / limit));
      expect(waves).toBe(1);
    } else {
      const bound = Math.ceil(pairs.length / limit);
      expect(jobs.length).toBeGreaterThanOrEqual(bound);
      expect(jobs.length).toBeLessThanOrEqual(bound + 1);
      // Clique bound: the jobs holding one audience must all be in different waves.
      const holding = new Map<string, number>();
      for (const j of jobs)
        for (const a of new Set(Object.values(j.activationInfo).flat()))
          holding.set(a, (holding.get(a) ?? 0) + 1);
      expect(waves).toBe(Math.max(...holding.values()));
      const absolute = Math.max(...[...destinationsOf.values()].map((d) => Math.ceil(d / limit)));
      expect(waves).toBeLessThanOrEqual(absolute + 1);
      if (jobs.length === bound + 1) expect(waves).toBe(absolute);
    }
  }
  return plan;
}

// PROPERTY_DEPTH=10 npm test -- planner runs ten times as many cases (fixed seeds: the cases are the same each run).
const DEPTH = Number(process.env.PROPERTY_DEPTH ?? 1);

describe("planner (property-based)", () => {
  for (const countBy of ["audiences", "pairs"] as const) {
    it(`meets every guardrail and lower bound counting ${countBy}`, () => {
      fc.assert(
        fc.property(
          requests,
          fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant(80)),
          (requested, limit) => {
            check(requested, limit, countBy);
          },
        ),
        { numRuns: 100 * DEPTH, seed: 7 },
      );
    });

    it(`is deterministic across runs and input orderings counting ${countBy}`, () => {
      fc.assert(
        fc.property(requests, fc.integer({ min: 1, max: 12 }), fc.nat(), (requested, limit, seed) => {
          const a = JSON.stringify(planJobs(requested, { maxPerJob: limit, countBy }));
          const shuffled = [...requested];
          let s = seed;
          for (let i = shuffled.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) % 2147483648;
            const j = s % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
          }
          expect(JSON.stringify(planJobs(shuffled, { maxPerJob: limit, countBy }))).toBe(a);
          expect(JSON.stringify(planJobs(requested, { maxPerJob: limit, countBy }))).toBe(a);
        }),
        { numRuns: 50 * DEPTH, seed: 11 },
      );
    });

    it(`gives each sandbox the hash a run limited to it plans, counting ${countBy}`, () => {
      fc.assert(
        fc.property(requests, fc.integer({ min: 1, max: 12 }), (requested, limit) => {
          const whole = planJobs(requested, { maxPerJob: limit, countBy });
          const sandboxes = [...new Set(requested.map((r) => r.sandbox))].sort();
          expect(Object.keys(whole.sandboxHashes)).toEqual(sandboxes);
          for (const sandbox of sandboxes) {
            const alone = planJobs(
              requested.filter((r) => r.sandbox === sandbox),
              { maxPerJob: limit, countBy },
            );
            expect(whole.sandboxHashes[sandbox]).toBe(alone.planHash);
          }
        }),
        { numRuns: 25 * DEPTH, seed: 12 },
      );
    });
  }
});

describe("planner (examples)", () => {
  it("submits a pair requested by two plans once and reports it to both", () => {
    const plan = planJobs(
      [
        pair("prod", DESTS[0]!, AUDS[0]!, "zeta", "z.yaml"),
        pair("prod", DESTS[0]!, AUDS[0]!, "alpha", "a.yaml"),
      ],
      { maxPerJob: 80, countBy: "audiences" },
    );
    expect(plan.jobs).toHaveLength(1);
    expect(plan.pairs).toHaveLength(1);
    expect(plan.pairs[0]!.requestedBy.map((r) => r.plan)).toEqual(["alpha", "zeta"]);
  });

  it("keeps sandboxes apart and splits 200 audiences into 3 jobs of at most 80", () => {
    const requested = AUDS.slice(0, 200).map((a) => pair("prod", DESTS[0]!, a));
    requested.push(pair("dev", DESTS[1]!, AUDS[0]!));
    const plan = check(requested, 80, "audiences");
    expect(plan.jobs.map((j) => `${j.sandbox}:${j.audienceCount}`).sort()).toEqual([
      "dev:1",
      "prod:66",
      "prod:67",
      "prod:67",
    ]);
    expect(plan.waves).toBe(1);
  });

  it("gives jobs stable IDs and a plan hash that changes with the content", () => {
    const a = planJobs([pair("prod", DESTS[0]!, AUDS[0]!)], { maxPerJob: 80, countBy: "audiences" });
    const b = planJobs([pair("prod", DESTS[0]!, AUDS[1]!)], { maxPerJob: 80, countBy: "audiences" });
    expect(a.jobs[0]!.id).toMatch(/^job-[0-9a-f]{12}$/);
    expect(a.planHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a.planHash).not.toBe(b.planHash);
    expect(
      planJobs([pair("prod", DESTS[0]!, AUDS[0]!)], { maxPerJob: 80, countBy: "audiences" }).jobs[0]!.id,
    ).toBe(a.jobs[0]!.id);
  });

  it("needs two waves when an audience has more destinations than a job may hold (pairs)", () => {
    const requested = DESTS.slice(0, 5).map((d) => pair("prod", d, AUDS[0]!));
    const plan = check(requested, 2, "pairs");
    expect(plan.jobs).toHaveLength(3);
    expect(plan.waves).toBe(3);
  });

  it("keeps audiences whole (one more job, fewer waves) when cutting pairs in order would split one", () => {
    // 3 audiences × 2 destinations, 3 pairs per job: in order, audience 2 straddles two jobs (2 waves);
    // kept whole, 3 jobs run in a single wave.
    const requested = AUDS.slice(0, 3).flatMap((a) => [
      pair("prod", DESTS[0]!, a),
      pair("prod", DESTS[1]!, a),
    ]);
    const plan = check(requested, 3, "pairs");
    expect(plan.jobs).toHaveLength(3);
    expect(plan.waves).toBe(1);
  });
});
