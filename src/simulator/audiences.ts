// POST /data/core/ups/audiences/bulk-get: audiences by ID, answered 207 with each found audience as
// segmentation.yaml describes it (a segment definition, or an external audience with its source's ID),
// and a 404 entry for each ID Platform does not know.
import { randomUUID } from "node:crypto";
import type { Exchange, SimContext } from "./context.js";
import type { SimAudience } from "./model.js";
import { sandboxIdOf } from "./runs.js";

export const AUDIENCES_BULK_PATH = "/data/core/ups/audiences/bulk-get";

function audienceJson(a: SimAudience, sandbox: string, orgId: string) {
  const sandboxInfo = {
    sandboxId: sandboxIdOf(sandbox),
    sandboxName: sandbox,
    type: "production",
    default: false,
  };
  const time = {
    creationTime: a.createTime * 1000,
    createEpoch: a.createTime,
    updateTime: a.createTime * 1000,
    updateEpoch: a.createTime,
  };
  if (a.externalId !== undefined)
    return {
      id: a.id,
      ...(a.name === undefined ? {} : { name: a.name }),
      namespace: "AO",
      imsOrgId: orgId,
      sandbox: sandboxInfo,
      type: "ExternalSegment",
      lifecycleState: "published",
      ...time,
      audienceId: a.externalId,
      isSystem: false,
      saveSegmentMembership: true,
      originName: "AUDIENCE_ORCHESTRATION",
    };
  return {
    id: a.id,
    audienceId: a.id,
    schema: { name: "_xdm.context.profile" },
    imsOrgId: orgId,
    sandbox: sandboxInfo,
    ...(a.name === undefined ? {} : { name: a.name }),
    ...time,
    type: "SegmentDefinition",
    state: "enabled",
    lifecycleState: "published",
    namespace: "AEPSegments",
    isSystem: false,
    saveSegmentMembership: true,
    originName: "REAL_TIME_CUSTOMER_PROFILE",
  };
}

export function bulkGetAudiences(sim: SimContext, ex: Exchange, sandbox: string): void {
  let ids: unknown;
  try {
    ids = (JSON.parse(ex.body) as { ids?: unknown }).ids;
  } catch {
    ids = undefined;
  }
  if (!Array.isArray(ids) || ids.some((i) => typeof (i as { id?: unknown } | null)?.id !== "string"))
    return ex.send(400, { message: 'The request body must be {"ids":[{"id":"…"}]}.' });
  const orgId = String(ex.req.headers["x-gw-ims-org-id"] ?? "");
  const results: Record<string, unknown> = {};
  for (const { id } of ids as { id: string }[]) {
    const audience = sim.state.audience(id, sim.startedAt);
    results[id] =
      audience === undefined
        ? { requestId: randomUUID(), errors: { 404: [{ code: 404, message: "Not found." }] } }
        : audienceJson(audience, sandbox, orgId);
  }
  ex.send(207, { results });
}
