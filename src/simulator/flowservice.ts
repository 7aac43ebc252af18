// GET /data/foundation/flowservice/flows/{id} and /runs/{id}: dataflows with their segment selectors and
// schedules, and runs with Platform's metrics (the paged run list is in run-list.ts).
import type { Send, SimContext } from "./context.js";
import type { SimDataflow } from "./model.js";
import { sandboxIdOf, type SimRun } from "./runs.js";

export const FLOW_PATH = /^\/data\/foundation\/flowservice\/flows\/([^/]+)$/;
export const FLOWS_PATH = "/data/foundation/flowservice/flows";
export const RUN_PATH = /^\/data\/foundation\/flowservice\/runs\/([^/]+)$/;

function flowJson(flow: SimDataflow, sandbox: string) {
  // A streaming destination exports audience changes as they happen: no export mode, no schedule.
  const streaming = flow.streamingSpec !== undefined;
  const selectors = flow.audiences.map((a) => ({
    type: "PLATFORM_SEGMENT",
    value: {
      // An external audience: the selector names its source's ID, and Platform's as systemSegmentId.
      ...(a.externalId === undefined
        ? { id: a.id }
        : { id: a.externalId, systemSegmentId: a.id, namespace: "aamSegments" }),
      ...(a.name === undefined ? {} : { name: a.name }),
      ...(streaming
        ? {}
        : {
            exportMode: "DAILY_FULL_EXPORT",
            schedule: {
              frequency: "DAILY",
              startDate: a.startDate,
              ...(a.endDate === undefined ? {} : { endDate: a.endDate }),
              startTime: "06:00",
              triggerType: "SCHEDULED",
            },
          }),
      createTime: String(a.createTime),
    },
  }));
  return {
    id: flow.id,
    name: flow.name,
    sandboxName: sandbox,
    state: flow.state,
    flowSpec: { id: flow.streamingSpec ?? "71471eba-b620-49e4-90fd-23f1fa0174d8", version: "1.0" },
    transformations: [{ name: "GeneralTransform", params: { segmentSelectors: { selectors } } }],
  };
}

/** GET /flows: the simulator's dataflows (all destination dataflows), in one page, with the filter Adobe documents. */
export function listFlows(sim: SimContext, url: URL, sandbox: string, send: Send): void {
  const filter = url.searchParams.getAll("property");
  if (filter.some((p) => p !== "inheritedAttributes.properties.isDestinationFlow==true"))
    return send(400, { message: `The simulator lists destination dataflows only, not ${filter.join(", ")}` });
  const items = [...sim.state.dataflows.values()].map((f) => ({
    ...flowJson(f, sandbox),
    inheritedAttributes: { properties: { isDestinationFlow: true } },
  }));
  send(200, { items, _links: {} });
}

export function getFlow(sim: SimContext, id: string, sandbox: string, send: Send): void {
  const flow = sim.state.flow(id);
  if (flow === undefined) return send(404, { message: `Flow ${id} not found` });
  send(200, { items: [flowJson(flow, sandbox)], _links: {}, count: 1 });
}

/**
 * A run as Flow Service renders it (FlowRunItemDTO): who created it, the org and sandbox, the metrics.
 * No audience: Platform's run object names none (the simulator keeps it for itself in SimRun).
 */
export function runJson(sim: SimContext, r: SimRun) {
  const now = sim.now();
  const done = now >= r.completesAt;
  const status = !done ? "Processing" : r.fails ? "failed" : "success";
  return {
    id: r.id,
    flowId: r.flowId,
    createdAt: r.createdAt,
    updatedAt: done ? r.completesAt : now,
    createdBy: r.createdBy,
    updatedBy: r.createdBy,
    createdClient: r.createdClient,
    updatedClient: r.createdClient,
    imsOrgId: r.imsOrgId,
    sandboxId: sandboxIdOf(r.sandbox),
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
        status: sim.options.runStatusAs === "number" ? 3 : status,
        ...(done && r.fails
          ? { errors: [{ code: "ACTIVATION_BATCH-0000-FAILED", message: "Job aborted." }] }
          : {}),
      },
    },
  };
}

/**
 * `rawId` is the path segment as sent (decoded to look the run up). A run is found here as soon as it
 * exists, even while `listLagMs` keeps it out of GET /runs: the statusURL adhocrun returns is meant to
 * be read at once, while the list is taken to be a search index that catches up later (an assumption).
 */
export function getRun(sim: SimContext, rawId: string, send: Send): void {
  const r = sim.state.runs.get(decodeURIComponent(rawId));
  return r === undefined
    ? send(404, { message: `Run ${rawId} not found` })
    : send(200, { items: [runJson(sim, r)], _links: {}, count: 1 });
}
