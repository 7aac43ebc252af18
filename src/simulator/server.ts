// The Platform simulator: a real HTTP server on 127.0.0.1 with Adobe's documented behaviour for the
// endpoints the client uses (IMS token, ad-hoc activation, flows, runs, segment export jobs), the
// documented guardrails and errors, and fault knobs (latency, 429 with Retry-After, 500, dropped
// connections). Wording marked "simulator wording" is not documented by Adobe.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { isoDate, SimState, type Fixture, type SimRun } from "./model.js";

export interface SimulatorOptions {
  fixture?: Fixture;
  port?: number;
  /** Seed of the pseudo-random faults and run metrics (same seed, same behaviour). */
  seed?: number;
  latencyMs?: number;
  /** Share (0–1) of Platform requests answered 429 with Retry-After. */
  rate429?: number;
  retryAfterSeconds?: number;
  /** Share of Platform requests answered 500 before any processing. */
  rate500?: number;
  /** Share of Platform requests whose connection is dropped before any processing. */
  rateDrop?: number;
  /** Share of accepted ad-hoc submissions whose connection is dropped after the runs were created. */
  rateDropAfterSubmit?: number;
  /** How long an ad-hoc run stays processing (ms), ± `runJitterMs`. */
  runDurationMs?: number;
  runJitterMs?: number;
  tokenLifetimeSeconds?: number;
  /** When set, the IMS endpoint only accepts these credentials. */
  credentials?: { clientId: string; clientSecret: string };
  /** Base URL written into statusURL (default: the simulator's own URL). */
  statusUrlBase?: string;
  /** Faults apply only to paths matching this (default: every Platform path). */
  faultPaths?: RegExp;
  now?: () => number;
}

const PLATFORM_ADHOC = "/data/core/activation/disflowprovider/adhocrun";
const V2_ACCEPT = "application/vnd.adobe.adhoc.activation+json; version=2";

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The JSON the simulator answered with (for the OpenAPI conformance test). */
  response?: unknown;
}

export class Simulator {
  readonly state: SimState;
  readonly requests: RequestRecord[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly random: () => number;
  private readonly startedAt: number;
  private readonly now: () => number;
  url = "";

  constructor(readonly options: SimulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.state = new SimState(options.fixture ?? {}, this.startedAt);
    this.random = prng(options.seed ?? 1);
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port ?? 0, "127.0.0.1", () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://sim");
    const record: RequestRecord = {
      method: req.method ?? "GET",
      path: url.pathname + url.search,
      status: 0,
      headers: req.headers,
      body,
    };
    this.requests.push(record);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      record.response = payload;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(payload));
    };
    if ((this.options.latencyMs ?? 0) > 0) await new Promise((r) => setTimeout(r, this.options.latencyMs));

    if (req.method === "POST" && url.pathname === "/ims/token/v3") return this.token(body, send);

    // Faults, before any processing, so a failed request changed nothing.
    if (this.options.faultPaths === undefined || this.options.faultPaths.test(url.pathname)) {
      const roll = this.random();
      const r429 = this.options.rate429 ?? 0;
      const r500 = this.options.rate500 ?? 0;
      const rDrop = this.options.rateDrop ?? 0;
      if (roll < r429) {
        return send(
          429,
          { error_code: "429050", message: "Too many requests" },
          { "retry-after": String(this.options.retryAfterSeconds ?? 1) },
        );
      }
      if (roll < r429 + r500) return send(500, { message: "Internal server error" });
      if (roll < r429 + r500 + rDrop) {
        record.status = -1;
        req.socket.destroy();
        return;
      }
    }
    const auth = this.checkHeaders(req);
    if (auth !== undefined) return send(auth.status, auth.body);
    const sandbox = String(req.headers["x-sandbox-name"]);

    if (req.method === "POST" && url.pathname === PLATFORM_ADHOC)
      return this.adhoc(req, body, sandbox, send, record);
    const flow = /^\/data\/foundation\/flowservice\/flows\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && flow !== null)
      return this.getFlow(decodeURIComponent(flow[1]!), sandbox, send);
    const run = /^\/data\/foundation\/flowservice\/runs\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && run !== null) {
      const r = this.state.runs.get(decodeURIComponent(run[1]!));
      return r === undefined
        ? send(404, { message: `Run ${run[1]} not found` })
        : send(200, { items: [this.runJson(r)], _links: {}, count: 1 });
    }
    if (req.method === "GET" && url.pathname === "/data/foundation/flowservice/runs")
      return this.listRuns(url, send);
    if (req.method === "GET" && url.pathname === "/data/core/ups/export/jobs")
      return this.exportJobs(url, send);
    return send(404, { message: `No such endpoint: ${req.method} ${url.pathname}` });
  }

  private token(body: string, send: (s: number, b: unknown) => void): void {
    const form = new URLSearchParams(body);
    const id = form.get("client_id");
    const secret = form.get("client_secret");
    if (form.get("grant_type") !== "client_credentials" || !id || !secret) {
      return send(400, {
        error: "invalid_request",
        error_description: "grant_type, client_id and client_secret are required",
      });
    }
    const creds = this.options.credentials;
    if (creds !== undefined && (creds.clientId !== id || creds.clientSecret !== secret)) {
      return send(401, { error: "invalid_client", error_description: "invalid client_secret parameter" });
    }
    const lifetime = this.options.tokenLifetimeSeconds ?? 86_399;
    const token = `sim-${randomUUID()}`;
    this.state.tokens.set(token, this.now() + lifetime * 1000);
    send(200, { access_token: token, token_type: "bearer", expires_in: lifetime });
  }

  /** The gateway's checks, with its documented error bodies. */
  private checkHeaders(req: IncomingMessage): { status: number; body: unknown } | undefined {
    const authz = req.headers.authorization;
    const token = typeof authz === "string" && authz.startsWith("Bearer ") ? authz.slice(7) : "";
    if (token === "")
      return { status: 401, body: { error_code: "401013", message: "Oauth token is not valid" } };
    const expires = this.state.tokens.get(token);
    const issuedOnly = this.options.credentials !== undefined;
    if ((expires !== undefined && expires <= this.now()) || (expires === undefined && issuedOnly)) {
      return { status: 401, body: { error_code: "401013", message: "Oauth token is not valid" } };
    }
    if (!req.headers["x-api-key"])
      return { status: 403, body: { error_code: "403003", message: "Api Key is invalid" } };
    if (!req.headers["x-gw-ims-org-id"] || !req.headers["x-sandbox-name"]) {
      return { status: 400, body: { error_code: "400003", message: "Missing header" } };
    }
    return undefined;
  }

  private adhoc(
    req: IncomingMessage,
    body: string,
    sandbox: string,
    send: (s: number, b: unknown) => void,
    record: RequestRecord,
  ): void {
    const now = this.now();
    const v2 = req.headers.accept === V2_ACCEPT;
    if (req.headers["content-type"] !== "application/json")
      return send(400, { message: "Content-Type must be application/json" });
    let parsed: { activationInfo?: unknown; exportIds?: unknown };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return send(400, { message: "Malformed request body" });
    }
    const info = parsed.activationInfo;
    if (info === null || typeof info !== "object" || Array.isArray(info))
      return send(400, { message: "activationInfo is required" });
    const entries = Object.entries(info as Record<string, unknown>);
    if (entries.some(([, v]) => !Array.isArray(v) || v.some((x) => typeof x !== "string"))) {
      return send(400, { message: "activationInfo values must be arrays of audience IDs" });
    }
    if (!v2 && (!Array.isArray(parsed.exportIds) || parsed.exportIds.length === 0)) {
      return send(400, { message: "exportIds is required when the v2 Accept header is not sent" }); // simulator wording
    }
    const audiences = new Set(entries.flatMap(([, v]) => (v as string[]).map((a) => a.toLowerCase())));
    const limit = v2 ? 80 : 20;
    if (audiences.size > limit) {
      return send(400, {
        message: `An ad hoc activation job can activate at most ${limit} audiences; this one has ${audiences.size}`,
      }); // simulator wording
    }
    if (this.state.exportJobs.some((j) => this.state.exportStatus(j, now) === "PROCESSING")) {
      return send(400, {
        message: "Ad hoc activation cannot run while a scheduled audience export job is in progress",
      }); // simulator wording
    }
    const pairs: { flow: string; audience: string; fails: boolean }[] = [];
    const unmapped: string[] = [];
    const today = isoDate(now);
    for (const [flowId, ids] of entries) {
      const flow = this.state.flow(flowId);
      if (flow === undefined) return send(404, { message: `Destination instance ${flowId} not found` });
      if (flow.state !== "enabled") return send(400, { message: `Dataflow ${flowId} is disabled` }); // simulator wording
      for (const id of ids as string[]) {
        const m = this.state.mapping(flow, id, this.startedAt);
        if (m === undefined || m.startDate > today || (m.endDate !== undefined && m.endDate < today)) {
          unmapped.push(m?.name ?? id);
          continue;
        }
        const tooSoon = m.createTime * 1000 + 3_600_000 > now;
        pairs.push({ flow: flow.id, audience: id.toLowerCase(), fails: m.failRun === true || tooSoon });
      }
    }
    if (unmapped.length > 0) {
      return send(400, {
        message: `Segments ${unmapped.join(", ")} are not part of this dataflow or out of schedule range!`,
      });
    }
    for (const p of pairs) {
      const running = this.state.runInFlight(p.audience, now);
      if (running !== undefined) {
        return send(400, {
          message: `Run already going on for audience ${p.audience} for order ${running.flowId} with run id ${running.id}`,
        });
      }
    }
    const base = this.options.statusUrlBase ?? this.url;
    const order = pairs.map((p) => {
      const duration =
        (this.options.runDurationMs ?? 2000) +
        Math.round((this.random() - 0.5) * 2 * (this.options.runJitterMs ?? 0));
      const run: SimRun = {
        id: randomUUID(),
        flowId: p.flow,
        audience: p.audience,
        sandbox,
        createdAt: now,
        completesAt: now + Math.max(0, duration),
        fails: p.fails,
        records: 1000 + Math.floor(this.random() * 49_000),
        files: 1 + Math.floor(this.random() * 3),
      };
      this.state.runs.set(run.id, run);
      this.state.accepted.push({
        sandbox,
        destination: p.flow,
        audience: p.audience,
        runId: run.id,
        at: now,
      });
      return {
        segment: p.audience,
        order: p.flow,
        statusURL: `${base}/data/foundation/flowservice/runs/${run.id}`,
      };
    });
    if (this.random() < (this.options.rateDropAfterSubmit ?? 0)) {
      record.status = -2;
      req.socket.destroy();
      return;
    }
    send(200, { order });
  }

  private getFlow(id: string, sandbox: string, send: (s: number, b: unknown) => void): void {
    const flow = this.state.flow(id);
    if (flow === undefined) return send(404, { message: `Flow ${id} not found` });
    const selectors = flow.audiences.map((a) => ({
      type: "PLATFORM_SEGMENT",
      value: {
        id: a.id,
        name: a.name,
        exportMode: "DAILY_FULL_EXPORT",
        schedule: {
          frequency: "DAILY",
          startDate: a.startDate,
          ...(a.endDate === undefined ? {} : { endDate: a.endDate }),
          startTime: "06:00",
          triggerType: "SCHEDULED",
        },
        createTime: String(a.createTime),
      },
    }));
    const permissive = !this.state.dataflows.has(flow.id);
    send(200, {
      items: [
        {
          id: flow.id,
          name: flow.name,
          sandboxName: sandbox,
          state: flow.state,
          flowSpec: { id: "71471eba-b620-49e4-90fd-23f1fa0174d8", version: "1.0" },
          transformations: [{ name: "GeneralTransform", params: { segmentSelectors: { selectors } } }],
          // A permissive simulator maps every audience: it says so instead of listing them.
          ...(permissive
            ? { inheritedAttributes: { properties: { simulatorMapsEveryAudience: true } } }
            : {}),
        },
      ],
      _links: {},
      count: 1,
    });
  }

  private runJson(r: SimRun) {
    const now = this.now();
    const done = now >= r.completesAt;
    const status = !done ? "Processing" : r.fails ? "failed" : "success";
    return {
      id: r.id,
      flowId: r.flowId,
      createdAt: r.createdAt,
      updatedAt: done ? r.completesAt : now,
      sandboxName: r.sandbox,
      metrics: {
        durationSummary: { startedAtUTC: r.createdAt, ...(done ? { completedAtUTC: r.completesAt } : {}) },
        recordSummary: done
          ? {
              inputRecordCount: r.records,
              outputRecordCount: r.fails ? 0 : r.records,
              failedRecordCount: r.fails ? r.records : 0,
            }
          : {},
        fileSummary: done ? { outputFileCount: r.fails ? 0 : r.files } : {},
        statusSummary: {
          status,
          ...(done && r.fails
            ? { errors: [{ code: "ACTIVATION_BATCH-0000-FAILED", message: "Job aborted." }] }
            : {}),
        },
      },
    };
  }

  private listRuns(url: URL, send: (s: number, b: unknown) => void): void {
    const property = url.searchParams.getAll("property");
    const flowFilter = property.map((p) => /^flowId==(.+)$/.exec(p)?.[1]).find((v) => v !== undefined);
    const since = property.map((p) => /^createdAt>=?(\d+)$/.exec(p)?.[1]).find((v) => v !== undefined);
    const limit = Math.min(100, Number(url.searchParams.get("limit") ?? 100));
    const runs = [...this.state.runs.values()]
      .filter(
        (r) =>
          (flowFilter === undefined || r.flowId === flowFilter.toLowerCase()) &&
          (since === undefined || r.createdAt >= Number(since)),
      )
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, limit);
    send(200, { items: runs.map((r) => this.runJson(r)), _links: {}, count: runs.length });
  }

  private exportJobs(url: URL, send: (s: number, b: unknown) => void): void {
    const now = this.now();
    const status = url.searchParams.get("status");
    const limit = Number(url.searchParams.get("limit") ?? 100);
    const records = this.state.exportJobs
      .map((j) => ({
        id: j.id,
        jobType: "BATCH",
        schema: { name: "_xdm.context.profile" },
        status: this.state.exportStatus(j, now),
        creationTime: j.createdAt,
        updateTime: Math.min(now, j.busyUntil),
      }))
      .filter((r) => status === null || r.status === status)
      .sort((a, b) => b.creationTime - a.creationTime)
      .slice(0, limit);
    send(200, {
      records,
      page: { sortField: "createdTime", sort: "desc", limit, count: records.length },
      link: {},
    });
  }
}
