// Requested pairs → ad-hoc jobs and waves that Adobe's guardrails accept. Pure and deterministic.
//
// Guardrails: at most `limit` audiences (or pairs) per job; one sandbox per job; never two running
// jobs for the same audience, so jobs that share an audience go in different waves.
//
// Counting audiences (the default, Adobe's unit): an audience goes to all its destinations in one job,
// so every audience is in exactly one job: ⌈A / limit⌉ jobs, evenly filled, all in wave 1.
//
// Counting pairs: two layouts are built and the better one kept.
//  - sequential: pairs sorted by audience, cut into ⌈P / limit⌉ even chunks (the minimum number of
//    jobs). An audience spans consecutive jobs, so colouring job i with i mod K (K = the most jobs one
//    audience spans) separates every pair of jobs that share one; K is a clique, so K waves is minimal
//    for these jobs.
//  - whole audiences: each audience's pairs stay together (an audience with more than `limit`
//    destinations fills dedicated jobs with the rest packed), packed by best-fit decreasing. Waves
//    reach the absolute lower bound W* = max ⌈destinations / limit⌉, possibly with one job more.
//  Sequential wins when it already reaches W*; otherwise whole audiences when they need at most
//  ⌈P / limit⌉ + 1 jobs; otherwise sequential.
import { createHash } from "node:crypto";
import type { RequestedPair } from "../plan/changes.js";
import { planHashOf, type PendingPair } from "./plan-hash.js";

export type CountBy = "audiences" | "pairs";

export interface PlannerSettings {
  maxPerJob: number;
  countBy: CountBy;
}

export interface Job {
  /** Stable ID derived from the job's content (sandbox and activationInfo). */
  id: string;
  sandbox: string;
  wave: number;
  /** Destination ID → sorted audience IDs, as submitted to Adobe. */
  activationInfo: Record<string, string[]>;
  audienceCount: number;
  pairCount: number;
}

/** A unique pair with every plan that asked for it. */
export interface PlannedPair {
  sandbox: string;
  destination: string;
  audience: string;
  jobId: string;
  requestedBy: RequestedPair[];
}

export interface ExecutionPlan {
  jobs: Job[];
  waves: number;
  pairs: PlannedPair[];
  /** Hash of what will be submitted (jobs and settings): what a reviewer approved. */
  planHash: string;
  /**
   * The same hash for each sandbox alone (its jobs and pending pairs): what a run limited to that
   * sandbox plans, and checks against the review (input `sandboxes`).
   */
  sandboxHashes: Record<string, string>;
}

interface Cell {
  audience: string;
  destinations: string[];
}

function makeJob(
  sandbox: string,
  cells: readonly { audience: string; destination: string }[],
  wave: number,
): Job {
  const info = new Map<string, string[]>();
  const audiences = new Set<string>();
  for (const c of cells) {
    audiences.add(c.audience);
    const list = info.get(c.destination);
    if (list === undefined) info.set(c.destination, [c.audience]);
    else list.push(c.audience);
  }
  const activationInfo: Record<string, string[]> = {};
  for (const [d, list] of [...info].sort(([a], [b]) => (a < b ? -1 : 1))) activationInfo[d] = list.sort();
  const id = `job-${createHash("sha256")
    .update(JSON.stringify([sandbox, activationInfo]))
    .digest("hex")
    .slice(0, 12)}`;
  return { id, sandbox, wave, activationInfo, audienceCount: audiences.size, pairCount: cells.length };
}

function evenSlices<T>(items: readonly T[], parts: number): T[][] {
  const out: T[][] = [];
  for (let k = 0; k < parts; k++) {
    out.push(
      items.slice(Math.floor((k * items.length) / parts), Math.floor(((k + 1) * items.length) / parts)),
    );
  }
  return out;
}

function byAudience(cells: readonly Cell[]) {
  return cells.flatMap((c) => c.destinations.map((destination) => ({ audience: c.audience, destination })));
}

function planByAudiences(sandbox: string, cells: readonly Cell[], limit: number): Job[] {
  const parts = Math.ceil(cells.length / limit);
  return evenSlices(cells, parts).map((slice) => makeJob(sandbox, byAudience(slice), 1));
}

function sequentialByPairs(sandbox: string, cells: readonly Cell[], limit: number): Job[] {
  const flat = byAudience(cells);
  const chunks = evenSlices(flat, Math.ceil(flat.length / limit));
  const span = new Map<string, number>();
  for (const chunk of chunks)
    for (const a of new Set(chunk.map((c) => c.audience))) span.set(a, (span.get(a) ?? 0) + 1);
  let k = 1;
  for (const n of span.values()) k = Math.max(k, n);
  return chunks.map((chunk, i) => makeJob(sandbox, chunk, (i % k) + 1));
}

function wholeAudiencesByPairs(sandbox: string, cells: readonly Cell[], limit: number): Job[] {
  const jobs: Job[] = [];
  const items: { audience: string; destinations: string[] }[] = [];
  const dedicated: { audience: string; chunks: string[][]; hasRest: boolean }[] = [];
  for (const c of cells) {
    const full = Math.floor(c.destinations.length / limit);
    const rest = c.destinations.slice(full * limit);
    if (full > 0) {
      const chunks: string[][] = [];
      for (let i = 0; i < full; i++) chunks.push(c.destinations.slice(i * limit, (i + 1) * limit));
      dedicated.push({ audience: c.audience, chunks, hasRest: rest.length > 0 });
    }
    if (rest.length > 0) items.push({ audience: c.audience, destinations: rest });
  }
  // Best-fit decreasing with bins bucketed by remaining capacity: O(items × limit).
  items.sort((a, b) => b.destinations.length - a.destinations.length || (a.audience < b.audience ? -1 : 1));
  const bins: { audience: string; destination: string }[][] = [];
  const byRoom: number[][] = Array.from({ length: limit + 1 }, () => []);
  for (const item of items) {
    const size = item.destinations.length;
    let bin: number | undefined;
    for (let room = size; room <= limit && bin === undefined; room++) bin = byRoom[room]?.pop();
    const index = bin ?? bins.length;
    const content = bins[index] ?? [];
    if (bin === undefined) bins.push(content);
    for (const d of item.destinations) content.push({ audience: item.audience, destination: d });
    byRoom[limit - content.length]?.push(index);
  }
  for (const bin of bins) jobs.push(makeJob(sandbox, bin, 1));
  for (const d of dedicated) {
    d.chunks.forEach((chunk, i) =>
      jobs.push(
        makeJob(
          sandbox,
          chunk.map((destination) => ({ audience: d.audience, destination })),
          i + (d.hasRest ? 2 : 1),
        ),
      ),
    );
  }
  return jobs;
}

function planByPairs(sandbox: string, cells: readonly Cell[], limit: number): Job[] {
  const pairCount = cells.reduce((n, c) => n + c.destinations.length, 0);
  const lowerWaves = cells.reduce((w, c) => Math.max(w, Math.ceil(c.destinations.length / limit)), 1);
  const sequential = sequentialByPairs(sandbox, cells, limit);
  const seqWaves = sequential.reduce((w, j) => Math.max(w, j.wave), 1);
  if (seqWaves === lowerWaves) return sequential;
  const whole = wholeAudiencesByPairs(sandbox, cells, limit);
  return whole.length <= Math.ceil(pairCount / limit) + 1 ? whole : sequential;
}

export function compareJobs(a: Job, b: Job): number {
  if (a.wave !== b.wave) return a.wave - b.wave;
  if (a.sandbox !== b.sandbox) return a.sandbox < b.sandbox ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Build the execution plan for the requested pairs. Same pairs (in any order) → byte-identical output. */
export function planJobs(
  requested: readonly RequestedPair[],
  settings: PlannerSettings & { apiVersion?: number },
  pending: readonly PendingPair[] = [],
): ExecutionPlan {
  if (!Number.isInteger(settings.maxPerJob) || settings.maxPerJob < 1) {
    throw new RangeError("max audiences per job must be a whole number of at least 1");
  }
  // Unique pairs, each with every request for it (two plans asking for the same pair → one submission),
  // indexed sandbox → audience → destination without building a string key per pair.
  const index = new Map<string, Map<string, Map<string, RequestedPair[]>>>();
  for (const r of requested) {
    let audiences = index.get(r.sandbox);
    if (audiences === undefined) index.set(r.sandbox, (audiences = new Map()));
    let destinations = audiences.get(r.audience.id);
    if (destinations === undefined) audiences.set(r.audience.id, (destinations = new Map()));
    const requests = destinations.get(r.destination.id);
    if (requests === undefined) destinations.set(r.destination.id, [r]);
    else requests.push(r);
  }
  const jobs: Job[] = [];
  for (const [sandbox, audiences] of [...index].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const cells: Cell[] = [...audiences]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([audience, destinations]) => ({
        audience,
        destinations: [...destinations.keys()].sort(),
      }));
    jobs.push(
      ...(settings.countBy === "audiences"
        ? planByAudiences(sandbox, cells, settings.maxPerJob)
        : planByPairs(sandbox, cells, settings.maxPerJob)),
    );
  }
  jobs.sort(compareJobs);
  // Pairs in job order (jobs and their activationInfo are already in a deterministic order).
  const pairs: PlannedPair[] = [];
  const byPlan = (a: RequestedPair, b: RequestedPair) => (a.plan < b.plan ? -1 : a.plan > b.plan ? 1 : 0);
  for (const job of jobs) {
    const audiences = index.get(job.sandbox);
    for (const [destination, ids] of Object.entries(job.activationInfo)) {
      for (const audience of ids) {
        const requestedBy = audiences?.get(audience)?.get(destination) ?? [];
        if (requestedBy.length > 1) requestedBy.sort(byPlan);
        pairs.push({ sandbox: job.sandbox, destination, audience, jobId: job.id, requestedBy });
      }
    }
  }
  const planHash = planHashOf(jobs, settings, pending);
  const sandboxes = [...new Set([...jobs, ...pending].map((x) => x.sandbox))].sort();
  return {
    jobs,
    waves: jobs.reduce((w, j) => Math.max(w, j.wave), 0),
    pairs,
    planHash,
    // One sandbox: its jobs and pending pairs are all of them, so its hash is the plan's.
    sandboxHashes: Object.fromEntries(
      sandboxes.map((sandbox) => [
        sandbox,
        sandboxes.length === 1
          ? planHash
          : planHashOf(
              jobs.filter((j) => j.sandbox === sandbox),
              settings,
              pending.filter((p) => p.sandbox === sandbox),
            ),
      ]),
    ),
  };
}
