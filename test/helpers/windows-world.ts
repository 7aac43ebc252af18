// The base of the scenarios of pairs a later run sends (windows that open later, Adobe's
// first-activation hour, retries): mergesWorld, with every run on a fresh depth-1 clone at its
// commit (as actions/checkout makes it), plans whose window opens relative to the virtual clock,
// PRs merged and pushed one by one, scheduled and manual runs at the tip, and direct pushes.
import { statusOfBranch } from "./cli.js";
import { TestRepo } from "./git-repo.js";
import { expectPreviewed, mergePrs, mergesWorld, type Pr } from "./merges-world.js";
import { pullRequestEvent, pushEvent, scheduleEvent, workflowDispatchEvent } from "./payloads.js";
import { planYaml, uuid } from "./plans.js";
import { tempDir } from "./tmp.js";

/** `mapped`: the audiences mapped (a year ago) to destination `D`; the warm plan's is too. */
export async function windowsWorld(prefix: string, mapped: string[]) {
  const w = await mergesWorld(prefix, [uuid(`${prefix}-a0`), ...mapped]);
  /** actions/checkout's default: a depth-1 clone of the pushed (or scheduled) commit. */
  const checkout = (sha: string) => TestRepo.shallowClone(w.r, sha, tempDir(`aep-${prefix}-clone-`)).dir;
  const iso = (ms: number) => new Date(ms).toISOString();
  /** A plan of `audiences` whose window opens `inMs` from the clock's now (and closes after `forMs`). */
  const windowed = (name: string, audiences: string[], inMs: number, forMs?: number) =>
    planYaml(
      name,
      "prod",
      { [w.D]: audiences },
      [
        "window:",
        `  notBefore: ${iso(w.clock.now() + inMs)}`,
        ...(forMs === undefined ? [] : [`  notAfter: ${iso(w.clock.now() + inMs + forMs)}`]),
      ].join("\n"),
    );
  const push = (before: string, after: string, extra = {}) =>
    w.step(checkout(after), "push", pushEvent({ before, after }), after, extra);
  const schedule = (extra = {}) => {
    const head = w.r.head();
    return w.step(checkout(head), "schedule", scheduleEvent(), head, extra);
  };
  const manual = (plans: string, extra = {}) => {
    const head = w.r.head();
    return w.step(checkout(head), "workflow_dispatch", workflowDispatchEvent({}), head, { plans, ...extra });
  };
  /** Merge the PRs (each previewed on its head) and run the push of each merge. */
  const mergeAndPush = async (prs: Pr[]) => {
    let before = w.r.head();
    const runs = [];
    for (const merge of await mergePrs(w, prs)) {
      runs.push(await push(before, merge));
      before = merge;
    }
    return runs;
  };
  /** A commit pushed straight to main (no PR, so no review). */
  const directPush = async (files: Record<string, string | null>) => {
    const before = w.r.head();
    for (const [file, text] of Object.entries(files))
      if (text === null) w.r.remove(file);
      else w.r.write(file, text);
    const c = w.r.moveHead(w.r.commitWith([before], "direct push"));
    return { commit: c, run: await push(before, c) };
  };
  /**
   * PR `number` previewed with `reviewed`, then merged (onto the tip) with `merged` instead: a merge
   * changed after its review. Its push run; returns the merge commit and that run.
   */
  const mergeChanged = async (
    number: number,
    reviewed: Record<string, string>,
    merged: Record<string, string>,
  ) => {
    const tip = w.r.head();
    for (const [file, text] of Object.entries(reviewed)) w.r.write(file, text);
    const prHead = w.r.commitWith([tip], `pr ${number}`);
    const preview = await w.step(
      w.r.dir,
      "pull_request",
      pullRequestEvent({ number, base: tip, head: prHead }),
      prHead,
    );
    expectPreviewed(preview);
    for (const [file, text] of Object.entries(merged)) w.r.write(file, text);
    const merge = w.r.moveHead(w.r.commitWith([tip, prHead], `Merge pull request #${number}`));
    w.gh.pulls.set(merge, number);
    return { merge, run: await push(tip, merge) };
  };
  const later = (ms: number) => w.clock.sleep(ms);
  /** `git fetch origin aep-activation-state` into a clone, then `aep-activate status` as an operator runs it. */
  const status = (...extra: string[]) => statusOfBranch(w.gh.branchFiles(), ...extra);
  return {
    ...w,
    checkout,
    windowed,
    push,
    schedule,
    manual,
    mergeAndPush,
    directPush,
    mergeChanged,
    later,
    status,
  };
}

/** The needs-attention-json output of a run. */
export const attentionOf = (run: { outputs: Record<string, string> }) =>
  JSON.parse(run.outputs["needs-attention-json"] ?? "[]") as { code: string; audience: string }[];
