// The notes around an apply's summary: the merges of a run that were not applied and the pairs not
// sent (and why), and the note on a refused merge's PR (the scheduled run's view is in
// scheduled-view.ts). Pure; every plan-provided string is escaped.
import { needsAttentionCode } from "../activation/outcome.js";
import type { PairResult } from "../activation/types.js";
import { code, escapeSentence, plural } from "./escape.js";

/** At most this many pairs are listed in a note; the rest are counted. */
export const NOTE_ITEMS = 20;

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

/** What became of a confirmed merge's pairs: from their results, and its pairs pending for a window. */
export function confirmedCounts(results: readonly PairResult[], windows: number) {
  const count = (f: (r: PairResult) => boolean) => results.filter(f).length;
  const attention = (r: PairResult) => r.code === undefined || needsAttentionCode(r.code);
  return {
    succeeded: count((r) => r.code === "succeeded" || r.code === "succeeded-earlier"),
    failed: count((r) => r.sent === true && attention(r)),
    held: count((r) => r.sent !== true && attention(r)),
    waiting: windows + count((r) => r.code === "first-activation-wait"),
  };
}

/**
 * A confirm run's word on a merge it sent, in place of the refusal note on its PR (the same markers,
 * so a later note of that job replaces it in turn): what was sent, whether it succeeded, the run.
 */
export function renderConfirmedNote(
  c: {
    head: string;
    pr: number;
    hash: string;
    /** Sent and succeeded (now, or by an earlier run of this confirmation). */
    succeeded: number;
    /** Sent now and did not succeed. */
    failed: number;
    /** Not sent: held by pre-flight, or the run stopped first. */
    held: number;
    /** Waiting for their plan's window or Adobe's first-activation hour: a later run sends them. */
    waiting: number;
  },
  run: { url: string | undefined; actor: string | undefined },
  marker: { key: string | undefined; at: string | undefined },
): string {
  const { key, at } = marker;
  const keyed = key !== undefined && at !== undefined;
  const where = keyed ? ` in ${key.split("+").join(", ")}` : "";
  const merged = `merged as ${code(c.head.slice(0, 12))}`;
  const went = c.succeeded + c.failed;
  const bad = c.failed + c.held;
  const wait =
    c.waiting === 0
      ? ""
      : `${plural(c.waiting, "pair")} wait for their plan's window or Adobe's hour after an audience's first activation: a later run sends them.`;
  const title =
    went + bad + c.waiting === 0
      ? `### ✅ Confirmed${where}: ${merged}, nothing left to send`
      : went === 0
        ? `### 🕒 Confirmed${where}: ${merged}, waiting to be sent`
        : bad === 0
          ? `### ✅ Sent with a person's yes${where}: ${merged}`
          : `### ⚠️ Sent with a person's yes${where}: ${merged}; ${bad} of ${plural(went + bad, "pair")} did not succeed`;
  const what =
    went + bad + c.waiting === 0
      ? "its pairs were sent since by a later request, or removed by a later merge; none was sent now."
      : went === 0
        ? wait
        : `${bad === 0 ? `${plural(c.succeeded, "pair")} sent and succeeded.` : `${c.succeeded} succeeded, ${bad} did not (the run's summary gives each reason).`}${wait === "" ? "" : ` ${wait}`}`;
  const sent = went > 0 ? " and sent what was merged" : "";
  return [
    keyed ? `<!-- aep-activation-plans:refused:${key} at=${at} -->` : REFUSED_BEGIN,
    title,
    "",
    `A manual run${run.actor === undefined ? "" : ` by ${code(run.actor)}`} confirmed ${code(`confirm: ${c.pr} ${c.hash}`)}${sent}: ${what}${run.url === undefined ? "" : ` [The run](${run.url}).`}`,
    "",
    keyed
      ? "Below: the preview that was reviewed, or what the other sandboxes' jobs did with it."
      : "The preview below is what was reviewed.",
    keyed ? `<!-- /aep-activation-plans:refused:${key} -->` : REFUSED_END,
  ].join("\n");
}

/**
 * Above the summary of a run of several merges: the merges whose review did not hold, each with its
 * PR and why (their pairs were not submitted; the reviewed merges' were), then the pairs that were
 * not sent for another reason: revoked by a later merge, or asked for by no merge on its own.
 */
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
