// A person's yes (a manual run's `confirm` input): the merges a run did not send on its own (refused
// as too-late or changed after review, or pending pairs held past max-lateness), each named by its
// PR and the plan hash its run's summary showed. The run finds each PR's merge on the default
// branch, checks that the merge's own change has that hash, and sends exactly its pairs that the
// plans still ask for, each recorded under the merge commit and the confirmed hash; nothing else.
import { canonicalId } from "../plan/ids.js";
import { failureReasonOf, needsAttention } from "../activation/stopping.js";
import { planChanges } from "../app/plan-change.js";
import { scopeOf } from "../app/state-lock.js";
import { combineMerges, type Review } from "../jobs/merges.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import { pairKey, type PlanChange, type RequestedPair } from "../plan/changes.js";
import { planJobs } from "../jobs/planner.js";
import { resultRows } from "../render/results-text.js";
import type { PairResult } from "../activation/types.js";
import { renderApplySummary } from "../render/summary.js";
import { FIRST_PARENT_LIMIT } from "../sources/git.js";
import { ActionFailure, type ActionContext } from "./context.js";
import { recordPending } from "./pending.js";
import { attention, planRequest, profileExportsOutput, runApplier } from "./planning.js";
import { landedHash } from "./landed-hash.js";
import { mergedPullRequest } from "./review-gate.js";
import { confirmedUnderPolicy } from "./policy-runs.js";
import { tellConfirmed } from "./comment.js";
import { groupBase } from "./merges.js";
import { fail, openState, readPointer } from "./state.js";

/**
 * The merge of PR `pr` on the head's first-parent line (fetched in a shallow clone): the commit
 * merged as it, and its base as the push run grouped it (a rebase merge's earlier commits, merged
 * as no PR, belong to it).
 */
async function mergeOf(
  ctx: ActionContext,
  head: string,
  pr: number,
): Promise<{ merge: string; bases: (string | undefined)[] }> {
  const prOf = async (sha: string) => {
    const merged = await mergedPullRequest(ctx, sha);
    if ("unreadable" in merged)
      throw new ActionFailure(
        "github-unavailable",
        `input 'confirm': ${merged.unreadable}; nothing was sent.`,
      );
    return merged.pr;
  };
  const parentOf = async (sha: string) => {
    const [parent] = await ctx.git.parents(sha);
    return parent === undefined ? undefined : ctx.git.resolve(parent);
  };
  let sha: string | undefined = head;
  for (let i = 0; sha !== undefined && i < FIRST_PARENT_LIMIT; i++) {
    if ((await prOf(sha)) === pr) {
      const merge = sha;
      const parent = await parentOf(merge);
      const grouped = await groupBase(ctx, merge);
      if ("unreadable" in grouped)
        throw new ActionFailure(
          "github-unavailable",
          `input 'confirm': ${grouped.unreadable}; nothing was sent.`,
        );
      const base = grouped.base;
      // Its first parent too: the run that refused it may have started there (its push's base).
      return { merge, bases: [...new Set([base, parent])] };
    }
    sha = await parentOf(sha);
  }
  throw new ActionFailure(
    "configuration",
    `input 'confirm': PR #${pr} was not merged within ${FIRST_PARENT_LIMIT} first-parent commits of ${head.slice(0, 12)}; nothing was sent.`,
  );
}

export async function confirmMerges(
  ctx: ActionContext,
  head: string,
  confirmations: readonly Review[],
): Promise<void> {
  const { settings, port } = ctx;
  const accepted: { changes: PlanChange[]; commit: string; review: Review }[] = [];
  for (const { pr, hash } of confirmations) {
    const { merge, bases } = await mergeOf(ctx, head, pr);
    let own: PlanOutcome | undefined;
    let from: string | undefined;
    const seen: string[] = [];
    for (const base of bases) {
      const change = await planChanges(ctx.git, planRequest(ctx, base, merge, false), () => {});
      if (change.problems.length > 0)
        throw new ActionFailure(
          "invalid-plan",
          `input 'confirm': the plans of PR #${pr}'s merge ${merge.slice(0, 12)} have ${change.problems.length} problem(s); nothing was sent.`,
        );
      seen.push(change.execution.planHash);
      if (hash === change.execution.planHash || hash === (await landedHash(ctx, base, merge, change))?.hash) {
        own = change;
        from = base;
        break;
      }
    }
    if (own === undefined)
      throw new ActionFailure(
        "configuration",
        `input 'confirm': PR #${pr}'s merge ${merge.slice(0, 12)} has the plan hash ${seen.join(" or ")}, not ${hash}: confirm what its run's summary shows. Nothing was sent.`,
      );
    port.info(`PR #${pr}, merged as ${merge.slice(0, 12)}: confirmed as ${hash}.`);
    accepted.push({
      changes: own.changes,
      commit: merge,
      review: await confirmedUnderPolicy(ctx, own, merge, from, { pr, hash }),
    });
  }
  const whole = await planChanges(ctx.git, planRequest(ctx, undefined, head, true), () => {});
  if (whole.problems.length > 0)
    throw new ActionFailure(
      "invalid-plan",
      `input 'confirm': the plans at ${head.slice(0, 12)} have ${whole.problems.length} problem(s) (run 'aep-activate validate'); nothing was sent.`,
    );
  const combined = combineMerges(accepted, whole.headPlans);
  const planner = planRequest(ctx, undefined, head, true).planner;
  let outcome = { ...whole, changes: combined.changes, execution: planJobs(combined.requested, planner) };
  port.setOutput("plan-hash", outcome.execution.planHash);
  for (const p of combined.revoked)
    port.info(
      `${p.destination.id} / ${p.audience.id} (${p.file}): removed since by a later merge (revoked); not sent.`,
    );
  // Confirmed pairs whose window has not opened yet wait for it, as at a merge.
  await recordPending(ctx, await readPointer(ctx), combined.pending, outcome);
  if (settings.credentials === undefined)
    throw new ActionFailure(
      "configuration",
      "No Platform credentials: set client-id, org-id and client-secret (or access-token).",
    );
  // What each confirmed merge's PR hears once pairs went out (never after a dry run or under the
  // freeze): the results of the pairs its own change asks for (a pair two merges ask for is each's).
  const tell = (results: readonly PairResult[]) =>
    tellConfirmed(
      ctx,
      confirmations.map(({ pr, hash }, i) => {
        const head = accepted[i]?.commit ?? "";
        const key = (p: RequestedPair) => pairKey(p.sandbox, p.destination.id, p.audience.id);
        const asks = new Set(accepted[i]?.changes.flatMap((c) => c.pairs.map(key)));
        return {
          head,
          pr,
          hash,
          results: results.filter((r) => r.requestedBy.some((p) => asks.has(key(p)))),
          windows: combined.pending.filter((p) => p.commit === head).length,
        };
      }),
    );
  if (outcome.execution.jobs.length === 0) {
    if (!settings.dryRun && !settings.freeze) await tell([]);
    await port.appendSummary(
      `### Confirmed: nothing to send\n\nThe confirmed merges ask for no pair the plans still ask for now (or their pairs wait for a window).\n`,
    );
    port.setOutput("result", "[]");
    attention(ctx, [], []);
    return;
  }
  const commits = [...new Set(combined.commits.values())];
  const session = settings.dryRun
    ? undefined
    : await openState(
        ctx,
        outcome.execution.jobs,
        true,
        scopeOf(head, outcome.execution.pairs, whole.headPlans, commits),
      ).catch((error: unknown) => {
        throw fail(error);
      });
  // A pair a later request sent since the confirmed merge landed (a later merge, a manual run) is
  // not sent again under the confirmed one.
  if (session !== undefined) {
    const since = new Map<string, number>();
    for (const m of commits) since.set(m, await ctx.git.commitTime(m).catch(() => 0));
    const sent = (p: RequestedPair) => {
      const merge = combined.commits.get(pairKey(p.sandbox, p.destination.id, p.audience.id)) ?? "";
      const from = since.get(merge) ?? 0;
      return session
        .states()
        .some(
          (s) =>
            s.key.sandbox === p.sandbox &&
            [...s.records.values()].some(
              (r) =>
                r.commit !== merge &&
                canonicalId(r.destination) === canonicalId(p.destination.id) &&
                canonicalId(r.audience) === canonicalId(p.audience.id) &&
                ["succeeded", "submitted", "intent", "unknown"].includes(r.state) &&
                (r.intentAt ?? r.updatedAt) >= from,
            ),
        );
    };
    const already = combined.requested.filter(sent);
    for (const p of already)
      port.info(
        `${p.destination.id} / ${p.audience.id} (${p.file}): sent since by a later request; not sent again.`,
      );
    if (already.length > 0)
      outcome = {
        ...outcome,
        execution: planJobs(
          combined.requested.filter((p) => !already.includes(p)),
          planner,
        ),
      };
  }
  const report = await runApplier(
    ctx,
    outcome,
    settings.dryRun,
    session === undefined
      ? undefined
      : {
          session,
          commit: head,
          force: settings.force,
          laterRuns: true,
          commits: combined.commits,
          reviews: combined.reviews,
        },
  );
  const who = confirmations.map((c) => `PR #${c.pr} (${c.hash})`).join(", ");
  const what = settings.dryRun
    ? `Confirmed (dry run): ${who}. Pre-flight only: nothing was sent or recorded; run again without dry-run to send.`
    : report.frozen === true
      ? `Confirmed: ${who}, but the freeze is on: nothing was sent. Run again when it is lifted.`
      : `Sent with a person's yes (input \`confirm\`): ${who}. Each pair is recorded under its merge commit and the confirmed hash.`;
  await port.appendSummary(`> [!NOTE]\n> ${what}\n\n${renderApplySummary(outcome, report)}`);
  if (!settings.dryRun && report.frozen !== true) await tell(report.results);
  port.setOutput("result", JSON.stringify(resultRows(report.results)));
  profileExportsOutput(ctx, report);
  attention(ctx, needsAttention(report), []);
  if (report.stateNotRecorded !== undefined)
    throw new ActionFailure(
      "state-unavailable",
      `Every pair's outcome is in the job summary, but ${report.stateNotRecorded}. The next run matches what it can to Platform's runs and holds the rest as unknown; nothing is submitted twice.`,
    );
  const bad = needsAttention(report);
  if (bad.length > 0)
    throw new ActionFailure(
      failureReasonOf(report) ?? "activation-failed",
      `${bad.length} of ${report.results.length} confirmed pair(s) did not succeed; see the job summary for each reason.`,
    );
}
