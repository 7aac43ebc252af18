// The plan preview in Markdown: what a merge will activate, and why. Pure; fits a PR comment by
// degrading step by step (no pair details → fewer rows → counts only) when it would be too long.
import type { ChangeKind } from "../plan/changes.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import { bytes, code, cutToBytes, escapeText, plural, shortId, utcMinute } from "./escape.js";
import { exportsOf, exportsPhrase, named, nameFor, namesSource, sizeNote, type NameBook } from "./names.js";

/** GitHub's limit for an issue or PR comment body. */
export const COMMENT_LIMIT = 65_536;

export interface PreviewOptions {
  /** Maximum length of the Markdown; the preview degrades to fit. */
  budget?: number;
  /** Where the full preview can be read when this one had to be shortened (e.g. the run's job summary). */
  fullPreviewUrl?: string;
  title?: string;
  /**
   * When the jobs are shown, which names their heading: before a merge (a PR's preview, the default),
   * while this run submits them, after it ran (an apply's summary), in a dry run, or for a merge that
   * was refused.
   */
  stage?: Stage;
  /** The first line (without `### `): what a merge will do, or did (default: the title and the counts). */
  verdict?: string;
  /** Markdown under the first line: what needs a person (pre-flight findings and notes). */
  lead?: string;
  /** When the preview was written (epoch ms), and the run that wrote it: shown in the footer. */
  writtenAt?: number;
  runUrl?: string;
  /** Platform's names, as a pre-flight read them (else the plans' names are shown, said to be unchecked). */
  names?: NameBook;
}

export const CHANGE_LABEL: Record<ChangeKind, string> = {
  added: "added",
  modified: "new pairs",
  revision: "run again",
  deleted: "deleted",
  unchanged: "no activation",
  "outside-window": "outside window",
  "window-opened": "window opened",
  retry: "retried",
};

export function summaryLine(outcome: PlanOutcome): string {
  const { changes, execution } = outcome;
  return `${plural(changes.length, "plan")} changed · ${plural(execution.pairs.length, "pair")} to activate · ${plural(execution.jobs.length, "job")} · ${plural(execution.waves, "wave")}`;
}

function plansTable(outcome: PlanOutcome, maxRows: number): string[] {
  if (outcome.changes.length === 0)
    return [
      outcome.limit === undefined
        ? "No plan changed between these commits, so a merge activates nothing."
        : `No plan in ${outcome.limit.sandboxes.map(code).join(", ")} changed between these commits, so this run activates nothing there; plans in other sandboxes are left to their own jobs.`,
    ];
  const rows = outcome.changes
    .slice(0, maxRows)
    .map(
      (c) =>
        `| ${code(c.name)}<br><sub>${code(c.file)}</sub> | ${c.pending === undefined ? CHANGE_LABEL[c.change] : "pending"} | ${(c.pending?.pairs ?? c.pairs).length.toLocaleString("en-US")}${c.pending === undefined ? "" : " later"} | ${escapeText(c.reason)} |`,
    );
  const more = outcome.changes.length - rows.length;
  return [
    "| plan | change | pairs | why |",
    "| --- | --- | ---: | --- |",
    ...rows,
    ...(more > 0 ? [`| … | | | ${plural(more, "more plan")} in the full preview |`] : []),
  ];
}

export type Stage = "preview" | "running" | "after" | "dry-run" | "refused";

const JOBS_HEADING: Record<Stage, string> = {
  preview: "#### Jobs a merge will submit",
  running: "#### Jobs this run submits",
  // What each job did (submitted or not, and how it ended) is the summary's Jobs table above.
  after: "#### Jobs the run planned",
  "dry-run": "#### Jobs this run would submit",
  refused: "#### Jobs the merge asked for (none was submitted)",
};

function jobsTable(outcome: PlanOutcome, maxRows: number, stage: Stage = "preview"): string[] {
  const { jobs } = outcome.execution;
  if (jobs.length === 0) return [];
  const rows = jobs
    .slice(0, maxRows)
    .map(
      (j) =>
        `| ${j.wave} | ${code(j.id)} | ${code(j.sandbox)} | ${Object.keys(j.activationInfo).length} | ${j.audienceCount} | ${j.pairCount} |`,
    );
  const more = jobs.length - rows.length;
  return [
    "",
    JOBS_HEADING[stage],
    "",
    "Jobs of one wave run together; a wave starts when the one before it has finished.",
    "",
    "| wave | job | sandbox | destinations | audiences | pairs |",
    "| ---: | --- | --- | ---: | ---: | ---: |",
    ...rows,
    ...(more > 0 ? [`| … | ${plural(more, "more job")} in the full preview | | | | |`] : []),
  ];
}

/** Up to this many pairs, who receives what is shown open; more are behind a click. */
const OPEN_PAIRS = 25;

/** Who receives what: each destination by name, and the audiences it receives (with the plans asking). */
function recipients(outcome: PlanOutcome, names: NameBook | undefined): string[] {
  const { pairs } = outcome.execution;
  if (pairs.length === 0) return [];
  const byDestination = [...Map.groupBy(pairs, (p) => `${p.sandbox}\n${p.destination}`)].sort(([a], [b]) =>
    a < b ? -1 : 1,
  );
  const open = pairs.length <= OPEN_PAIRS;
  const what = `${plural(pairs.length, "pair")} to ${plural(byDestination.length, "destination")}`;
  const lines = [
    "",
    open ? "#### Who receives what" : `<details><summary>Who receives what (${what})</summary>`,
    "",
    namesSource(names),
    "",
  ];
  for (const [, list] of byDestination) {
    const first = list[0];
    if (first === undefined) continue;
    const total = exportsOf(list, names);
    lines.push(
      `- ${named(first.destination, nameFor(first, "destination", names))} · sandbox ${code(first.sandbox)} · ${plural(list.length, "audience")}${total === undefined ? "" : ` · ${exportsPhrase(total)}`}`,
    );
    for (const p of list)
      lines.push(
        `  - ${named(p.audience, nameFor(p, "audience", names))}${sizeNote(p, names)} ← ${p.requestedBy.map((r) => code(r.plan)).join(", ")}`,
      );
  }
  if (!open) lines.push("", "</details>");
  return lines;
}

/** The mechanics (plans, jobs, waves), behind a click: what a merge does, not whom it reaches. */
function mechanics(outcome: PlanOutcome, rows: number, stage: Stage | undefined): string[] {
  return [
    "",
    `<details><summary>Plans, jobs and waves: ${summaryLine(outcome)}</summary>`,
    "",
    ...plansTable(outcome, rows),
    ...jobsTable(outcome, rows, stage),
    "",
    "</details>",
  ];
}

/** When, and by which run, the preview was written (a comment outlives the run that wrote it). */
function describedBy(options: PreviewOptions): string {
  if (options.writtenAt === undefined) return "";
  const when = utcMinute(options.writtenAt);
  return ` · written ${when}${options.runUrl === undefined ? "" : ` by [this run](${options.runUrl})`}`;
}

function render(outcome: PlanOutcome, options: PreviewOptions, level: number): string {
  const title = options.title ?? "Activation preview";
  const head = [`### ${options.verdict ?? `${title}: ${summaryLine(outcome)}`}`, ""];
  if (options.lead !== undefined && options.lead !== "") head.push(options.lead.trim(), "");
  const waiting = outcome.changes.reduce((n, c) => n + (c.pending?.pairs.length ?? 0), 0);
  if (waiting > 0)
    head.push(
      `${plural(waiting, "pair")} ${waiting === 1 ? "waits" : "wait"} for ${waiting === 1 ? "its" : "their"} plan's window: recorded as pending by the merge, sent by the first scheduled run after the window opens (see why below).`,
      "",
    );
  else if (outcome.execution.pairs.length === 0 && outcome.changes.length > 0) {
    head.push("Nothing will be activated: no plan asks for a new pair.", "");
  }
  const note =
    level > 0
      ? [
          "",
          `> [!NOTE]\n> This preview is shortened to fit a comment.${options.fullPreviewUrl === undefined ? " The full preview is in the job summary of this run." : ` [Read the full preview](${options.fullPreviewUrl}).`}`,
        ]
      : [];
  const footer = [
    "",
    `<sub>Plan hash ${code(outcome.execution.planHash)}${outcome.baseSha === undefined ? "" : ` · ${shortId(outcome.baseSha)}`} → ${shortId(outcome.headSha)}${describedBy(options)}</sub>`,
  ];
  if (level >= 3) {
    const kinds = new Map<string, number>();
    for (const c of outcome.changes)
      kinds.set(CHANGE_LABEL[c.change], (kinds.get(CHANGE_LABEL[c.change]) ?? 0) + 1);
    const counts = [...kinds].map(([k, n]) => `${k}: ${n.toLocaleString("en-US")}`).join(" · ");
    return [...head, `Plans by change: ${counts}.`, ...note, ...footer].join("\n");
  }
  const rows = level === 2 ? 50 : Infinity;
  return [
    ...head.slice(0, -1),
    ...(level === 0 ? recipients(outcome, options.names) : []),
    ...mechanics(outcome, rows, options.stage),
    ...note,
    ...footer,
  ].join("\n");
}

/** Markdown preview of a plan outcome, within `budget` UTF-8 bytes (default: a PR comment's limit). */
export function renderPreview(outcome: PlanOutcome, options: PreviewOptions = {}): string {
  const budget = options.budget ?? COMMENT_LIMIT;
  let text = "";
  for (let level = 0; level <= 3; level++) {
    text = render(outcome, options, level);
    if (bytes(text) <= budget) return text;
  }
  return cutToBytes(text, budget);
}

/** What the pre-flight noticed that is no problem (a scheduled export running now), for the PR preview. */
export function renderPreflightNotes(notes: readonly string[]): string {
  if (notes.length === 0) return "";
  return ["", "", "#### ℹ️ Pre-flight notes", "", ...notes.map((n) => `- ${escapeText(n)}`)].join("\n");
}

/** Pre-flight findings for the PR preview: escaped, at most `max` listed, the rest counted. */
export function renderPreflightFindings(reasons: readonly string[], max = 50): string {
  if (reasons.length === 0) return "";
  const listed = reasons.slice(0, max).map((r) => `- ${escapeText(r)}`);
  const more = reasons.length - listed.length;
  return [
    "",
    "",
    "#### ⚠️ Pre-flight found problems a merge would hit",
    "",
    ...listed,
    ...(more > 0 ? [`- … and ${plural(more, "more problem")}`] : []),
  ].join("\n");
}
