// The PR channel: the sticky comment, written when the token may, and a summary-only fallback otherwise.
import { findSticky, upsertSticky, withMarkers } from "../github/comment.js";
import { confirmedCounts, renderConfirmedNote, renderRefusedNote } from "../render/notes.js";
import { COMMENT_MARGIN, fitBelow, fitNotes, SEPARATOR, splitNotes } from "./comment-parts.js";
import { COMMENT_LIMIT } from "../render/preview.js";
import type { ActionContext } from "./context.js";
import type { RefusedMerge } from "./review-gate.js";
import type { PairResult } from "../activation/types.js";

/** This step's sticky comment on a PR, as this token wrote it; undefined without a token or a repository. */
export const ourSticky = async (ctx: ActionContext, pr: number) =>
  ctx.gh === undefined || ctx.settings.repository === undefined
    ? undefined
    : findSticky(ctx.gh, ctx.settings.repository, pr, ctx.settings.stepKey, await ctx.githubIdentity());

/** Creates or updates this step's sticky comment on a PR, redacted, as this token's identity. */
const writeSticky = async (
  ctx: ActionContext,
  gh: NonNullable<ActionContext["gh"]>,
  repository: NonNullable<ActionContext["settings"]["repository"]>,
  pr: number,
  body: string,
) => upsertSticky(gh, repository, pr, ctx.redact(body), ctx.settings.stepKey, await ctx.githubIdentity());

/** Writes the sticky comment; false when there was none to write or it could not be written. */
export async function tryComment(ctx: ActionContext, pr: number | undefined, body: string): Promise<boolean> {
  const { gh, settings, port } = ctx;
  if (gh === undefined || pr === undefined || settings.repository === undefined) {
    port.info("No PR comment: no token or no pull request; the preview is in the job summary.");
    return false;
  }
  try {
    await writeSticky(ctx, gh, settings.repository, pr, body);
    return true;
  } catch (error) {
    const status = (error as { status?: number }).status;
    port.warning(
      `Could not write the PR comment (HTTP ${status ?? "error"}${status === 403 ? ": a read-only token, as on pull requests from forks" : ""}); the preview is in the job summary.`,
    );
    return false;
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
    const key = settings.sandboxes.join("+");
    const note = renderRefusedNote(m, settings.runUrl, key === "" ? undefined : key);
    try {
      const existing = await ourSticky(ctx, m.pr);
      const [sticky = "", hash = "", ...rest] = existing?.body.split("\n") ?? [];
      const { notes, below } = splitNotes(rest.join("\n"));
      // An unlimited run's note replaces every note; a limited job's replaces its own, beside the
      // notes of other sandboxes' jobs. Each part is cut on its own: no cut falls on a marker.
      const kept = key === "" ? [] : notes.filter((n) => n.key !== key).map((n) => n.text);
      const top = `${sticky}\n${hash}\n${fitNotes([...kept, note]).join("\n\n")}${SEPARATOR}`;
      const body =
        existing === undefined
          ? withMarkers(note, "none: a refused merge", settings.stepKey)
          : top + fitBelow(below, COMMENT_LIMIT - COMMENT_MARGIN - top.length);
      await writeSticky(ctx, gh, settings.repository, m.pr, body);
    } catch (error) {
      port.warning(
        `Could not tell PR #${m.pr} its merge was not applied (HTTP ${(error as { status?: number }).status ?? "error"}); the job summary says why.`,
      );
    }
  }
}

/**
 * A confirm run tells each confirmed merge's PR: the refusal notes that showed its confirm line
 * (`confirm: PR HASH`) are replaced by what it sent. A PR with no such note is left as it is.
 */
export async function tellConfirmed(
  ctx: ActionContext,
  confirmed: readonly {
    head: string;
    pr: number;
    hash: string;
    /** The results of the pairs this merge asks for (sent now or by an earlier run of it, or held). */
    results: readonly PairResult[];
    /** Its pairs recorded as pending for their plan's window. */
    windows: number;
  }[],
): Promise<void> {
  const { gh, settings, port } = ctx;
  if (gh === undefined || settings.repository === undefined) return;
  for (const { results, windows, ...merge } of confirmed) {
    const c = { ...merge, ...confirmedCounts(results, windows) };
    // Nothing reached Platform and something was held (pre-flight, a stop): the refusal's confirm line
    // is still the way on, and the summary says why.
    if (c.succeeded + c.failed === 0 && c.held > 0) continue;
    // An earlier run's word on this confirmation stands unless this run sent pairs again.
    const again = results.some((r) => r.sent === true);
    try {
      const existing = await ourSticky(ctx, c.pr);
      if (existing === undefined) continue;
      const line = `\`confirm: ${c.pr} ${c.hash}\``;
      const answered = splitNotes(existing.body).notes.filter(
        (n) =>
          n.text.includes(`run the manual workflow with ${line}`) ||
          (again && n.text.includes(`confirmed ${line}`)),
      );
      if (answered.length === 0) continue;
      let body = existing.body;
      for (const n of answered)
        body = body.replace(n.text, () =>
          renderConfirmedNote(c, { url: settings.runUrl, actor: settings.triggeringActor }, n),
        );
      await writeSticky(ctx, gh, settings.repository, c.pr, body);
    } catch (error) {
      port.warning(
        `Could not tell PR #${c.pr} its confirmed merge was sent (HTTP ${(error as { status?: number }).status ?? "error"}); the job summary says what was sent.`,
      );
    }
  }
}
