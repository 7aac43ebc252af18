// GET /data/core/ups/export/jobs: scheduled segment export jobs (ad-hoc runs wait while one is running).
import type { Send, SimContext } from "./context.js";

export const EXPORT_JOBS_PATH = "/data/core/ups/export/jobs";

export function listExportJobs(sim: SimContext, url: URL, send: Send): void {
  const now = sim.now();
  const status = url.searchParams.get("status");
  const limit = Number(url.searchParams.get("limit") ?? 100);
  const records = sim.state.exportJobs
    .map((j) => ({
      id: j.id,
      jobType: "BATCH",
      schema: { name: "_xdm.context.profile" },
      status: sim.state.exportStatus(j, now),
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
