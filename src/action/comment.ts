// The PR channel: the sticky comment, written when the token may, and a summary-only fallback otherwise.
import { upsertSticky } from "../github/comment.js";
import type { ActionContext } from "./context.js";

export async function tryComment(ctx: ActionContext, pr: number | undefined, body: string): Promise<void> {
  const { gh, settings, port } = ctx;
  if (gh === undefined || pr === undefined || settings.repository === undefined) {
    port.info("No PR comment: no token or no pull request; the preview is in the job summary.");
    return;
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
  } catch (error) {
    const status = (error as { status?: number }).status;
    port.warning(
      `Could not write the PR comment (HTTP ${status ?? "error"}${status === 403 ? ": a read-only token, as on pull requests from forks" : ""}); the preview is in the job summary.`,
    );
  }
}
