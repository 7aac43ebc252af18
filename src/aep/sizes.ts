// Audience sizes from Platform's evaluations (GET /data/core/ups/segment/jobs, segmentation.yaml):
// the newest successful jobs, newest first, a page of 100 at a time, until every audience asked for
// is found (at most 5 pages). One page usually holds a sandbox's daily evaluation
// of every batch audience, so a run reads one or two pages, not one per audience.
import type { Access } from "../activation/messages.js";
import { canonicalId } from "../plan/ids.js";

const PATH = "/data/core/ups/segment/jobs";
const PAGE = 100;
/** Pages read at most: 500 evaluations reach back days (an audience not found in them is stale either way). */
const MAX_PAGES = 5;

/**
 * Profiles in an audience at its newest successful evaluation, and when that ended (epoch ms); no
 * `profiles` when the job lists the audience in its segments but gives no count for it.
 */
export interface AudienceSize {
  profiles?: number;
  evaluatedAt: number;
}

export interface AudienceSizes {
  sizes: Map<string, AudienceSize>;
  /** The evaluations read reach back to here (epoch ms): an audience not found was not evaluated since. */
  since: number | undefined;
  /** Every evaluation Platform lists was read (none older exists). */
  complete: boolean;
}

interface Reader {
  read(path: string, sandbox: string, what: string, access: Access): Promise<unknown>;
}

/** A counter as a count: a number, or a numeric string (never NaN, never negative). */
function countOf(n: unknown): number | undefined {
  const v = typeof n === "number" ? n : typeof n === "string" && n.trim() !== "" ? Number(n) : NaN;
  return Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** When a job ended (epoch ms): its updateTime, else its updateEpoch; undefined when it gives neither. */
function endOf(j: Record<string, unknown>): number | undefined {
  if (typeof j.updateTime === "number" && Number.isFinite(j.updateTime)) return j.updateTime;
  const epoch = Number(j.updateEpoch);
  return j.updateEpoch !== undefined && j.updateEpoch !== null && Number.isFinite(epoch)
    ? epoch * 1000
    : undefined;
}

/** The counters of one page of segment jobs, and each job's end (a job with no time cannot be dated). */
function jobsOf(
  body: unknown,
): { at: number | undefined; counters: Record<string, unknown>; listed: string[] }[] {
  const children = (body as { children?: unknown } | undefined)?.children;
  if (!Array.isArray(children)) throw new Error('the reply is not the documented {"children": […]}');
  return (children as unknown[]).map((raw) => {
    const j = (raw !== null && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    const metrics = (j.metrics ?? {}) as { segmentedProfileCounter?: unknown };
    const counters = metrics.segmentedProfileCounter;
    const segments = Array.isArray(j.segments) ? (j.segments as { segmentId?: unknown }[]) : [];
    return {
      at: endOf(j),
      counters:
        counters !== null && typeof counters === "object" ? (counters as Record<string, unknown>) : {},
      // Evaluated by this job, counted or not (a job may leave an audience with no profiles out of its counter).
      listed: segments.flatMap((g) => (typeof g?.segmentId === "string" ? [g.segmentId] : [])),
    };
  });
}

export async function readAudienceSizes(
  client: Reader,
  sandbox: string,
  ids: readonly string[],
): Promise<AudienceSizes> {
  const wanted = new Set(ids.map(canonicalId));
  const sizes = new Map<string, AudienceSize>();
  let since: number | undefined;
  for (let page = 0; page < MAX_PAGES && sizes.size < wanted.size; page++) {
    const query = `status=SUCCEEDED&sort=updateTime:desc&limit=${PAGE}&start=${page * PAGE}`;
    const body = await client.read(
      `${PATH}?${query}`,
      sandbox,
      "reading audience sizes (segment jobs)",
      "audiences",
    );
    const jobs = jobsOf(body);
    for (const job of jobs) {
      const at = job.at;
      if (at === undefined) continue; // undated: neither a size's time nor how far back the read reaches
      since = Math.min(since ?? at, at);
      for (const [id, n] of Object.entries(job.counters)) {
        const key = canonicalId(id);
        const profiles = countOf(n);
        // Newest first: the first count seen is the newest.
        if (wanted.has(key) && !sizes.has(key) && profiles !== undefined)
          sizes.set(key, { profiles, evaluatedAt: at });
      }
      for (const id of job.listed) {
        const key = canonicalId(id);
        if (wanted.has(key) && !sizes.has(key)) sizes.set(key, { evaluatedAt: at });
      }
    }
    if (jobs.length < PAGE) return { sizes, since, complete: true };
  }
  return { sizes, since, complete: false };
}
