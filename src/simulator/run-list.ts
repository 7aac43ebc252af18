// GET /data/foundation/flowservice/runs (listFlowRuns): runs filtered by `property` (flowId==…,
// createdAt>=…; repeated or comma-separated), ordered by `orderby` (newest first unless
// `orderby=createdAt`), at most `limit` (≤ 100) a page. When more match, `_links.next.href` is the
// next page: the same query with a `continuationToken`, relative to the service as in Adobe's PageLink
// example (`/connections?continuationToken=…`).
import type { Send, SimContext } from "./context.js";
import { runJson } from "./flowservice.js";
import type { SimRun } from "./runs.js";

export const RUNS_PATH = "/data/foundation/flowservice/runs";
const MAX_LIMIT = 100;

/** Where a page ended: the last run's creation time and ID (IDs break ties). */
type Cursor = [createdAt: number, id: string];

interface Query {
  filters: ((r: SimRun) => boolean)[];
  limit: number;
  /** +1 oldest first, -1 newest first. */
  direction: 1 | -1;
  after?: Cursor;
}

const COMPARE: Partial<Record<string, (a: number, b: number) => boolean>> = {
  "==": (a, b) => a === b,
  ">=": (a, b) => a >= b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  "<": (a, b) => a < b,
};

/** One `property` filter, or undefined when the simulator does not know it. */
function filterOf(p: string): ((r: SimRun) => boolean) | undefined {
  const flow = /^flowId==(.+)$/.exec(p)?.[1];
  if (flow !== undefined) return (r) => r.flowId === flow.toLowerCase();
  const [, op = "", value] = /^createdAt(==|>=|<=|>|<)(\d+)$/.exec(p) ?? [];
  const holds = COMPARE[op];
  return holds === undefined ? undefined : (r) => holds(r.createdAt, Number(value));
}

// Opaque to the client, as Adobe's token is: base64url of the cursor (keyset paging, so runs created
// between two page reads do not shift the later pages).
const encodeToken = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");

function decodeToken(token: string): Cursor | undefined {
  try {
    const c = JSON.parse(Buffer.from(token, "base64url").toString()) as unknown;
    return Array.isArray(c) && typeof c[0] === "number" && typeof c[1] === "string"
      ? [c[0], c[1]]
      : undefined;
  } catch {
    return undefined;
  }
}

/** The query, or the 400 message that refuses it (simulator wording). */
function parseQuery(url: URL): Query | string {
  const filters: Query["filters"] = [];
  for (const p of url.searchParams.getAll("property").flatMap((v) => v.split(","))) {
    const f = filterOf(p);
    if (f === undefined) return `The simulator does not support the filter property=${p}`;
    filters.push(f);
  }
  const rawLimit = url.searchParams.get("limit") ?? String(MAX_LIMIT);
  if (!/^\d+$/.test(rawLimit) || Number(rawLimit) === 0) return "limit must be a positive number";
  const orderby = url.searchParams.get("orderby") ?? "-createdAt";
  if (!["createdAt", "+createdAt", "-createdAt"].includes(orderby))
    return `The simulator orders runs by createdAt only, not ${orderby}`;
  const token = url.searchParams.get("continuationToken");
  const after = token === null ? undefined : decodeToken(token);
  if (token !== null && after === undefined) return "continuationToken is not valid";
  return {
    filters,
    limit: Math.min(MAX_LIMIT, Number(rawLimit)),
    direction: orderby.startsWith("-") ? -1 : 1,
    ...(after === undefined ? {} : { after }),
  };
}

/** Oldest first by creation time, then ID. */
const compare = (a: Cursor, b: Cursor) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
const cursorOf = (r: SimRun): Cursor => [r.createdAt, r.id];

export function listRuns(sim: SimContext, url: URL, send: Send): void {
  const q = parseQuery(url);
  if (typeof q === "string") return send(400, { message: q });
  // The list lags behind creation by listLagMs: a fresh run is not in it yet.
  const listedBy = sim.now() - (sim.options.listLagMs ?? 0);
  // A query for one dataflow reads its runs only (the filter still applies).
  const flows = url.searchParams
    .getAll("property")
    .flatMap((v) => v.split(","))
    .flatMap((p) => /^flowId==(.+)$/.exec(p)?.[1] ?? []);
  const [flow] = flows;
  const candidates =
    flows.length === 1 && flow !== undefined
      ? sim.state.runsOf(flow.toLowerCase())
      : [...sim.state.runs.values()];
  const matching = candidates
    .filter((r) => r.createdAt <= listedBy && q.filters.every((f) => f(r)))
    .sort((a, b) => q.direction * compare(cursorOf(a), cursorOf(b)));
  const { after } = q;
  const rest =
    after === undefined ? matching : matching.filter((r) => q.direction * compare(cursorOf(r), after) > 0);
  const page = rest.slice(0, q.limit);
  const last = page.at(-1);
  let next: { href: string } | undefined;
  if (rest.length > page.length && last !== undefined) {
    const params = new URLSearchParams(url.searchParams);
    params.set("continuationToken", encodeToken(cursorOf(last)));
    next = { href: `/runs?${params.toString()}` };
  }
  send(200, {
    items: page.map((r) => runJson(sim, r)),
    _links: next === undefined ? {} : { next },
    // Adobe returns the count only when asked (`count=true`).
    ...(url.searchParams.get("count") === "true" ? { count: matching.length } : {}),
  });
}
