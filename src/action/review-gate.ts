// The review gate of one merge: the PR merged as its commit, that PR's preview written by this token's
// identity in a run this repository trusts, and the plan hash it shows against what the merge derives.
// A GitHub that cannot be read is not a missing review: the gate fails closed, and says which.
import {
  type SandboxHashes,
  checkReviewRun,
  findSticky,
  pullRequestForCommit,
  reviewedHash,
  type PreviewedBy,
  type RunRefusal,
} from "../github/comment.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import type { ActionContext, FailureReason } from "./context.js";
import type { Landed } from "./landed-hash.js";
import { reviewedDifference, type PairDifference } from "./reviewed-pairs.js";

export interface ReviewedMerge {
  pr: number;
  hash: string;
  by: PreviewedBy;
  /** Each sandbox's hash as the preview recorded it (kept in the comment's marker for later runs). */
  sandboxes?: SandboxHashes;
}

export interface RefusedMerge {
  /** The commit the merge ends at, and its PR when there is one. */
  head: string;
  pr: number | undefined;
  reason: FailureReason;
  title: string;
  why: string;
  /** The pairs the merge asked for (not sent). */
  pairs?: number;
  /** The plan hash of the merge's own change: what a person names to confirm it (input confirm). */
  hash?: string;
  /** plan-changed: the pairs merged but not reviewed, and reviewed but not merged. */
  differs?: PairDifference;
  /** GitHub could not be read to judge it: the reconcile pointer stays, so the next run judges it again. */
  recheck?: true;
  /** The run's limit (input `sandboxes`): `hash` covers these sandboxes only. */
  sandboxes?: readonly string[];
}

/** After one merge of several is refused: what happened to the rest, and how to send its pairs. */
const ELSEWHERE =
  "the push's other merges were checked on their own. Check what was merged against what was reviewed.";

export type GateVerdict = { reviewed: ReviewedMerge } | { refused: RefusedMerge };

/** GitHub could not say which PR a commit of the push was merged as. */
export const unreadableMerges = (head: string, problem: string): RefusedMerge => ({
  head,
  pr: undefined,
  reason: "github-unavailable",
  title: "Not applied: GitHub could not be read",
  why: `The merges of this push could not be checked: ${problem}. Nothing was applied. Re-run the job when GitHub answers.`,
});

/** The PR a commit is the merge commit of: undefined for none, or why GitHub could not say. */
export type MergedPr = { pr: number | undefined } | { unreadable: string };

const unreadable = (what: string, error: unknown): string => {
  const status = (error as { status?: number }).status;
  return `could not read ${what} from GitHub (${status === undefined ? (error as Error).message : `HTTP ${status}`})`;
};

export async function mergedPullRequest(ctx: ActionContext, sha: string): Promise<MergedPr> {
  const { gh, settings } = ctx;
  if (gh === undefined || settings.repository === undefined) return { pr: undefined };
  return pullRequestForCommit(gh, settings.repository, sha).then(
    (pr) => ({ pr }),
    (error: unknown) => ({ unreadable: unreadable("the merged pull request", error) }),
  );
}

/**
 * Whether `outcome`, derived from the merge that ends at `head`, is what its PR's preview showed.
 * `alone`: the merge is the whole push (a refusal stops the run); otherwise one of several.
 */
export async function gateMerge(
  ctx: ActionContext,
  outcome: PlanOutcome,
  head: string,
  merged: MergedPr,
  alone = true,
  /**
   * The hash of the same change with plan windows judged when the merge landed (see landedHash):
   * a window that opened since the review changes what is pending, not what was reviewed.
   */
  landed?: Landed,
): Promise<GateVerdict> {
  const { gh, settings } = ctx;
  const repository = settings.repository;
  const pr = "pr" in merged ? merged.pr : undefined;
  const refused = (reason: FailureReason, title: string, why: string): GateVerdict => ({
    refused: { head, pr, reason, title, why },
  });
  const read = async <T>(what: string, get: () => Promise<T>): Promise<T | { unreadable: string }> =>
    get().catch((error: unknown) => ({ unreadable: unreadable(what, error) }));
  let problem = "unreadable" in merged ? merged.unreadable : undefined;
  const sticky =
    problem !== undefined || pr === undefined || gh === undefined || repository === undefined
      ? undefined
      : await read(`the comments of PR #${pr}`, () =>
          ctx.githubIdentity().then((author) => findSticky(gh, repository, pr, settings.stepKey, author)),
        );
  if (sticky !== undefined && "unreadable" in sticky) problem = sticky.unreadable;
  const reviewed = sticky === undefined || "unreadable" in sticky ? undefined : reviewedHash(sticky.body);
  const by = reviewed?.by;
  const check =
    by === undefined || pr === undefined || gh === undefined || repository === undefined
      ? undefined
      : await read(`the workflow run that wrote the preview on PR #${pr}`, () =>
          checkReviewRun(gh, repository, pr, by),
        );
  if (check !== undefined && "unreadable" in check) problem = check.unreadable;
  if (problem !== undefined)
    return refused(
      "github-unavailable",
      "Not applied: GitHub could not be read",
      `The reviewed preview could not be checked: ${problem}. ${alone ? "Nothing was applied" : "Its pairs were not applied"}. Re-run the job when GitHub answers.`,
    );
  const refusal = check as RunRefusal | undefined;
  if (reviewed === undefined || by === undefined || pr === undefined || refusal !== undefined) {
    const identity = await ctx.githubIdentity().catch(() => undefined);
    return refused(
      "not-reviewed",
      "Not applied: no reviewed preview",
      notReviewedSentence(head, pr, identity, reviewed, refusal, alone),
    );
  }
  if (settings.sandboxes.length > 0)
    return limitedVerdict(
      ctx,
      outcome,
      head,
      { pr, hash: reviewed.hash, by, sandboxes: reviewed.sandboxes },
      alone,
      landed,
    );
  if (reviewed.hash !== outcome.execution.planHash && reviewed.hash !== landed?.hash) {
    const differs = await reviewedDifference(ctx, outcome, by.head);
    const verdict = refused(
      "plan-changed",
      "Not applied: the plan changed since review",
      `The plan derived from the merged commit (${outcome.execution.planHash}) differs from the one reviewed on PR #${pr} (${reviewed.hash}): ${alone ? "the base moved, or the plans changed after the review. Nothing was applied. Check what was merged (below) against what was reviewed." : `the merge changed it after the review. Its pairs were not applied; ${ELSEWHERE}`}`,
    );
    if (differs !== undefined && "refused" in verdict) verdict.refused.differs = differs;
    return verdict;
  }
  return {
    reviewed: {
      pr,
      hash: reviewed.hash,
      by,
      ...(reviewed.sandboxes === undefined ? {} : { sandboxes: reviewed.sandboxes }),
    },
  };
}

/**
 * A run limited to some sandboxes (input `sandboxes`) checks only their hashes: each sandbox's plan
 * as merged against the hash the preview recorded for it (none on either side: nothing there).
 */
async function limitedVerdict(
  ctx: ActionContext,
  outcome: PlanOutcome,
  head: string,
  reviewed: Omit<ReviewedMerge, "sandboxes"> & { sandboxes: SandboxHashes | undefined },
  alone: boolean,
  landed: Landed | undefined,
): Promise<GateVerdict> {
  const { pr, by, sandboxes } = reviewed;
  const limit = ctx.settings.sandboxes;
  const refused = (reason: FailureReason, title: string, why: string): GateVerdict => ({
    refused: { head, pr, reason, title, why, sandboxes: limit },
  });
  const next = alone ? "Nothing was applied" : `Its pairs were not applied; ${ELSEWHERE}`;
  if (sandboxes === undefined)
    return refused(
      "not-reviewed",
      "Not applied: no hash per sandbox",
      `The preview on PR #${pr} records no hash per sandbox (an earlier version wrote it), and this run is limited to ${limit.join(", ")}. ${next}. Re-run the PR's check so this Action writes a fresh preview.`,
    );
  const mine = outcome.execution.sandboxHashes;
  // As merged, or as it landed (a window that opened since moves pairs from pending to due).
  const differ = limit.filter(
    (s) => mine[s] !== sandboxes[s] && (landed === undefined || landed.sandboxes[s] !== sandboxes[s]),
  );
  if (differ.length === 0) return { reviewed: { pr, hash: reviewed.hash, by, sandboxes } };
  const show = (h: SandboxHashes) => differ.map((s) => `${s} ${h[s] ?? "nothing"}`).join(", ");
  const verdict = refused(
    "plan-changed",
    "Not applied: the plan changed since review",
    `The plan derived from the merged commit (${show(mine)}) differs from the one reviewed on PR #${pr} (${show(sandboxes)}): the base moved, or the plans changed after the review. ${next}. Check what was merged (below) against what was reviewed.`,
  );
  const differs = await reviewedDifference(ctx, outcome, by.head);
  if (differs !== undefined && "refused" in verdict) verdict.refused.differs = differs;
  return verdict;
}

/** Why a merge found no preview it can trust, and what to do. */
function notReviewedSentence(
  head: string,
  pr: number | undefined,
  identity: string | undefined,
  reviewed: { by: PreviewedBy | undefined } | undefined,
  refusal: RunRefusal | undefined,
  alone: boolean,
): string {
  const next = alone
    ? "Activations reach customers, so nothing was applied. Re-run the PR's check so this Action writes a fresh preview, run it manually (workflow_dispatch), or set require-reviewed-plan: false."
    : `Activations reach customers, so its pairs were not applied; ${ELSEWHERE}`;
  if (pr === undefined)
    return `${head.slice(0, 12)} is not the merge commit of a pull request (a direct push, or a token that cannot read pull requests). ${next}`;
  if (reviewed === undefined)
    return `PR #${pr} has no preview written by ${identity ?? "this token's identity (GitHub did not say who it is)"}; comments by anyone else do not count. ${next}`;
  if (refusal === undefined)
    return `The preview on PR #${pr} does not name the workflow run that wrote it (it predates this version). ${next}`;
  switch (refusal.code) {
    case "run-not-found":
      return `The preview on PR #${pr} names workflow run ${refusal.runId}, which this repository does not have. ${next}`;
    case "run-foreign":
      return `The preview on PR #${pr} names workflow run ${refusal.runId}, a ${refusal.event} run of ${refusal.repository}, not a pull_request run of this repository. ${next}`;
    case "run-stale":
      return `The preview on PR #${pr} was written for ${refusal.runHead.slice(0, 12)}, but the PR's head is ${refusal.prHead.slice(0, 12)}: the last change was never previewed. ${next}`;
    case "workflow-changed":
      return `PR #${pr} changes ${refusal.workflow}: code the PR adds to workflows or local actions runs with this repository's token and could write a preview in this Action's name, so no preview on it can vouch for the review. Merge workflow changes in a PR of their own, or run manually. ${next}`;
  }
}
