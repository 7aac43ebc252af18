// Starts the simulator in-process and builds a real client against it (real HTTP on loopback).
// Given a clock, the simulator and every applyAgainst on it share that clock (a VirtualClock: no test
// waits real time for run durations, polls, pre-flight waits or token lifetimes).
import { Applier } from "../../src/activation/engine.js";
import type { ApplyOptions } from "../../src/activation/types.js";
import { systemClock, type Clock } from "../../src/clock.js";
import { connectPlatform } from "../../src/aep/connect.js";
import type { HttpSettings } from "../../src/aep/http.js";
import type { RequestedPair } from "../../src/plan/changes.js";
import { planJobs, type CountBy } from "../../src/jobs/planner.js";
import { Simulator, type SimulatorOptions } from "../../src/simulator/server.js";

const running: Simulator[] = [];
const closing: (() => Promise<void>)[] = [];
/** Stops every simulator (and what was registered to close with them) started so far (after each test, from test/setup.ts). */
export async function stopSimulators(): Promise<void> {
  while (closing.length > 0) await closing.pop()!();
  while (running.length > 0) await running.pop()!.stop();
}

/** The clock a simulator was started on (applyAgainst uses it for the engine too). */
const clocks = new WeakMap<Simulator, Clock>();

/** Every (destination, audience) of these plans' activations, to map them in the simulator. */
export function pairsOf(plans: Record<string, string[]>): { destination: string; audience: string }[] {
  return Object.entries(plans).flatMap(([destination, audiences]) =>
    audiences.map((audience) => ({ destination, audience })),
  );
}

export async function startSimulator(
  options: SimulatorOptions & {
    clock?: Clock;
    /** Audiences mapped to their dataflows, as a person maps them in the Platform UI. */
    maps?: { destination: string; audience: string }[];
  } = {},
): Promise<Simulator> {
  const { clock, maps, ...rest } = options;
  const sim = new Simulator({
    runDurationMs: 300,
    ...(clock === undefined ? {} : { now: clock.now }),
    ...rest,
  });
  if (clock !== undefined) clocks.set(sim, clock);
  if (maps !== undefined) sim.state.mapAudiences(maps);
  await sim.start();
  running.push(sim);
  return sim;
}

export const FAST: ApplyOptions = {
  apiVersion: 2,
  dryRun: false,
  preflightTimeoutMs: 20_000,
  runTimeoutMs: 20_000,
  pollInitialMs: 100,
  pollMaxMs: 300,
  heartbeatMs: 1_000,
};

export interface Applied {
  report: Awaited<ReturnType<Applier["apply"]>>;
  logs: string[];
  secrets: string[];
  /** What the client sent, by kind. */
  stats: ReturnType<typeof connectPlatform>["stats"];
}

export async function applyAgainst(
  sim: Simulator,
  requested: RequestedPair[],
  options: Partial<ApplyOptions> & {
    maxPerJob?: number;
    countBy?: CountBy;
    accessToken?: string;
    clientSecret?: string;
    /** The client's limit on requests in flight, and HTTP settings over the tests' defaults. */
    maxConcurrent?: number;
    http?: Partial<HttpSettings>;
  } = {},
): Promise<Applied> {
  const logs: string[] = [];
  const secrets: string[] = [];
  const clock = clocks.get(sim) ?? systemClock;
  // Unless the fixture says exactly what is mapped, the engine tests' audiences are mapped.
  if (!sim.state.strict)
    sim.state.mapAudiences(
      requested.map((p) => ({
        destination: p.destination.id,
        audience: p.audience.id,
        ...(p.destination.name === undefined ? {} : { destinationName: p.destination.name }),
        ...(p.audience.name === undefined ? {} : { audienceName: p.audience.name }),
      })),
    );
  const platform = connectPlatform(
    {
      platformUrl: sim.url,
      imsUrl: sim.url,
      credentials: {
        clientId: "test-client",
        orgId: "TESTORG@AdobeOrg",
        ...(options.accessToken === undefined
          ? { clientSecret: options.clientSecret ?? "test-secret-value" }
          : { accessToken: options.accessToken }),
      },
      http: { timeoutMs: 2_000, maxAttempts: 8, maxTotalWaitMs: 10_000, baseDelayMs: 20, ...options.http },
      ...(options.maxConcurrent === undefined ? {} : { maxConcurrent: options.maxConcurrent }),
    },
    clock,
    (s) => secrets.push(s),
    (m) => logs.push(m),
  );
  try {
    const plan = planJobs(requested, {
      maxPerJob: options.maxPerJob ?? 80,
      countBy: options.countBy ?? "audiences",
    });
    const report = await new Applier(platform.client, clock, (m) => logs.push(m), {
      ...FAST,
      ...options,
    }).apply(plan);
    return { report, logs, secrets, stats: platform.stats };
  } finally {
    await platform.close();
  }
}

/** The production Platform client against the simulator, on its clock, without the engine. */
export function clientAgainst(
  sim: Simulator,
  clientId = "test-client",
): ReturnType<typeof connectPlatform> & { logs: string[] } {
  const logs: string[] = [];
  const platform = connectPlatform(
    {
      platformUrl: sim.url,
      imsUrl: sim.url,
      credentials: { clientId, orgId: "TESTORG@AdobeOrg", clientSecret: "test-secret-value" },
      http: { timeoutMs: 2_000, maxAttempts: 3, maxTotalWaitMs: 1_000, baseDelayMs: 20 },
    },
    clocks.get(sim) ?? systemClock,
    () => {},
    (m) => logs.push(m),
  );
  closing.push(platform.close);
  return { ...platform, logs };
}

/** Pairs the simulator accepted more than once (must be empty). */
export function acceptedTwice(sim: Simulator, since = 0): string[] {
  const seen = new Map<string, number>();
  for (const a of sim.state.accepted) {
    if (a.at < since) continue;
    const k = `${a.destination}|${a.audience}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}
