// POST /data/core/activation/disflowprovider/adhocrun: Adobe's ad-hoc activation, with its documented
// guardrails (audience limits, the export-in-progress lock, schedules, the one-hour rule, runs already
// going on). Wording marked "simulator wording" is not documented by Adobe.
import { randomUUID } from "node:crypto";
import { canonicalId } from "../plan/ids.js";
import type { Exchange, SimContext } from "./context.js";
import { clientOf } from "./gateway.js";
import { isoDate } from "./model.js";
import { adobeIdOf, type SimRun } from "./runs.js";

export const ADHOC_PATH = "/data/core/activation/disflowprovider/adhocrun";
const V2_ACCEPT = "application/vnd.adobe.adhoc.activation+json; version=2";

/** Why a submission is refused: the status and Adobe's message. */
interface Refusal {
  status: number;
  message: string;
}

interface Pair {
  flow: string;
  audience: string;
  fails: boolean;
}

/** The request's activationInfo entries, or the 400 message that refuses it. */
function readRequest(ex: Exchange, v2: boolean): [string, string[]][] | string {
  if (ex.req.headers["content-type"] !== "application/json") return "Content-Type must be application/json";
  let parsed: { activationInfo?: unknown; exportIds?: unknown };
  try {
    parsed = JSON.parse(ex.body) as typeof parsed;
  } catch {
    return "Malformed request body";
  }
  const info = parsed.activationInfo;
  if (info === null || typeof info !== "object" || Array.isArray(info)) return "activationInfo is required";
  const entries = Object.entries(info as Record<string, unknown>);
  if (entries.some(([, v]) => !Array.isArray(v) || v.some((x) => typeof x !== "string")))
    return "activationInfo values must be arrays of audience IDs";
  if (!v2 && (!Array.isArray(parsed.exportIds) || parsed.exportIds.length === 0))
    return "exportIds is required when the v2 Accept header is not sent"; // simulator wording
  return entries as [string, string[]][];
}

/** The pairs to run, or why the submission is refused. */
function pairsOf(sim: SimContext, entries: [string, string[]][], now: number): Pair[] | Refusal {
  const pairs: Pair[] = [];
  const unmapped: string[] = [];
  const today = isoDate(now);
  for (const [flowId, ids] of entries) {
    const flow = sim.state.flow(flowId);
    if (flow === undefined) return { status: 404, message: `Destination instance ${flowId} not found` };
    if (flow.state !== "enabled") return { status: 400, message: `Dataflow ${flowId} is disabled` }; // simulator wording
    for (const id of ids) {
      const m = sim.state.mapping(flow, id, sim.startedAt);
      if (m === undefined || m.startDate > today || (m.endDate !== undefined && m.endDate < today)) {
        unmapped.push(m?.name ?? id);
        continue;
      }
      const tooSoon = m.createTime * 1000 + 3_600_000 > now;
      pairs.push({ flow: flow.id, audience: canonicalId(id), fails: m.failRun === true || tooSoon });
    }
  }
  if (unmapped.length > 0)
    return {
      status: 400,
      message: `Segments ${unmapped.join(", ")} are not part of this dataflow or out of schedule range!`,
    };
  for (const p of pairs) {
    const running = sim.state.runInFlight(p.audience, now);
    if (running !== undefined) {
      return {
        status: 400,
        message: `Run already going on for audience ${p.audience} for order ${running.flowId} with run id ${running.id}`,
      };
    }
  }
  return pairs;
}

/** Who submits: the IMS client, and the org the run belongs to. */
interface Caller {
  client: string;
  org: string;
}

function startRun(sim: SimContext, p: Pair, sandbox: string, caller: Caller, now: number) {
  const { runDurationMs = 2000, runJitterMs = 0 } = sim.options;
  const duration = runDurationMs + Math.round((sim.random() - 0.5) * 2 * runJitterMs);
  const run: SimRun & { audience: string } = {
    id: randomUUID(),
    flowId: p.flow,
    audience: p.audience,
    sandbox,
    imsOrgId: caller.org,
    // A service credential's runs: Platform names the token's client (see adobeIdOf for createdBy).
    createdClient: caller.client,
    createdBy: adobeIdOf(caller.client),
    createdAt: now,
    completesAt: now + Math.max(0, duration),
    fails: p.fails,
    records: 1000 + Math.floor(sim.random() * 49_000),
    files: 1 + Math.floor(sim.random() * 3),
  };
  sim.state.putRun(run);
  sim.state.recordAccepted(run);
  return {
    segment: p.audience,
    order: p.flow,
    statusURL: `${sim.statusUrlBase()}/data/foundation/flowservice/runs/${run.id}`,
  };
}

export function adhocRun(sim: SimContext, ex: Exchange, sandbox: string): void {
  const now = sim.now();
  const v2 = ex.req.headers.accept === V2_ACCEPT;
  const entries = readRequest(ex, v2);
  if (typeof entries === "string") return ex.send(400, { message: entries });
  const audiences = new Set(entries.flatMap(([, v]) => v.map((a) => canonicalId(a))));
  const limit = v2 ? 80 : 20;
  if (audiences.size > limit) {
    return ex.send(400, {
      message: `An ad hoc activation job can activate at most ${limit} audiences; this one has ${audiences.size}`,
    }); // simulator wording
  }
  if (sim.state.exportJobs.some((j) => sim.state.exportStatus(j, now) === "PROCESSING")) {
    return ex.send(400, {
      message: "Ad hoc activation cannot run while a scheduled audience export job is in progress",
    }); // simulator wording
  }
  const pairs = pairsOf(sim, entries, now);
  if (!Array.isArray(pairs)) return ex.send(pairs.status, { message: pairs.message });
  const caller = { client: clientOf(sim, ex.req), org: String(ex.req.headers["x-gw-ims-org-id"]) };
  const order = pairs.map((p) => startRun(sim, p, sandbox, caller, now));
  if (sim.random() < (sim.options.rateDropAfterSubmit ?? 0)) return loseReply(sim, ex);
  const damaged = sim.options.acceptedReplyAs;
  if (damaged === "html")
    return ex.sendText(200, "<html><body><h1>Request accepted</h1></body></html>", "text/html");
  if (damaged === "truncated")
    return ex.sendText(200, JSON.stringify({ order }).slice(0, 40), "application/json");
  if (damaged === "half") return ex.send(200, { order: order.slice(0, Math.ceil(order.length / 2)) });
  if (damaged === "shape") return ex.send(200, { order: { accepted: order.length }, status: 1 });
  if ((sim.options.replyDelayMs ?? 0) > 0)
    setTimeout(() => ex.send(200, { order }), sim.options.replyDelayMs);
  else ex.send(200, { order });
}

/**
 * The runs exist, the reply does not arrive: the connection is destroyed (recorded as -2), or the
 * gateway gives up waiting and answers 504. Either way the caller cannot know what was created.
 */
function loseReply(sim: SimContext, ex: Exchange): void {
  if (sim.options.lostReplyAs === "504")
    return ex.send(504, { error_code: "504001", message: "Gateway Timeout" }); // simulator wording
  ex.drop(-2);
}
