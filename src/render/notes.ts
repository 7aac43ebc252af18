// The notes around an apply's summary: the merges of a run that were not applied and the pairs not
// sent (and why), and a scheduled run's view of the pairs a later run sends (pending windows, Adobe's
// first-activation hour, retries) and of the open failures. Pure; every plan-provided string is
// escaped.
import { formatAge } from "../clock.js";
import type { PendingVerdict } from "../state/pending.js";
import { retryable } from "../state/records.js";
import type { PairRecord } from "../state/types.js";
import { code, escapeSentence, plural } from "./escape.js";

/** At most this many pairs are listed in a note; the rest are counted. */
const NOTE_ITEMS = 20;

/**
 * Above the summary of a run of several merges: the merges whose review did not hold, each with its
 * PR and why (their pairs were not submitted; the reviewed merges' were), then the pairs that were
 * not sent for another reason: revoked by a later merge, or asked for by no merge on its own.
 */
/** How a person says yes to a merge a run did not send: the manual run's confirm input. */
export function confirmHint(m: {
  pr: number | undefined;
  hash?: string;
  sandboxes?: readonly string[];
}): string {
  if (m.pr === undefined || m.hash === undefined) return "";
  // A limited run's hash covers its sandboxes only: the manual run is limited the same way.
  const limit =
    m.sandboxes === undefined || m.sandboxes.length === 0
      ? ""
      : ` and ${code(`sandboxes: ${m.sandboxes.join(",")}`)}`;
  return ` To send it as merged, with a person's yes: run the manual workflow with ${code(`confirm: ${m.pr} ${m.hash}`)}${limit}.`;
}

/** Where a refusal note starts and ends in a PR's comment (replaced, never stacked, on a rerun). */
export const REFUSED_BEGIN = "<!-- aep-activation-plans:refused -->";
export const REFUSED_END = "<!-- /aep-activation-plans:refused -->";

/** A refused merge, for the top of its PR's comment: the verdict, why (both hashes), the way on. */
type Labelled = { destination: string; audience: string; plan: string };
type Differs = { merged: readonly Labelled[]; reviewed: readonly Labelled[] };

/** The pairs a refused merge changed against its review, each side cut at `most` lines. */
export function differenceLines(d: Differs | undefined, most = 20, quote = ""): string[] {
  if (d === undefined) return [];
  if (d.merged.length === 0 && d.reviewed.length === 0)
    return [
      `${quote}The same pairs as reviewed: what changed is how they are sent (their jobs, or their plans' windows).`,
    ];
  const side = (title: string, pairs: readonly Labelled[]) =>
    pairs.length === 0
      ? []
      : [
          `${quote}**${title}** (${pairs.length}):`,
          ...pairs
            .slice(0, most)
            .map((p) => `${quote}- ${code(p.audience)} → ${code(p.destination)} (${code(p.plan)})`),
          ...(pairs.length > most ? [`${quote}- … and ${pairs.length - most} more`] : []),
        ];
  const merged = side("Merged, never reviewed", d.merged);
  const reviewed = side("Reviewed, not in the merge", d.reviewed);
  // A blank (quoted) line between the two lists: else the second title continues the first list.
  return merged.length > 0 && reviewed.length > 0
    ? [...merged, quote.trimEnd(), ...reviewed]
    : [...merged, ...reviewed];
}

/**
 * Every refusal note in a comment: an unlimited run's (one, between REFUSED_BEGIN and REFUSED_END),
 * or a limited job's, named by its key and the commit it refused (one per sandboxes' job).
 */
export const REFUSED_NOTES =
  /<!-- aep-activation-plans:refused(?::([a-z0-9+-]+) at=([0-9a-f]{40}))? -->\n[\s\S]*?\n<!-- \/aep-activation-plans:refused(?::\1)? -->/g;

/** `key`: the limited job's (its sandboxes), whose note stands beside the other sandboxes' jobs' notes. */
export function renderRefusedNote(
  m: { head: string; pr: number | undefined; why: string; hash?: string; differs?: Differs },
  runUrl: string | undefined,
  key?: string,
): string {
  const why = m.why.length > 3_000 ? `${m.why.slice(0, 3_000)}…` : m.why;
  const differs = differenceLines(m.differs);
  return [
    key === undefined ? REFUSED_BEGIN : `<!-- aep-activation-plans:refused:${key} at=${m.head} -->`,
    `### ❌ Not applied${key === undefined ? "" : ` in ${key.split("+").join(", ")}`}: merged as ${code(m.head.slice(0, 12))}`,
    "",
    escapeSentence(why),
    "",
    ...(differs.length === 0 ? [] : [...differs, ""]),
    `${confirmHint(m).trim() || "A manual run of its plans sends them, with a person's yes."}${runUrl === undefined ? "" : ` [The run that refused it](${runUrl}).`}`,
    "",
    key === undefined
      ? "The preview below is what was reviewed."
      : "Below: the preview that was reviewed, or what the other sandboxes' jobs did with it.",
    key === undefined ? REFUSED_END : `<!-- /aep-activation-plans:refused:${key} -->`,
  ].join("\n");
}

export function renderMergeNotes(notes: {
  refused: readonly {
    head: string;
    pr: number | undefined;
    reason: string;
    why: string;
    hash?: string;
    differs?: Differs;
  }[];
  revoked: readonly { destination: { id: string }; audience: { id: string }; file: string }[];
  unasked: readonly { destination: string; audience: string }[];
  /** Pairs of merges whose run was missed, not caught up (require-reviewed-plan: false). */
  missed?: readonly { destination: string; audience: string }[];
}): string {
  const { refused, revoked, unasked, missed = [] } = notes;
  const out: string[] = [];
  if (refused.length > 0)
    out.push(
      "> [!CAUTION]",
      `> **${plural(refused.length, "merge")} of this run ${refused.length === 1 ? "was" : "were"} not applied.** ${refused.length === 1 ? "Its" : "Their"} pairs were not submitted; the reviewed merges' pairs below were.`,
      ">",
      ...refused.flatMap((m) => [
        `> - ${m.pr === undefined ? `Commit ${code(m.head.slice(0, 12))}` : `PR #${m.pr}`} (${code(m.reason)}): ${escapeSentence(m.why)}${confirmHint(m)}`,
        ...differenceLines(m.differs, 20, ">   "),
      ]),
      "",
    );
  const items = [
    ...revoked.map(
      (p) =>
        `> - ${code(p.destination.id)} / ${code(p.audience.id)} (${code(p.file)}): asked for by a reviewed merge, removed by a later one (revoked).`,
    ),
    ...unasked.map(
      (p) =>
        `> - ${code(p.destination)} / ${code(p.audience)}: the whole change asks for it, but no merge asks for it on its own (a window that opened since, say); a manual run sends it.`,
    ),
    ...missed.map(
      (p) =>
        `> - ${code(p.destination)} / ${code(p.audience)}: asked for by a merge whose run was missed; with require-reviewed-plan: false it is not caught up, so a manual run sends it.`,
    ),
  ];
  if (items.length > 0)
    out.push(
      "> [!NOTE]",
      `> **${plural(items.length, "pair")} not sent:**`,
      ">",
      ...items.slice(0, NOTE_ITEMS),
      ...(items.length > NOTE_ITEMS ? [`> - and ${items.length - NOTE_ITEMS} more`] : []),
      "",
    );
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

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
