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

/** Profiles in an audience at its newest successful evaluation, and when that ended (epoch ms). */
export interface AudienceSize {
  profiles: number;
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

/** The counters of one page of segment jobs, and each job's end. */
function jobsOf(body: unknown): { at: number; counters: Record<string, unknown> }[] {
  const children = (body as { children?: unknown } | undefined)?.children;
  if (!Array.isArray(children)) throw new Error('the reply is not the documented {"children": […]}');
  return (children as Record<string, unknown>[]).map((j) => {
    const metrics = (j.metrics ?? {}) as { segmentedProfileCounter?: unknown };
    const counters = metrics.segmentedProfileCounter;
    return {
      at: typeof j.updateTime === "number" ? j.updateTime : Number(j.updateEpoch ?? 0) * 1000,
      counters:
        counters !== null && typeof counters === "object" ? (counters as Record<string, unknown>) : {},
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
      since = Math.min(since ?? job.at, job.at);
      for (const [id, n] of Object.entries(job.counters)) {
        const key = canonicalId(id);
        // Newest first: the first count seen is the newest.
        if (wanted.has(key) && !sizes.has(key) && typeof n === "number")
          sizes.set(key, { profiles: n, evaluatedAt: job.at });
      }
    }
    if (jobs.length < PAGE) return { sizes, since, complete: true };
  }
  return { sizes, since, complete: false };
}
