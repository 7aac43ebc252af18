// The PR channel: the sticky comment, written when the token may, and a summary-only fallback otherwise.
import {
  findSticky,
  upsertSticky,
  withMarkers,
  type PreviewedBy,
  type SandboxHashes,
} from "../github/comment.js";
import { REFUSED_BEGIN, REFUSED_END, renderRefusedNote } from "../render/notes.js";
import { cutToBytes } from "../render/escape.js";
import { COMMENT_LIMIT } from "../render/preview.js";
import { sleepUnless } from "../clock.js";
import type { ActionContext } from "./context.js";
import type { RefusedMerge } from "./review-gate.js";

/** Writes the sticky comment; false when there was none to write or it could not be written. */
export async function tryComment(ctx: ActionContext, pr: number | undefined, body: string): Promise<boolean> {
  const { gh, settings, port } = ctx;
  if (gh === undefined || pr === undefined || settings.repository === undefined) {
    port.info("No PR comment: no token or no pull request; the preview is in the job summary.");
    return false;
  }
  try {
    await upsertSticky(
      gh,
      settings.repository,
      pr,
      ctx.redact(body),
      settings.stepKey,
      await ctx.githubIdentity(),
    );
    return true;
  } catch (error) {
    const status = (error as { status?: number }).status;
    port.warning(
      `Could not write the PR comment (HTTP ${status ?? "error"}${status === 403 ? ": a read-only token, as on pull requests from forks" : ""}); the preview is in the job summary.`,
    );
    return false;
  }
}

const JOB =
  /<!-- aep-activation-plans:job:([a-z0-9+-]+)(?: at=([0-9a-f]{40}))? -->\n([\s\S]*?)\n<!-- \/aep-activation-plans:job:\1 -->/g;
/** A section's opening marker: its job's key, and the commit that job ran at. */
const opening = (key: string, head: string) => `<!-- aep-activation-plans:job:${key} at=${head} -->\n`;

/**
 * A limited run's part of its PR's comment (input `sandboxes`): each job writes its own section and
 * keeps the sections the other sandboxes' jobs wrote for the same review or the same push (without
 * the review gate each job's hash is its own sandboxes'), so no job's results vanish when another
 * writes. Unlimited runs write the whole comment, as before.
 */
export async function jobSections(
  ctx: ActionContext,
  pr: number,
  reviewedHash: string,
  head: string,
  markdown: string,
): Promise<string> {
  const { gh, settings } = ctx;
  if (settings.sandboxes.length === 0 || gh === undefined || settings.repository === undefined)
    return markdown;
  const key = settings.sandboxes.join("+");
  const existing = await ourSticky(ctx, pr).catch(() => undefined);
  const sameReview = existing?.body.split("\n")[1]?.includes(`plan-hash=${reviewedHash}`) === true;
  const sections = new Map<string, { at: string | undefined; text: string }>();
  // A new preview starts the comment afresh.
  for (const m of existing?.body.matchAll(JOB) ?? [])
    if (m[1] !== key && (sameReview || m[2] === head))
      sections.set(m[1] ?? "", { at: m[2], text: m[3] ?? "" });
  sections.set(key, { at: head, text: markdown });
  const share = Math.floor((COMMENT_LIMIT - 4_000) / sections.size);
  return [...sections]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(
      ([k, { at, text }]) =>
        `${at === undefined ? `<!-- aep-activation-plans:job:${k} -->\n` : opening(k, at)}${cutToBytes(text, share)}\n<!-- /aep-activation-plans:job:${k} -->`,
    )
    .join("\n\n---\n\n");
}

const ourSticky = async (ctx: ActionContext, pr: number) =>
  ctx.gh === undefined || ctx.settings.repository === undefined
    ? undefined
    : findSticky(ctx.gh, ctx.settings.repository, pr, ctx.settings.stepKey, await ctx.githubIdentity());

/** How long a limited job waits before it looks whether another job's write dropped its section. */
export const SECTION_SETTLE_MS = 5_000;
/** Writes of a section, the first included, before a job leaves it to the job summary. */
const SECTION_WRITES = 3;
/** The start of a section that tells its final result from its "running" note, however it was cut. */
const SECTION_START = 200;

type Report = { pr: number; hash: string; by: PreviewedBy | undefined; sandboxes?: SandboxHashes };

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
  const write = async (r: Report) =>
    tryComment(
      ctx,
      r.pr,
      withMarkers(
        await jobSections(ctx, r.pr, r.hash, at.head, markdown),
        r.hash,
        ctx.settings.stepKey,
        r.by,
        r.sandboxes,
      ),
    );
  const check: Report[] = [];
  for (const r of reports) if (await write(r)) check.push(r);
  if (ctx.settings.sandboxes.length === 0 || at.final !== true) return;
  const mine =
    opening(ctx.settings.sandboxes.join("+"), at.head) + ctx.redact(markdown).slice(0, SECTION_START);
  for (let round = 1; check.length > 0; round++) {
    await sleepUnless(ctx.clock, SECTION_SETTLE_MS, ctx.stop);
    for (const r of check.splice(0)) {
      const now = (await ourSticky(ctx, r.pr).catch(() => undefined))?.body;
      // Unreadable: what was written stands, as far as this job can tell. Another review's: not ours.
      if (now === undefined || now.includes(mine)) continue;
      if (!now.split("\n")[1]?.includes(`plan-hash=${r.hash}`) && !now.includes(` at=${at.head} -->`))
        continue;
      if (round === SECTION_WRITES) {
        ctx.port.warning(
          `PR #${r.pr}'s comment lost this job's section to other jobs' writes ${round} times; the job summary has its results.`,
        );
        continue;
      }
      ctx.port.info(
        `PR #${r.pr}'s comment lost this job's section to another job's write; writing it again.`,
      );
      if (await write(r)) check.push(r);
    }
  }
}

/**
 * Each refused merge's PR hears it: a note at the top of its sticky comment (the verdict, both plan
 * hashes, the confirm line, the run), above the preview that was reviewed, whose marker lines stay
 * as they are. A rerun replaces the note; a PR without a comment gets one with no plan hash.
 */
export async function tellRefused(ctx: ActionContext, refused: readonly RefusedMerge[]): Promise<void> {
  const { gh, settings, port } = ctx;
  if (gh === undefined || settings.repository === undefined) return;
  for (const m of refused) {
    if (m.pr === undefined || m.reason === "github-unavailable") continue;
    const note = renderRefusedNote(m, settings.runUrl);
    try {
      const existing = await findSticky(
        gh,
        settings.repository,
        m.pr,
        settings.stepKey,
        await ctx.githubIdentity(),
      );
      const [sticky = "", hash = "", ...rest] = existing?.body.split("\n") ?? [];
      let preview = rest.join("\n");
      if (preview.startsWith(REFUSED_BEGIN))
        preview = preview.slice(preview.indexOf(REFUSED_END) + REFUSED_END.length);
      preview = preview.replace(/^\n*(---\n+)?/, "");
      const body =
        existing === undefined
          ? withMarkers(note, "none: a refused merge", settings.stepKey)
          : cutToBytes(`${sticky}\n${hash}\n${note}\n\n---\n\n${preview}`, COMMENT_LIMIT);
      await upsertSticky(
        gh,
        settings.repository,
        m.pr,
        ctx.redact(body),
        settings.stepKey,
        await ctx.githubIdentity(),
      );
    } catch (error) {
      port.warning(
        `Could not tell PR #${m.pr} its merge was not applied (HTTP ${(error as { status?: number }).status ?? "error"}); the job summary says why.`,
      );
    }
  }
}
