// The Platform simulator: a real HTTP server on 127.0.0.1 with Adobe's documented behaviour for the
// endpoints the client uses (IMS token, ad-hoc activation, flows, runs, segment export jobs, audiences, segment jobs), the
// documented guardrails and errors, and fault knobs (latency, 429 with Retry-After, 500, dropped
// connections). This file is the HTTP plumbing and the routes; each endpoint has its own file.
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { text } from "node:stream/consumers";
import { setTimeout as sleep } from "node:timers/promises";
import { ADHOC_PATH, adhocRun } from "./adhoc.js";
import { AUDIENCES_BULK_PATH, bulkGetAudiences } from "./audiences.js";
import type { Exchange, RequestRecord, SimContext, SimulatorOptions } from "./context.js";
import { EXPORT_JOBS_PATH, listExportJobs } from "./export-jobs.js";
import { injectFault, prng } from "./faults.js";
import { FLOW_PATH, FLOWS_PATH, getFlow, getRun, listFlows, RUN_PATH } from "./flowservice.js";
import { checkHeaders, issueToken } from "./gateway.js";
import { SimState } from "./model.js";
import { listRuns, RUNS_PATH } from "./run-list.js";
import { listSegmentJobs, SEGMENT_JOBS_PATH } from "./segment-jobs.js";

export type { RequestRecord, SimulatorOptions } from "./context.js";

export class Simulator {
  readonly state: SimState;
  readonly requests: RequestRecord[] = [];
  /** Requests being served now, and the most served at once (a client's concurrency, seen from Platform). */
  inFlight = 0;
  peakInFlight = 0;
  /** The same by sandbox (the x-sandbox-name header; IMS token requests under ""), each client's share. */
  private readonly inFlightBy = new Map<string, number>();
  readonly peakBySandbox = new Map<string, number>();
  /** Requests waiting out `latencyMs` now (a virtual clock advances only when all real I/O is parked). */
  parked = 0;
  private readonly server: Server;
  private readonly sim: SimContext;
  url = "";

  constructor(readonly options: SimulatorOptions = {}) {
    const now = options.now ?? Date.now;
    const startedAt = now();
    this.state = new SimState(options.fixture ?? {}, startedAt);
    const random = prng(options.seed ?? 1);
    this.sim = {
      options,
      state: this.state,
      startedAt,
      now,
      random,
      statusUrlBase: () => options.statusUrlBase ?? this.url,
    };
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<string> {
    this.server.listen(this.options.port ?? 0, "127.0.0.1");
    await once(this.server, "listening");
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Requests being served at once (from arrival to the end of the reply), and the most seen.
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    const sandbox = String(req.headers["x-sandbox-name"] ?? "");
    const mine = (this.inFlightBy.get(sandbox) ?? 0) + 1;
    this.inFlightBy.set(sandbox, mine);
    this.peakBySandbox.set(sandbox, Math.max(this.peakBySandbox.get(sandbox) ?? 0, mine));
    res.on("close", () => {
      this.inFlight--;
      this.inFlightBy.set(sandbox, (this.inFlightBy.get(sandbox) ?? 1) - 1);
    });
    const body = await text(req);
    const url = new URL(req.url ?? "/", "http://sim");
    const record: RequestRecord = {
      method: req.method ?? "GET",
      path: url.pathname + url.search,
      status: 0,
      headers: req.headers,
      body,
    };
    this.requests.push(record);
    const ex: Exchange = {
      req,
      url,
      body,
      send: (status, payload, headers = {}) => {
        record.status = status;
        record.response = payload;
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(payload));
      },
      sendText: (status, text, contentType) => {
        record.status = status;
        record.response = text;
        res.writeHead(status, { "content-type": contentType });
        res.end(text);
      },
      drop: (status) => {
        record.status = status;
        req.socket.destroy();
      },
    };
    if ((this.options.latencyMs ?? 0) > 0) {
      this.parked++;
      await (this.options.sleep ?? sleep)(this.options.latencyMs ?? 0);
      this.parked--;
    }
    this.route(ex);
  }

  private route(ex: Exchange): void {
    const { req, url, send } = ex;
    const { method } = req;
    if (method === "POST" && url.pathname === "/ims/token/v3") return issueToken(this.sim, ex.body, send);
    if (injectFault(this.options, this.sim.random, ex)) return;
    const refused = checkHeaders(this.sim, req);
    if (refused !== undefined) return send(refused.status, refused.body);
    if (this.options.forbidden?.test(url.pathname) === true)
      return send(403, {
        message:
          "Forbidden. The requester is not authorized to access the resource or a mandatory header might be missing from the request. Verify your request and try again.",
      });
    const sandbox = String(req.headers["x-sandbox-name"]);

    if (method === "POST" && url.pathname === ADHOC_PATH) return adhocRun(this.sim, ex, sandbox);
    if (method === "POST" && url.pathname === AUDIENCES_BULK_PATH)
      return bulkGetAudiences(this.sim, ex, sandbox);
    if (method === "GET" && url.pathname === FLOWS_PATH) return listFlows(this.sim, url, sandbox, send);
    const flowId = FLOW_PATH.exec(url.pathname)?.[1];
    if (method === "GET" && flowId !== undefined)
      return getFlow(this.sim, decodeURIComponent(flowId), sandbox, send);
    const runId = RUN_PATH.exec(url.pathname)?.[1];
    if (method === "GET" && runId !== undefined) return getRun(this.sim, runId, send);
    if (method === "GET" && url.pathname === RUNS_PATH) return listRuns(this.sim, url, send);
    if (method === "GET" && url.pathname === EXPORT_JOBS_PATH) return listExportJobs(this.sim, url, send);
    if (method === "GET" && url.pathname === SEGMENT_JOBS_PATH) return listSegmentJobs(this.sim, ex, sandbox);
    return send(404, { message: `No such endpoint: ${method} ${url.pathname}` });
  }
}
