// A scheduled run's view of the pairs a later run sends: pending windows, Adobe's first-activation
// hour and retries, and the failures still open, verdict first. Pure; every plan-provided string is
// escaped.
import { formatAge } from "../clock.js";
import type { PendingVerdict } from "../state/pending.js";
import { retryable } from "../state/records.js";
import type { PairRecord } from "../state/types.js";
import { code, plural } from "./escape.js";
import { confirmHint, NOTE_ITEMS } from "./notes.js";

/**
 * A scheduled run's pending pairs (windows that open later): what it sent and how late, what still
 * waits and until when, and what will never be sent (expired) or needs a person's yes.
 */
export function renderPendingNotes(
  verdicts: readonly PendingVerdict[],
  at: { now: number; maxLatenessMs: number; frozen: boolean; maxAttempts?: number },
): string {
  if (verdicts.length === 0) return "";
  const when = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  // Our own words, dates and PR numbers only (a PR number links): nothing plan-provided to escape.
  const what = (v: PendingVerdict): string => {
    switch (v.kind) {
      case "due":
        if (at.frozen) return "due, but the freeze is on: it stays pending";
        return v.hour === true
          ? `sent now: it waited for Adobe's hour after the audience's first activation (reviewed ${v.record.review === undefined ? "without a PR" : `on PR #${v.record.review.pr}`})`
          : `sent now, ${formatAge(v.late)} after its window opened (reviewed ${v.record.review === undefined ? "without a PR" : `on PR #${v.record.review.pr}`})`;
      case "waiting":
        return v.opens === undefined
          ? "pending: the plans its merge reviewed could not be read (is the commit still on the default branch?); judged again by the next run, never sent unjudged"
          : `pending: its window opens ${when(v.opens)} (in ${formatAge(v.opens - at.now)})`;
      case "confirm":
        return `⚠️ needs a person's yes: its window opened ${formatAge(v.late)} ago, longer than max-lateness (${formatAge(at.maxLatenessMs)}).${v.record.review === undefined ? " A manual run of its plan sends it" : confirmHint(v.record.review)}`;
      case "retry":
        return at.frozen
          ? `a retry is due (it failed on ${v.record.code ?? "failed"}), but the freeze is on`
          : `retried now: try ${v.record.attempts + 1} of ${at.maxAttempts ?? "?"} (it failed on ${v.record.code ?? "failed"}, which is worth retrying)`;
      case "expired":
        return v.code === "window-closed"
          ? "❌ expired: its window closed before a run could send it; never sent"
          : v.code === "revoked"
            ? "cancelled: its plan no longer asks for it (deleted or removed); never sent"
            : "superseded: the pair was sent under a newer request";
    }
  };
  const order = { confirm: 0, expired: 1, retry: 2, due: 3, waiting: 4 } as const;
  const rows = [...verdicts].sort((a, b) => order[a.kind] - order[b.kind]);
  const shown = rows.slice(0, NOTE_ITEMS);
  return [
    `### Pending pairs and retries (${verdicts.length})`,
    "",
    "| Plan | Destination / audience | Merged as | What happens |",
    "|---|---|---|---|",
    ...shown.map(
      (v) =>
        `| ${code(v.record.plan)} | ${code(v.record.destination)} / ${code(v.record.audience)} | ${code(v.record.commit.slice(0, 12))} | ${what(v)} |`,
    ),
    ...(rows.length > shown.length ? ["", `…and ${rows.length - shown.length} more.`] : []),
    "",
    "",
  ].join("\n");
}

/**
 * The failures a scheduled run found still open: never retried on their own (a run cannot fix an
 * unmapped audience), each with what it failed on; a changed plan is a new request.
 */
export function renderOpenFailures(records: readonly PairRecord[], maxAttempts: number): string {
  if (records.length === 0) return "";
  const shown = records.slice(0, NOTE_ITEMS);
  const next = (r: PairRecord) =>
    !retryable(r.code)
      ? "not retried"
      : r.attempts < maxAttempts
        ? `retried by a scheduled run within max-lateness of its merge (${r.attempts} of ${maxAttempts} tries)`
        : `not retried: ${r.attempts} of ${maxAttempts} tries (max-attempts) used`;
  return [
    `### Open failures (${records.length})`,
    "",
    "Scheduled runs retry only what Platform refused for a passing reason (429, a run or export still in progress, Platform unreachable), up to `max-attempts` tries in all. For the rest, fix the cause (map the audience, fix its schedule dates), then bump the plan's `spec.revision` in a PR: its merge sends the pair again, once.",
    "",
    "| Plan | Destination / audience | Merged as | Failed on | Since | Next |",
    "|---|---|---|---|---|---|",
    ...shown.map(
      (r) =>
        `| ${code(r.plan)} | ${code(r.destination)} / ${code(r.audience)} | ${code(r.commit.slice(0, 12))} | ${code(r.code ?? "failed")} | ${new Date(r.updatedAt).toISOString().replace(/\.\d{3}Z$/, "Z")} | ${next(r)} |`,
    ),
    ...(records.length > shown.length ? ["", `…and ${records.length - shown.length} more.`] : []),
    "",
    "",
  ].join("\n");
}

/**
 * What a scheduled run did with the pairs a later run sends, verdict first: how many it sent, how
 * many still wait, expired or need a person's yes, and the open failures; then each list.
 */
export function renderScheduledView(
  verdicts: readonly PendingVerdict[],
  open: readonly PairRecord[],
  at: { now: number; maxLatenessMs: number; frozen: boolean; maxAttempts: number; dryRun?: boolean },
): string {
  if (verdicts.length === 0 && open.length === 0) return "";
  const n = (kind: PendingVerdict["kind"]) => verdicts.filter((v) => v.kind === kind).length;
  const sent = at.frozen || at.dryRun === true ? 0 : n("due") + n("retry");
  const expired = verdicts.filter((v) => v.kind === "expired" && v.code === "window-closed").length;
  const parts = [
    `${sent} sent`,
    `${n("waiting") + (at.frozen || at.dryRun === true ? n("due") + n("retry") : 0)} waiting`,
    ...(expired > 0 ? [`${expired} expired`] : []),
    ...(n("confirm") > 0 ? [`${n("confirm")} held for a person's yes`] : []),
    `${plural(open.length, "open failure")}`,
  ];
  const icon = expired > 0 || n("confirm") > 0 ? "⚠️" : "🕒";
  return [
    `### ${icon} Scheduled run: ${parts.join(" · ")}`,
    "",
    ...(at.dryRun === true
      ? ["> [!NOTE]", "> Dry run: what a scheduled run would do; nothing was sent or recorded.", ""]
      : []),
    renderPendingNotes(verdicts, at) + renderOpenFailures(open, at.maxAttempts),
  ].join("\n");
}
