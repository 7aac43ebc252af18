// Platform's JSON on the wire, decoded into the shapes the rest of the tool uses: dataflows with their
// segment selectors, runs, export jobs, ad-hoc orders and error messages. Pure: no requests here.
import { canonicalId } from "../plan/ids.js";

export interface FlowSelector {
  /** The selector's `id`: the audience ID, or an external audience's source ID (then see systemSegmentId). */
  audienceId: string;
  /** An external audience's ID in Platform, which ad-hoc activation wants (`id` is its source's). */
  systemSegmentId?: string;
  name?: string;
  startDate?: string;
  endDate?: string;
  /** Epoch seconds of the first activation on the schedule. */
  createTime?: number;
  /** A file export's mode (DAILY_FULL_EXPORT, FIRST_FULL_THEN_INCREMENTAL): streaming selectors have none. */
  exportMode?: string;
}

export interface FlowInfo {
  id: string;
  name?: string;
  state: string;
  selectors: FlowSelector[];
  /** The dataflow's flow spec: which kind of destination it exports to. */
  flowSpecId?: string;
}

export interface RunInfo {
  id: string;
  flowId?: string;
  status: string;
  createdAt?: number;
  /** The IMS client that created the run (`exc_app`: the Platform UI), and its Adobe ID. */
  createdClient?: string;
  createdBy?: string;
  startedAt?: number;
  completedAt?: number;
  outputRecords?: number;
  failedRecords?: number;
  outputFiles?: number;
  errors: { code?: string; message?: string }[];
}

/** An audience as the audiences API describes it: its name, and for an external one its source's ID. */
export interface AudienceInfo {
  id: string;
  name?: string;
  /** `ExternalSegment`: brought in from outside Platform (Platform does not evaluate it). */
  external: boolean;
  /** The ID its source gave it (`audienceId`), when it differs from `id`. */
  sourceId?: string;
}

export interface ExportJobInfo {
  id: string;
  status: string;
  schemaName?: string;
}

export type SubmitOutcome =
  | { kind: "accepted"; orders: { audience: string; destination: string; runId: string }[] }
  | { kind: "rejected"; status: number; message: string }
  | { kind: "uncertain"; reason: string };

/** A Platform request that failed, with its HTTP status when there was a reply. */
export class PlatformError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** One accepted pair of an ad-hoc order, with the statusURL it was given. */
export interface WireOrder {
  audience: string;
  destination: string;
  statusURL: string;
}

export function json(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Adobe's error message of a reply body, with its error code when it has one. */
export function messageOf(text: string): string {
  const body = json(text) as { message?: string; error_code?: string; title?: string } | undefined;
  const message = body?.message ?? body?.title ?? text.slice(0, 300);
  return body?.error_code === undefined ? message : `${message} (${body.error_code})`;
}

/** The `items` of a flowservice reply (flows and runs are both listed this way). */
export function itemsOf(body: unknown): Record<string, unknown>[] {
  return (body as { items?: Record<string, unknown>[] } | undefined)?.items ?? [];
}

/** A list reply's `_links.next.href`: where the next page is, undefined on the last page. */
export function nextHrefOf(body: unknown): string | undefined {
  const href = (body as { _links?: { next?: { href?: unknown } } } | undefined)?._links?.next?.href;
  return typeof href === "string" && href !== "" ? href : undefined;
}

export function toRun(raw: Record<string, unknown>): RunInfo {
  const metrics = (raw.metrics ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const reported = metrics.statusSummary?.status;
  const status = typeof reported === "string" ? reported : "unknown";
  const run: RunInfo = {
    id: String(raw.id),
    status,
    errors: (Array.isArray(metrics.statusSummary?.errors)
      ? (metrics.statusSummary.errors as RunInfo["errors"])
      : []
    ).map((e) => ({
      ...(typeof e?.code === "string" ? { code: e.code } : {}),
      ...(typeof e?.message === "string" ? { message: e.message } : {}),
    })),
  };
  if (typeof raw.flowId === "string") run.flowId = raw.flowId;
  if (typeof raw.createdAt === "number") run.createdAt = raw.createdAt;
  if (typeof raw.createdClient === "string") run.createdClient = raw.createdClient;
  if (typeof raw.createdBy === "string") run.createdBy = raw.createdBy;
  const d = metrics.durationSummary;
  if (typeof d?.startedAtUTC === "number") run.startedAt = d.startedAtUTC;
  if (typeof d?.completedAtUTC === "number") run.completedAt = d.completedAtUTC;
  const r = metrics.recordSummary;
  if (typeof r?.outputRecordCount === "number") run.outputRecords = r.outputRecordCount;
  if (typeof r?.failedRecordCount === "number") run.failedRecords = r.failedRecordCount;
  const f = metrics.fileSummary;
  if (typeof f?.outputFileCount === "number") run.outputFiles = f.outputFileCount;
  return run;
}

function toSelector(raw: { value?: Record<string, unknown> }): FlowSelector {
  const v = raw.value ?? {};
  const schedule = (v.schedule ?? {}) as Record<string, unknown>;
  const sel: FlowSelector = { audienceId: canonicalId(String(v.id ?? "")) };
  if (typeof v.systemSegmentId === "string" && v.systemSegmentId !== "")
    sel.systemSegmentId = canonicalId(v.systemSegmentId);
  if (typeof v.name === "string") sel.name = v.name;
  if (typeof schedule.startDate === "string") sel.startDate = schedule.startDate;
  if (typeof schedule.endDate === "string") sel.endDate = schedule.endDate;
  if (typeof v.exportMode === "string") sel.exportMode = v.exportMode;
  if (v.createTime !== undefined && !Number.isNaN(Number(v.createTime)))
    sel.createTime = Number(v.createTime);
  return sel;
}

export function toFlow(item: Record<string, unknown>): FlowInfo {
  const transformations = (item.transformations ?? []) as {
    params?: { segmentSelectors?: { selectors?: unknown[] } };
  }[];
  const selectors = transformations.flatMap((t) =>
    ((t.params?.segmentSelectors?.selectors ?? []) as { value?: Record<string, unknown> }[]).map(toSelector),
  );
  return {
    id: String(item.id),
    ...(typeof item.name === "string" ? { name: item.name } : {}),
    state: String(item.state ?? "unknown"),
    selectors,
    ...(typeof (item.flowSpec as { id?: unknown } | undefined)?.id === "string"
      ? { flowSpecId: (item.flowSpec as { id: string }).id }
      : {}),
  };
}

export function toExportJobs(body: unknown): ExportJobInfo[] {
  return ((body as { records?: Record<string, unknown>[] } | undefined)?.records ?? []).map((j) => {
    const schemaName = (j.schema as { name?: unknown } | undefined)?.name;
    return {
      id: String(j.id),
      status: String(j.status ?? ""),
      ...(typeof schemaName === "string" ? { schemaName } : {}),
    };
  });
}

/**
 * The audiences of an audiences/bulk-get reply (207): those found (an ID with `errors` was not);
 * undefined when the reply is not the documented shape (then nothing can be said of any name).
 */
export function toAudiences(body: unknown): AudienceInfo[] | undefined {
  const results = (body as { results?: unknown } | undefined)?.results;
  if (results === null || typeof results !== "object") return undefined;
  const out: AudienceInfo[] = [];
  for (const raw of Object.values(results as Record<string, Record<string, unknown> | null>)) {
    if (raw === null || typeof raw !== "object" || typeof raw.id !== "string" || "errors" in raw) continue;
    const id = canonicalId(raw.id);
    const source = typeof raw.audienceId === "string" ? canonicalId(raw.audienceId) : id;
    out.push({
      id,
      ...(typeof raw.name === "string" ? { name: raw.name } : {}),
      external: raw.type === "ExternalSegment",
      ...(source === id ? {} : { sourceId: source }),
    });
  }
  return out;
}

/**
 * The run ID at the end of a statusURL, and the URL's origin when it is not `base`'s (such a URL is
 * not followed with credentials: the run is read from the configured Platform URL).
 */
export function runIdOf(statusUrl: string, base: string): { id: string; foreignOrigin?: string } {
  const id =
    statusUrl
      .replace(/[?#].*$/, "")
      .replace(/\/+$/, "")
      .split("/")
      .pop() ?? "";
  let origin = "";
  try {
    origin = new URL(statusUrl).origin;
  } catch {
    // not a URL: use the last segment
  }
  return origin !== "" && origin !== new URL(base).origin ? { id, foreignOrigin: origin } : { id };
}

/** The runs a 200 reply names; undefined when the reply is not the documented shape (then it is unknown what ran). */
export function toOrders(text: string): WireOrder[] | undefined {
  const order = (json(text) as { order?: unknown } | undefined)?.order;
  if (!Array.isArray(order)) return undefined;
  const out: WireOrder[] = [];
  for (const o of order as { segment?: unknown; order?: unknown; statusURL?: unknown }[]) {
    if (typeof o?.segment !== "string" || typeof o.order !== "string" || typeof o.statusURL !== "string")
      return undefined;
    out.push({
      audience: canonicalId(o.segment),
      destination: canonicalId(o.order),
      statusURL: o.statusURL,
    });
  }
  return out;
}
