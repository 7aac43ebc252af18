// GET /data/core/ups/segment/jobs: the evaluations of segment definitions, newest first, as
// segmentation.yaml describes them. Each evaluation records the profiles in each audience it held
// (`metrics.segmentedProfileCounter`). The simulator evaluates its audiences daily: an audience's
// fixture says how long before the start its newest evaluation was (a day or more: its schedule has
// stalled), or that it was never evaluated; Platform does not evaluate external audiences.
import { createHash } from "node:crypto";
import type { Exchange, SimContext } from "./context.js";
import type { SimAudience } from "./model.js";
import { sandboxIdOf } from "./runs.js";

export const SEGMENT_JOBS_PATH = "/data/core/ups/segment/jobs";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MERGE_POLICY = "25c548a0-ca7f-4dcd-81d5-997642f178b9";

/** An audience's size in the simulator: fixed by the fixture, else made from its ID (1,000-500,000). */
export function profilesOf(a: SimAudience): number {
  return a.profiles ?? 1_000 + (createHash("sha256").update(a.id).digest().readUInt32BE(0) % 499_000);
}

interface SimJob {
  id: string;
  at: number;
  audiences: SimAudience[];
}

/**
 * The simulator's evaluations up to now: Platform evaluates batch audiences every 24 hours. An
 * audience last evaluated less than a day before the simulator started keeps that daily schedule
 * (from that evaluation on, as the clock moves; a job per evaluation holds every audience, so the
 * history starts there to keep a large fixture's replies small); one last evaluated a day or more before has a stalled
 * schedule (that one evaluation only). One job per evaluation time, holding the audiences evaluated then.
 */
function jobsOf(sim: SimContext): SimJob[] {
  const byTime = new Map<number, SimAudience[]>();
  const seen = new Set<string>();
  const now = sim.now();
  const add = (at: number, a: SimAudience) => {
    const list = byTime.get(at);
    if (list === undefined) byTime.set(at, [a]);
    else list.push(a);
  };
  for (const flow of sim.state.dataflows.values())
    for (const a of flow.audiences) {
      if (seen.has(a.id) || a.externalId !== undefined || a.evaluatedHoursAgo === null) continue;
      seen.add(a.id);
      const hours = a.evaluatedHoursAgo ?? 6;
      const last = sim.startedAt - hours * HOUR_MS;
      if (hours >= 24) {
        if (last <= now) add(last, a);
        continue;
      }
      for (let at = last; at <= now; at += DAY_MS) add(at, a);
    }
  return [...byTime]
    .map(([at, audiences]) => ({
      id: createHash("sha256")
        .update(`job-${at}`)
        .digest("hex")
        .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/, "$1-$2-$3-$4-$5"),
      at,
      audiences,
    }))
    .sort((a, b) => b.at - a.at);
}

export function listSegmentJobs(sim: SimContext, ex: Exchange, sandbox: string): void {
  const { url, send } = ex;
  const status = url.searchParams.get("status");
  const limit = Math.min(Number(url.searchParams.get("limit") ?? 20) || 20, 100);
  const start = Number(url.searchParams.get("start") ?? 0) || 0;
  const all = jobsOf(sim).filter(() => status === null || status.toUpperCase() === "SUCCEEDED");
  const page = all.slice(start, start + limit);
  const orgId = String(ex.req.headers["x-gw-ims-org-id"] ?? "");
  send(200, {
    _page: { totalCount: all.length, pageSize: page.length },
    children: page.map((j) => ({
      id: j.id,
      imsOrgId: orgId,
      sandbox: { sandboxId: sandboxIdOf(sandbox), sandboxName: sandbox, type: "production", default: false },
      profileInstanceId: "ups",
      source: "scheduler",
      status: "SUCCEEDED",
      segments: j.audiences.map((a) => ({
        segmentId: a.id,
        segment: {
          id: a.id,
          expression: { type: "PQL", format: "pql/text", value: 'workAddress.country = "US"' },
          mergePolicyId: MERGE_POLICY,
          mergePolicy: { id: MERGE_POLICY, version: 1 },
        },
      })),
      metrics: {
        totalTime: { startTimeInMs: j.at - 600_000, endTimeInMs: j.at, totalTimeInMs: 600_000 },
        profileSegmentationTime: { startTimeInMs: j.at - 120_000, endTimeInMs: j.at, totalTimeInMs: 120_000 },
        totalProfiles: 13_146_432,
        segmentedProfileCounter: Object.fromEntries(j.audiences.map((a) => [a.id, profilesOf(a)])),
      },
      schema: { name: "_xdm.context.profile" },
      updateTime: j.at,
      creationTime: j.at - 600_000,
      updateEpoch: Math.floor(j.at / 1000),
    })),
  });
}
