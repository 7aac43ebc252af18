// Preview mode: what a merge would activate, as the sticky PR comment (with the plan hash reviewers
// approve) and the job summary; with credentials, the read-only pre-flight's findings too.
import { needsAttention } from "../activation/stopping.js";
import { blocksMerge } from "../activation/outcome.js";
import { markersLength, withMarkers } from "../github/comment.js";
import type { Decision } from "./event.js";
import {
  COMMENT_LIMIT,
  renderPreflightFindings,
  renderPreflightNotes,
  renderPreview,
} from "../render/preview.js";
import { exportsOf, namesOf, type NameBook } from "../render/names.js";
import { bytes } from "../render/escape.js";
import { SUMMARY_BUDGET } from "../render/summary.js";
import { previewVerdict, type PreviewCheck } from "../render/verdict.js";
import { renderPolicy } from "../render/policy.js";
import { annotateProblems } from "./annotations.js";
import { previewPolicy } from "./policy-preview.js";
import { tryComment } from "./comment.js";
import { ActionFailure, type ActionContext } from "./context.js";
import { computeOutcome, planRequest, platformOf, runApplier } from "./planning.js";
import { planChanges } from "../app/plan-change.js";
import { namesOnBase } from "../app/base-names.js";
import type { PlanOutcome } from "../jobs/outcome.js";

/** A fork's PR (pull_request_target): Platform's names only for IDs already on the base branch. */
async function forkNames(
  ctx: ActionContext,
  base: string | undefined,
  outcome: PlanOutcome,
): Promise<NameBook | undefined> {
  const { settings, port } = ctx;
  const { credentials } = settings;
  if (credentials === undefined) return undefined;
  const basePlans =
    base === undefined
      ? []
      : (await planChanges(ctx.git, planRequest(ctx, undefined, base, true), () => {})).headPlans;
  const read = await namesOnBase(outcome.execution.pairs, basePlans, platformOf(settings, credentials), {
    clock: ctx.clock,
    log: (m) => port.info(m),
    registerSecret: (s) => port.setSecret(s),
  });
  if (read.problem !== undefined)
    port.info(`Names on the base branch could not all be read: ${read.problem}`);
  return { audiences: read.audiences, destinations: read.destinations, checked: false, scope: "base" };
}

export async function preview(
  ctx: ActionContext,
  decision: Extract<Decision, { run: "preview" }>,
): Promise<void> {
  const { settings, port } = ctx;
  let base = decision.base;
  if (base !== undefined && decision.comment !== undefined) {
    // A PR previews its own change: from where it left the base branch, not what the base did since.
    const git = ctx.git;
    const mb = await git.mergeBase(await git.resolve(base), await git.resolve(decision.head));
    if (mb !== undefined) base = mb;
    else if (await git.isShallow())
      port.warning(
        "The checkout is shallow, so the PR's merge base cannot be found: the preview compares the base branch's tip with the head. Use fetch-depth: 0 with actions/checkout.",
      );
  }
  const { comment } = decision;
  const outcome = await computeOutcome(ctx, base, decision.head, false, {
    preview: true,
    // The sticky comment is replaced by the problems: the earlier preview no longer describes the PR.
    // Its marker carries no plan hash a merge could match.
    ...(comment === undefined
      ? {}
      : {
          onInvalid: async (markdown: string) => {
            await tryComment(
              ctx,
              comment,
              withMarkers(markdown, "none: the plans are invalid", ctx.settings.stepKey),
            );
          },
        }),
  });
  let findings = "";
  let names: NameBook | undefined;
  const check: PreviewCheck = { ran: false, blocked: 0, waiting: 0, unchecked: 0, notes: 0 };
  if (!decision.preflight) {
    port.info(
      settings.eventName === "pull_request_target"
        ? "pull_request_target: the PR's plans are read as git data only; no pre-flight is run on its behalf."
        : `${settings.eventName}: preview only; nothing is applied and Platform is not called.`,
    );
    if (
      settings.eventName === "pull_request_target" &&
      settings.credentials !== undefined &&
      settings.preflight
    )
      names = await forkNames(ctx, base, outcome);
  } else if (settings.credentials !== undefined && settings.preflight && outcome.execution.jobs.length > 0) {
    const report = await runApplier(ctx, outcome, true);
    const issues = needsAttention(report);
    names = namesOf(report);
    findings =
      renderPreflightFindings(issues.map((r) => r.reason ?? "")) + renderPreflightNotes(report.notes ?? []);
    check.ran = true;
    check.blocked = issues.filter((r) => r.code !== undefined && blocksMerge(r.code)).length;
    check.waiting = issues.filter((r) => r.code === "activated-recently").length;
    check.unchecked = issues.length - check.blocked - check.waiting;
    check.notes = report.notes?.length ?? 0;
    const exports = exportsOf(
      report.results.filter((r) => r.code === "dry-run"),
      names,
    );
    if (exports !== undefined) {
      check.exports = exports;
      port.setOutput("profile-exports", String(exports.known));
    }
    if (issues.length > 0) {
      port.warning(
        `Pre-flight found ${issues.length} problem(s) a merge would hit; they are listed in the preview.`,
      );
    }
  } else if (settings.credentials === undefined) {
    port.info(
      "No Platform credentials (as on pull requests from forks): the preview is shown without the pre-flight.",
    );
  }
  // The activation policy at the PR's base judges its change, with sizes read as the merge reads them.
  const policy = await previewPolicy(
    ctx,
    outcome,
    decision.base,
    base,
    decision.head,
    decision.comment,
    decision.preflight,
  );
  if (policy !== undefined) {
    annotateProblems(port, policy.problems);
    findings = renderPolicy(policy) + findings;
    check.policy = { refused: policy.problems.length, needs: policy.needs };
  }
  // The comment adds two hidden marker lines; the verdict comes first, then what needs a person.
  const budget = COMMENT_LIMIT - markersLength(ctx.settings.stepKey, outcome.execution.sandboxHashes);
  const options = {
    verdict: previewVerdict(outcome, check),
    lead: findings,
    ...(settings.runUrl === undefined ? {} : { runUrl: settings.runUrl }),
    ...(names === undefined ? {} : { names }),
    writtenAt: ctx.clock.now(),
  };
  // The job summary holds the whole preview (up to its own limit); a comment too short for it
  // says so and links the run, where that whole preview is.
  const full = renderPreview(outcome, { ...options, budget: SUMMARY_BUDGET });
  const markdown =
    bytes(full) <= budget
      ? full
      : renderPreview(outcome, {
          ...options,
          budget,
          ...(settings.runUrl === undefined ? {} : { fullPreviewUrl: settings.runUrl }),
        });
  await port.appendSummary(full);
  port.info(markdown);
  if (decision.comment !== undefined) {
    await tryComment(
      ctx,
      decision.comment,
      withMarkers(
        markdown,
        outcome.execution.planHash,
        ctx.settings.stepKey,
        ctx.settings.runId === undefined ? undefined : { runId: ctx.settings.runId, head: decision.head },
        outcome.execution.sandboxHashes,
      ),
    );
  }
  // A pull request's check (the one that has a comment); other previews only report.
  if (policy !== undefined && policy.problems.length > 0)
    throw new ActionFailure(
      "policy",
      `The activation policy (${policy.file}) refuses ${policy.problems.length} thing(s) in this change; see the annotations and the preview. A merge would send none of its pairs.`,
    );
  if (check.blocked > 0 && settings.failOnPreflight && decision.comment !== undefined)
    throw new ActionFailure(
      "preflight-failed",
      `Pre-flight found ${check.blocked} problem(s) a merge would hit and could not wait out; they head the preview. Fix them, or set fail-on-preflight: false to keep this check green.`,
    );
}
