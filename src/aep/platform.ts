// The Platform API client: every request carries Authorization, x-api-key, x-gw-ims-org-id and
// x-sandbox-name; credentials go only to the configured Platform URL. Replies are decoded in wire.ts.
import { accessHint, type Access } from "../activation/messages.js";
import type { TokenSource } from "./auth.js";
import { failedSentence, type Http, type HttpOutcome } from "./http.js";
import { FLOW_SERVICE, nextPagePath } from "./paging.js";
import { readAudienceSizes, type AudienceSizes } from "./sizes.js";
import {
  itemsOf,
  json,
  messageOf,
  nextHrefOf,
  PlatformError,
  toExportJobs,
  toFlow,
  toOrders,
  runIdOf,
  toAudiences,
  toRun,
  type AudienceInfo,
  type ExportJobInfo,
  type FlowInfo,
  type RunInfo,
  type SubmitOutcome,
} from "./wire.js";

export { PlatformError } from "./wire.js";
export type { AudienceInfo, ExportJobInfo, FlowInfo, FlowSelector, RunInfo, SubmitOutcome } from "./wire.js";

export const V2_ACCEPT = "application/vnd.adobe.adhoc.activation+json; version=2";
/** Pages of 100 runs read at most per listing: a dataflow with more history needs `sinceMs`. */
export const MAX_RUN_PAGES = 50;
const RUNS_PATH = `${FLOW_SERVICE}/runs`;
const AUDIENCES_PATH = "/data/core/ups/audiences/bulk-get";
/** IDs asked for in one bulk-get (Adobe's description of its 400 is unclear about the bound; 100 is its example's scale). */
export const AUDIENCES_PER_CALL = 100;

interface PlatformConfig {
  platformUrl: string;
  clientId: string;
  orgId: string;
}

export class PlatformClient {
  /** The Platform URL, without a trailing slash (next-page links are followed only under it). */
  readonly base: string;

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

  private async getJson(path: string, sandbox: string, what: string) {
    const outcome = await this.call("GET", path, sandbox, what);
    if (outcome.kind !== "response") throw new PlatformError(failedSentence(what, outcome.reason));
    const { status, text } = outcome.response;
    return { status, body: json(text), text };
  }

  /** A GET's JSON body on a 200; otherwise a PlatformError that says what to ask for (`access`). */
  async read(path: string, sandbox: string, what: string, access: Access): Promise<unknown> {
    const r = await this.getJson(path, sandbox, what);
    if (r.status !== 200) this.fail(what, r.status, r.text, access);
    return r.body;
  }

  private fail(what: string, status: number, text: string, access: Access = "destinations"): never {
    const message = messageOf(text).replace(/\.$/, "");
    throw new PlatformError(
      `${what} failed: HTTP ${status}: ${message}.${accessHint(status, access)}`,
      status,
    );
  }

  /** Each audience's size at its newest evaluation (segment jobs; see sizes.ts). */
  getAudienceSizes(sandbox: string, ids: readonly string[]): Promise<AudienceSizes> {
    return readAudienceSizes(this, sandbox, ids);
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
    const item = itemsOf(r.body)[0];
    return item === undefined ? undefined : toFlow(item);
  }

  /**
   * Runs of a dataflow, newest first, created since `sinceMs` when given: page after page of 100
   * (`_links.next.href`), until a page reaches back past `sinceMs` or is the last, and at most
   * MAX_RUN_PAGES pages (then an error: a partial list would hide runs).
   */
  async listRuns(sandbox: string, flowId: string, sinceMs?: number, expected = 0): Promise<RunInfo[]> {
    // Enough pages for the runs looked for, twice over, and the usual bound besides.
    const maxPages = MAX_RUN_PAGES + Math.ceil((2 * expected) / 100);
    const params = new URLSearchParams();
    params.append("property", `flowId==${flowId}`);
    if (sinceMs !== undefined) params.append("property", `createdAt>=${sinceMs}`);
    params.append("orderby", "-createdAt");
    params.append("limit", "100");
    const what = `listing runs of dataflow ${flowId}`;
    const runs = new Map<string, RunInfo>();
    let path = `${RUNS_PATH}?${params.toString()}`;
    for (let page = 1; page <= maxPages; page++) {
      const body = await this.read(path, sandbox, what, "destinations");
      const items = itemsOf(body).map(toRun);
      const since = items.filter((x) => sinceMs === undefined || (x.createdAt ?? Infinity) >= sinceMs);
      for (const run of since) if (!runs.has(run.id)) runs.set(run.id, run);
      const href = nextHrefOf(body);
      // Newest first: once a page reaches back past sinceMs, the next pages hold only older runs.
      if (href === undefined || since.length < items.length) return [...runs.values()];
      const next = nextPagePath(this.base, href, RUNS_PATH);
      if ("refused" in next)
        throw new PlatformError(
          `${what}: the next page's link is not followed with credentials: ${next.refused}`,
        );
      path = next.path;
    }
    throw new PlatformError(
      `${what}: more than ${maxPages} pages of runs; stopped reading rather than go on without end`,
    );
  }

  async getRun(sandbox: string, runId: string): Promise<RunInfo> {
    const what = `reading run ${runId}`;
    const path = `/data/foundation/flowservice/runs/${encodeURIComponent(runId)}`;
    const item = itemsOf(await this.read(path, sandbox, what, "destinations"))[0];
    if (item === undefined) throw new PlatformError(`${what}: the reply held no run`);
    return toRun(item);
  }

  async listExportJobs(sandbox: string): Promise<ExportJobInfo[]> {
    const path = "/data/core/ups/export/jobs?limit=50";
    return toExportJobs(await this.read(path, sandbox, "listing segment export jobs", "export-jobs"));
  }

  /** The run ID of a statusURL; a URL on another host is not followed with credentials. */
  runIdFromStatusUrl(statusUrl: string): string {
    const { id, foreignOrigin } = runIdOf(statusUrl, this.base);
    if (foreignOrigin !== undefined)
      this.log(
        `A statusURL points at ${foreignOrigin}, not the configured Platform URL: it is not followed with credentials; run ${id} is read from ${new URL(this.base).origin}.`,
      );
    return id;
  }

  /** Audiences by ID (audiences/bulk-get, AUDIENCES_PER_CALL a call); IDs Platform does not know are left out. */
  async getAudiences(sandbox: string, ids: readonly string[]): Promise<AudienceInfo[]> {
    const what = "reading audience names (audiences/bulk-get)";
    const found: AudienceInfo[] = [];
    for (let i = 0; i < ids.length; i += AUDIENCES_PER_CALL) {
      const body = { ids: ids.slice(i, i + AUDIENCES_PER_CALL).map((id) => ({ id })) };
      const outcome = await this.call("POST", AUDIENCES_PATH, sandbox, what, { body });
      if (outcome.kind !== "response") throw new PlatformError(failedSentence(what, outcome.reason));
      const { status, text } = outcome.response;
      if (status === 404) continue; // segmentation.yaml: none of the requested audiences could be found
      if (status !== 207 && status !== 200) this.fail(what, status, text, "audiences");
      const audiences = toAudiences(json(text));
      if (audiences === undefined)
        throw new PlatformError(
          `${what}: the reply is not the documented {"results": …} (${messageOf(text)})`,
        );
      found.push(...audiences);
    }
    return found;
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
    const decoded = toOrders(text);
    // Platform accepted something, but what cannot be read: whether runs were created is checked by the caller.
    if (decoded === undefined)
      return { kind: "uncertain", reason: "Platform answered 200 with a reply that could not be read" };
    const orders = decoded.map((o) => ({
      audience: o.audience,
      destination: o.destination,
      runId: this.runIdFromStatusUrl(o.statusURL),
    }));
    return { kind: "accepted", orders };
  }
}
