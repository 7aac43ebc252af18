// A run's report on its PRs' sticky comments. A run limited to some sandboxes (input `sandboxes`)
// writes its own section of each comment, beside the sections and refusal notes of the other
// sandboxes' jobs, and looks again after its last write for a write of theirs that dropped it.
import { sleepUnless } from "../clock.js";
import { markersLength, withMarkers, type PreviewedBy, type SandboxHashes } from "../github/comment.js";
import { COMMENT_LIMIT } from "../render/preview.js";
import { ourSticky, tryComment } from "./comment.js";
import {
  COMMENT_MARGIN,
  fitNotes,
  opening,
  renderSections,
  sectionsIn,
  SEPARATOR,
  splitNotes,
  type Section,
} from "./comment-parts.js";
import type { ActionContext } from "./context.js";

/** How long a limited job waits before it looks whether another job's write dropped its section. */
export const SECTION_SETTLE_MS = 5_000;
/** Writes of a section, the first included, before a job leaves it to the job summary. */
const SECTION_WRITES = 3;
/** The start of a section that tells its final result from its "running" note, however it was cut. */
const SECTION_START = 200;

type Report = { pr: number; hash: string; by: PreviewedBy | undefined; sandboxes?: SandboxHashes };

/**
 * The body of a PR's comment with this job's part: a limited job's section, beside the sections and
 * refusal notes the other sandboxes' jobs wrote for the same review or the same push (without the
 * review gate each job's hash covers its own sandboxes only); a new preview starts the comment afresh.
 * Unlimited runs write the whole comment. Throws when the comment cannot be read: written blind, the
 * other jobs' parts would be lost.
 */
export async function jobSections(
  ctx: ActionContext,
  report: Report,
  head: string,
  markdown: string,
): Promise<string> {
  const { settings } = ctx;
  if (settings.sandboxes.length === 0 || ctx.gh === undefined) return markdown;
  const key = settings.sandboxes.join("+");
  const [, hashLine = "", ...rest] = (await ourSticky(ctx, report.pr))?.body.split("\n") ?? [];
  const sameReview = hashLine.includes(`plan-hash=${report.hash}`);
  const { notes, below } = splitNotes(rest.join("\n"));
  const keptNotes = fitNotes(notes.filter((n) => sameReview || n.at === head).map((n) => n.text));
  const sections = new Map<string, Section>();
  for (const s of sectionsIn(below))
    if (s.key !== key && (sameReview || s.at === head)) sections.set(s.key, s);
  sections.set(key, { key, at: head, text: markdown });
  // What is not a section: the marker lines and the notes (each section's markers are counted in it).
  const fixed =
    markersLength(settings.stepKey, report.sandboxes) + keptNotes.join(SEPARATOR).length + SEPARATOR.length;
  const body = renderSections([...sections.values()], COMMENT_LIMIT - COMMENT_MARGIN - fixed);
  return [...keptNotes, body].join(SEPARATOR);
}

/**
 * The PRs a run reports on, each under the markers of its review (kept for later runs' gates), from
 * the run at `head`. `final`: the run's last word. Other sandboxes' jobs write the same comment,
 * each from a copy read a moment before its write, and GitHub has no conditional update: a copy read
 * before this write and written after it drops this job's section. So a limited job looks again once
 * such a write would have landed (once for all its PRs), and writes its section back when it is gone,
 * unless the comment has moved on to another review.
 */
export async function tellPrs(
  ctx: ActionContext,
  reports: readonly Report[],
  markdown: string,
  at: { head: string; final?: boolean },
): Promise<void> {
  /** Unread: the comment could not be read, so nothing was written over the other jobs' parts. */
  const write = async (r: Report): Promise<"written" | "unread" | "failed"> => {
    let body: string;
    try {
      body = await jobSections(ctx, r, at.head, markdown);
    } catch (error) {
      ctx.port.warning(
        `Could not read PR #${r.pr}'s comment (HTTP ${(error as { status?: number }).status ?? "error"}): this job's section is not written over the other sandboxes' jobs' parts${at.final === true ? "; trying again shortly" : ""}.`,
      );
      return "unread";
    }
    const markers = withMarkers(body, r.hash, ctx.settings.stepKey, r.by, r.sandboxes);
    return (await tryComment(ctx, r.pr, markers)) ? "written" : "failed";
  };
  const check: Report[] = [];
  /** Reports whose comment could not be read at their last write: nothing of this job's is there yet. */
  const unread = new Set<Report>();
  const again = async (r: Report) => {
    const result = await write(r);
    if (result === "unread") unread.add(r);
    else unread.delete(r);
    if (result !== "failed") check.push(r);
  };
  for (const r of reports) await again(r);
  if (ctx.settings.sandboxes.length === 0 || at.final !== true) return;
  const mine =
    opening(ctx.settings.sandboxes.join("+"), at.head) + ctx.redact(markdown).slice(0, SECTION_START);
  for (let round = 1; check.length > 0; round++) {
    await sleepUnless(ctx.clock, SECTION_SETTLE_MS, ctx.stop);
    for (const r of check.splice(0)) {
      const now = (await ourSticky(ctx, r.pr).catch(() => undefined))?.body;
      // Unreadable after a write: it stands, as far as this job can tell. Another review's: not ours.
      if ((now === undefined && !unread.has(r)) || now?.includes(mine) === true) continue;
      if (
        now !== undefined &&
        !now.split("\n")[1]?.includes(`plan-hash=${r.hash}`) &&
        !now.includes(` at=${at.head} -->`)
      )
        continue;
      if (round === SECTION_WRITES) {
        ctx.port.warning(
          `PR #${r.pr}'s comment still lacks this job's section after ${round} tries; the job summary has its results.`,
        );
        continue;
      }
      ctx.port.info(
        `PR #${r.pr}'s comment lacks this job's section (another job's write?); writing it again.`,
      );
      await again(r);
    }
  }
}
