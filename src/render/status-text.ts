// What the activation state holds, for people: one row per requested pair, by plan, with where it
// is and what to know about it. Pure: the CLI's `status` prints it.
import { formatAge } from "../clock.js";
import { retryable } from "../state/records.js";
import type { PairRecord } from "../state/types.js";
import { textTable } from "./text-table.js";

export interface StatusRow {
  plan: string;
  commit: string;
  destination: string;
  audience: string;
  state: PairRecord["state"];
  code?: string;
  attempts: number;
  updatedAt: string;
  runIds?: string[];
  candidates?: string[];
  review?: { pr: number; hash: string };
  /** When its plan's window opened or opens (pending pairs, and those sent from pending). */
  due?: string;
  /** How long after its window opened it was sent. */
  late?: string;
}

const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));

/** The records as rows, ordered by plan, destination, audience and commit. */
export function statusRows(records: Iterable<PairRecord>): StatusRow[] {
  const rows = [...records].map((r) => {
    const row: StatusRow = {
      plan: r.plan,
      commit: r.commit,
      destination: r.destination,
      audience: r.audience,
      state: r.state,
      attempts: r.attempts,
      updatedAt: iso(r.updatedAt),
    };
    if (r.code !== undefined) row.code = r.code;
    if (r.runIds !== undefined) row.runIds = r.runIds;
    if (r.candidates !== undefined) row.candidates = r.candidates;
    if (r.review !== undefined) row.review = r.review;
    if (r.due !== undefined) {
      row.due = iso(r.due);
      const sent = r.state === "succeeded" || r.state === "submitted" ? r.intentAt : undefined;
      if (sent !== undefined) row.late = formatAge(Math.max(0, sent - r.due));
    }
    return row;
  });
  const key = (r: StatusRow) => [r.plan, r.destination, r.audience, r.commit].join("\u0000");
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** What a person should know about a pair, in a few words. */
function detail(r: StatusRow): string {
  const runs = (ids: readonly string[] | undefined) =>
    ids === undefined || ids.length === 0 ? "" : ` (run ${ids.join(", ")})`;
  switch (r.state) {
    case "succeeded":
      return `since ${r.updatedAt}${runs(r.runIds)}${r.late === undefined ? "" : `; sent ${r.late} after its window opened`}${r.review === undefined ? "" : `; reviewed on PR #${r.review.pr}`}`;
    case "submitted":
      return `in flight${runs(r.runIds)}: the next apply follows it`;
    case "failed": {
      const tries =
        r.attempts === 0 ? "before any try" : `after ${r.attempts} ${r.attempts === 1 ? "try" : "tries"}`;
      const what = `${r.code ?? "failed"} ${tries}, ${r.updatedAt}`;
      return retryable(r.code)
        ? `${what}; worth retrying: the next scheduled run (the Action) tries again while tries are left (max-attempts, 3 by default); with the CLI, apply the change again`
        : `${what}; not worth retrying on its own: fix the cause, then bump the plan's revision (or rerun the run that failed)`;
    }
    case "intent":
      return `submitted at ${r.updatedAt}, reply not recorded: the next apply resolves it`;
    case "unknown":
      return `${r.code ?? "unknown"}; candidates: ${(r.candidates ?? []).join(" ") || "none"} (aep-activate resolve)`;
    case "expired":
      return r.code === "window-closed"
        ? `its window closed before a run could send it; never sent (${r.updatedAt})`
        : r.code === "revoked"
          ? `cancelled: its plan no longer asks for it (deleted or removed); never sent (${r.updatedAt})`
          : r.code === "superseded"
            ? `superseded: a newer request for the pair was sent (${r.updatedAt})`
            : `never submitted again${r.code === undefined ? "" : ` (${r.code})`}`;
    case "pending":
      return r.code === "needs-confirmation"
        ? `its window opened longer than max-lateness ago: sent only with a person's yes, a manual run${r.review === undefined ? " of its plan" : ` with confirm: "${r.review.pr} ${r.review.hash}"`}`
        : r.code === "first-activation-wait"
          ? "waiting for Adobe's hour after the audience's first activation: the first scheduled run after it sends it"
          : `waiting for its plan's window to open${r.due === undefined ? "" : ` at ${r.due}`}: the first scheduled run (the Action) or apply (the CLI) after that sends it`;
  }
}

/** Counts by state, in the order people act on them. */
export function statusCounts(rows: readonly StatusRow[]): string {
  const order: PairRecord["state"][] = [
    "unknown",
    "intent",
    "failed",
    "pending",
    "submitted",
    "succeeded",
    "expired",
  ];
  const counts = order
    .map((s) => [s, rows.filter((r) => r.state === s).length] as const)
    .filter(([, n]) => n > 0);
  return counts.length === 0 ? "no pairs" : counts.map(([s, n]) => `${n} ${s}`).join(" · ");
}

/** The rows as a terminal table under a title. */
export function renderStatus(title: string, rows: readonly StatusRow[]): string {
  const table = textTable(
    ["plan", "destination / audience", "commit", "state", "detail"],
    rows.map((r) => [r.plan, `${r.destination} / ${r.audience}`, r.commit.slice(0, 12), r.state, detail(r)]),
  );
  return [
    `${title}: ${rows.length} pair(s): ${statusCounts(rows)}`,
    ...(rows.length === 0 ? [] : ["", ...table]),
  ].join("\n");
}
