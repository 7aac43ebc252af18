// The Platform API client: every request carries Authorization, x-api-key, x-gw-ims-org-id and
// x-sandbox-name; credentials go only to the configured Platform URL.
import type { TokenSource } from "./auth.js";
import type { Http, HttpOutcome } from "./http.js";

export const V2_ACCEPT = "application/vnd.adobe.adhoc.activation+json; version=2";

export interface FlowSelector {
  audienceId: string;
  name?: string;
  startDate?: string;
  endDate?: string;
  /** Epoch seconds of the first activation on the schedule. */
  createTime?: number;
}

export interface FlowInfo {
  id: string;
  name?: string;
  state: string;
  selectors: FlowSelector[];
  /** The simulator's permissive mode maps every audience (not a Platform behaviour). */
  mapsEveryAudience: boolean;
}

export interface RunInfo {
  id: string;
  flowId?: string;
  status: string;
  createdAt?: number;
  startedAt?: number;
  completedAt?: number;
  outputRecords?: number;
  failedRecords?: number;
  outputFiles?: number;
  errors: { code?: string; message?: string }[];
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

export class PlatformError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

interface PlatformConfig {
  platformUrl: string;
  clientId: string;
  orgId: string;
}

function json(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function messageOf(text: string): string {
  const body = json(text) as { message?: string; error_code?: string; title?: string } | undefined;
  const message = body?.message ?? body?.title ?? text.slice(0, 300);
  return body?.error_code === undefined ? message : `${message} (${body.error_code})`;
}

function toRun(raw: Record<string, unknown>): RunInfo {
  const metrics = (raw.metrics ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const status = (metrics.statusSummary?.status as string | undefined) ?? "unknown";
  const run: RunInfo = {
    id: String(raw.id),
    status,
    errors: ((metrics.statusSummary?.errors as RunInfo["errors"] | undefined) ?? []).map((e) => ({
      ...(e.code === undefined ? {} : { code: e.code }),
      ...(e.message === undefined ? {} : { message: e.message }),
    })),
  };
  if (typeof raw.flowId === "string") run.flowId = raw.flowId;
  if (typeof raw.createdAt === "number") run.createdAt = raw.createdAt;
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

export class PlatformClient {
  private readonly base: string;

  constructor(
    private readonly http: Http,
    private readonly tokens: TokenSource,
    private readonly config: PlatformConfig,
    private readonly log: (message: string) => void,
  ) {
    this.base = config.platformUrl.replace(/\/+$/, "");
  }

  private async call(
    method: "GET" | "POST",
    path: string,
    sandbox: string,
    what: string,
    options: { body?: unknown; accept?: string; mode?: "idempotent" | "submit" } = {},
  ): Promise<HttpOutcome> {
    for (let refreshed = false; ; refreshed = true) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${await this.tokens.get()}`,
        "x-api-key": this.config.clientId,
        "x-gw-ims-org-id": this.config.orgId,
        "x-sandbox-name": sandbox,
      };
      if (options.body !== undefined) headers["content-type"] = "application/json";
      if (options.accept !== undefined) headers.accept = options.accept;
      const outcome = await this.http.send(
        {
          method,
          url: `${this.base}${path}`,
          headers,
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
          what,
        },
        options.mode ?? "idempotent",
      );
      const expired =
        outcome.kind === "response" &&
        outcome.response.status === 401 &&
        outcome.response.text.includes("401013");
      if (expired && !refreshed && this.tokens.invalidate()) {
        this.log(
          `${what}: Platform says the access token is not valid (401013); requesting a new token and trying once more.`,
        );
        continue;
      }
      return outcome;
    }
  }

  private async getJson(
    path: string,
    sandbox: string,
    what: string,
  ): Promise<{ status: number; body: unknown; text: string }> {
    const outcome = await this.call("GET", path, sandbox, what);
    if (outcome.kind !== "response") throw new PlatformError(`${what} failed: ${outcome.reason}`);
    return {
      status: outcome.response.status,
      body: json(outcome.response.text),
      text: outcome.response.text,
    };
  }

  private fail(what: string, status: number, text: string): never {
    const hint =
      status === 401 || status === 403
        ? " Check the credentials, the org ID, and that the credential's product profile may read destinations and dataflows in this sandbox."
        : "";
    throw new PlatformError(`${what} failed: HTTP ${status}: ${messageOf(text)}.${hint}`, status);
  }

  async getFlow(sandbox: string, flowId: string): Promise<FlowInfo | undefined> {
    const what = `reading dataflow ${flowId}`;
    const r = await this.getJson(
      `/data/foundation/flowservice/flows/${encodeURIComponent(flowId)}`,
      sandbox,
      what,
    );
    if (r.status === 404) return undefined;
    if (r.status !== 200) this.fail(what, r.status, r.text);
    const item = ((r.body as { items?: Record<string, unknown>[] } | undefined)?.items ?? [])[0];
    if (item === undefined) return undefined;
    const transformations = (item.transformations ?? []) as {
      params?: { segmentSelectors?: { selectors?: unknown[] } };
    }[];
    const selectors: FlowSelector[] = [];
    for (const t of transformations) {
      for (const s of (t.params?.segmentSelectors?.selectors ?? []) as {
        value?: Record<string, unknown>;
      }[]) {
        const v = s.value ?? {};
        const schedule = (v.schedule ?? {}) as Record<string, unknown>;
        const sel: FlowSelector = { audienceId: String(v.id ?? "").toLowerCase() };
        if (typeof v.name === "string") sel.name = v.name;
        if (typeof schedule.startDate === "string") sel.startDate = schedule.startDate;
        if (typeof schedule.endDate === "string") sel.endDate = schedule.endDate;
        if (v.createTime !== undefined && !Number.isNaN(Number(v.createTime)))
          sel.createTime = Number(v.createTime);
        selectors.push(sel);
      }
    }
    const inherited = item.inheritedAttributes as
      { properties?: { simulatorMapsEveryAudience?: boolean } } | undefined;
    return {
      id: String(item.id),
      ...(typeof item.name === "string" ? { name: item.name } : {}),
      state: String(item.state ?? "unknown"),
      selectors,
      mapsEveryAudience: inherited?.properties?.simulatorMapsEveryAudience === true,
    };
  }

  /** Newest runs of a dataflow (one page of up to 100), optionally only those created since `sinceMs`. */
  async listRuns(sandbox: string, flowId: string, sinceMs?: number): Promise<RunInfo[]> {
    const params = new URLSearchParams();
    params.append("property", `flowId==${flowId}`);
    if (sinceMs !== undefined) params.append("property", `createdAt>=${sinceMs}`);
    params.append("orderby", "-createdAt");
    params.append("limit", "100");
    const what = `listing runs of dataflow ${flowId}`;
    const r = await this.getJson(`/data/foundation/flowservice/runs?${params.toString()}`, sandbox, what);
    if (r.status !== 200) this.fail(what, r.status, r.text);
    return ((r.body as { items?: Record<string, unknown>[] } | undefined)?.items ?? []).map(toRun);
  }

  async getRun(sandbox: string, runId: string): Promise<RunInfo> {
    const what = `reading run ${runId}`;
    const r = await this.getJson(
      `/data/foundation/flowservice/runs/${encodeURIComponent(runId)}`,
      sandbox,
      what,
    );
    if (r.status !== 200) this.fail(what, r.status, r.text);
    const item = ((r.body as { items?: Record<string, unknown>[] } | undefined)?.items ?? [])[0];
    if (item === undefined) throw new PlatformError(`${what}: the reply held no run`);
    return toRun(item);
  }

  async listExportJobs(sandbox: string): Promise<ExportJobInfo[]> {
    const what = "listing segment export jobs";
    const r = await this.getJson(`/data/core/ups/export/jobs?limit=50`, sandbox, what);
    if (r.status !== 200) this.fail(what, r.status, r.text);
    return ((r.body as { records?: Record<string, unknown>[] } | undefined)?.records ?? []).map((j) => ({
      id: String(j.id),
      status: String(j.status ?? ""),
      ...(typeof (j.schema as { name?: string } | undefined)?.name === "string"
        ? { schemaName: (j.schema as { name: string }).name }
        : {}),
    }));
  }

  /** The run ID of a statusURL; a URL on another host is not followed with credentials. */
  runIdFromStatusUrl(statusUrl: string): string {
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
    if (origin !== "" && origin !== new URL(this.base).origin) {
      this.log(
        `A statusURL points at ${origin}, not the configured Platform URL: it is not followed with credentials; run ${id} is read from ${new URL(this.base).origin}.`,
      );
    }
    return id;
  }

  async submit(
    sandbox: string,
    activationInfo: Record<string, string[]>,
    exportIds?: string[],
  ): Promise<SubmitOutcome> {
    const body = exportIds === undefined ? { activationInfo } : { activationInfo, exportIds };
    const outcome = await this.call(
      "POST",
      "/data/core/activation/disflowprovider/adhocrun",
      sandbox,
      "submitting an ad-hoc job",
      {
        body,
        ...(exportIds === undefined ? { accept: V2_ACCEPT } : {}),
        mode: "submit",
      },
    );
    if (outcome.kind === "uncertain") return outcome;
    if (outcome.kind === "failed") return { kind: "rejected", status: 0, message: outcome.reason };
    const { status, text } = outcome.response;
    if (status !== 200) return { kind: "rejected", status, message: messageOf(text) };
    const order = (
      (json(text) as { order?: { segment?: string; order?: string; statusURL?: string }[] } | undefined)
        ?.order ?? []
    ).map((o) => ({
      audience: String(o.segment ?? "").toLowerCase(),
      destination: String(o.order ?? "").toLowerCase(),
      runId: this.runIdFromStatusUrl(String(o.statusURL ?? "")),
    }));
    return { kind: "accepted", orders: order };
  }
}
