// Seventh hostile review: what people read in the job summary and the sticky PR comment after a
// merge, a rerun and a manual dry run, on the runner-faithful harness. Each test failed on 5e45b35,
// showing a place where the text a reader sees was false or contradicted itself, since fixed.
import { describe, expect, it } from "vitest";
import { planYaml, uuid } from "../helpers/plans.js";
import { pushEvent } from "../helpers/payloads.js";
import { runStep } from "../helpers/runner.js";
import { windowsWorld } from "../helpers/windows-world.js";

const [A1, B1] = ["h7-a1", "h7-b1"].map(uuid) as [string, string];

/** The sticky comment's latest body on PR `pr`. */
const commentOf = (w: { gh: { comments: Map<number, { body: string }[]> } }, pr: number) =>
  w.gh.comments.get(pr)?.at(-1)?.body ?? "";

/** The rows of the "#### Jobs" table of an apply summary: [wave, job, sandbox, pairs, succeeded, records, files, duration]. */
const jobRows = (md: string) =>
  (/#### Jobs\n\n[^\n]*\n[^\n]*\n((?:\|[^\n]*\n?)*)/.exec(md)?.[1] ?? "")
    .trim()
    .split("\n")
    .filter((l) => l.startsWith("|"))
    .map((l) =>
      l
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim()),
    );

describe("hostile review 7: what the summary and the PR comment say after the event", () => {
  it("a merge whose every pair the pre-flight refused does not list its job under 'Jobs submitted' beside '0 submissions'", async () => {
    // PR opened (previewed), merged; the merge's pre-flight finds the only audience unmapped, so
    // nothing is submitted. The PR's comment says "0 submissions" in its second line, and then, in
    // "What was planned", lists the job under "#### Jobs submitted" as if it had gone to Platform.
    const w = await windowsWorld("h7a", [A1]);
    const [run] = await w.mergeAndPush([
      { number: 71, files: { "activation-plans/p.yaml": planYaml("p", "prod", { [w.D]: [B1] }) } },
    ]);
    expect(run?.outputs["failure-reason"], run?.stdout).toBe("preflight-failed");
    expect(w.sim.state.accepted.length).toBe(0); // nothing was sent to Platform
    const comment = commentOf(w, 71);
    expect(comment).toContain("0 submissions");
    expect(comment).not.toContain("#### Jobs submitted");
  });

  it("a merge whose audiences' sizes are all unknown does not claim 'at least 0 profile exports'", async () => {
    // PR opened, merged; pre-flight could read no size for the only audience ("size unknown"), and
    // the destination's line sums what it knows into "at least 0 profile exports": a count that
    // reads as measured, where the truth is that the size is unknown.
    const w = await windowsWorld("h7b", [A1]);
    const [run] = await w.mergeAndPush([
      { number: 72, files: { "activation-plans/p.yaml": planYaml("p", "prod", { [w.D]: [B1] }) } },
    ]);
    expect(run?.summary).toContain("· size unknown");
    expect(run?.summary).not.toContain("at least 0 profile exports");
    expect(commentOf(w, 72)).not.toContain("at least 0 profile exports");
  });

  it("a manual dry run's summary does not call its jobs 'Jobs a merge will submit'", async () => {
    // Manual run (workflow_dispatch) naming a plan, with dry-run: no merge is involved, and a dry
    // run submits nothing; the summary's heading says "would be submitted" but the table below is
    // headed "Jobs a merge will submit", the PR preview's wording, describing an event that is not
    // this one.
    const w = await windowsWorld("h7c", [A1]);
    const run = await w.manual("activation-plans/warm.yaml", { "dry-run": "true" });
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain("would be submitted");
    expect(run.summary).not.toContain("Jobs a merge will submit");
  });

  it("a rerun of a merge's run does not rewrite the PR's outcome with 0 records for the job whose pair succeeded", async () => {
    // PR opened, merged: pair A1 succeeds (4,301 records, 2 files), B1 is refused by the pre-flight
    // (unmapped), so the run is red. "Re-run failed jobs": attempt 2 sends nothing (A1 succeeded for
    // this commit) and rewrites the sticky comment from its own report: the job's row now says
    // "succeeded 1 · records 0 · files 0 · duration –", i.e. the pair that went out exported nothing.
    const w = await windowsWorld("h7d", [A1]);
    const before = w.r.head();
    const [first] = await w.mergeAndPush([
      { number: 73, files: { "activation-plans/p.yaml": planYaml("p", "prod", { [w.D]: [A1, B1] }) } },
    ]);
    expect(first?.code, first?.stdout).toBe(1);
    const [firstRow] = jobRows(first?.summary ?? "");
    expect(firstRow?.slice(4, 7)).toEqual(["1", "4,301", "2"]);
    const after = w.r.head();
    const rerun = await runStep(
      {
        workspace: w.checkout(after),
        eventName: "push",
        event: pushEvent({ before, after }),
        sha: after,
        apiUrl: w.gh.url,
        with: w.inputs,
        env: { GITHUB_RUN_ID: first?.env.GITHUB_RUN_ID ?? "", GITHUB_RUN_ATTEMPT: "2" },
      },
      { clock: w.clock },
    );
    expect(w.accepted(A1)).toBe(1); // not sent again
    const [row] = jobRows(commentOf(w, 73));
    expect(row?.[4], rerun.stdout).toBe("1"); // succeeded
    // A truthful row keeps what the pair's run exported, or says it is not known (–), never 0.
    expect(row?.[5]).not.toBe("0");
    expect(row?.[6]).not.toBe("0");
  });

  it("the timeline's bar for a job ends when its run ended, not when a poll happened to notice, as its legend says", async () => {
    // PR opened, merged: one run of 300 ms (the Jobs table: "duration 0.3 s"). The legend says each
    // bar runs "from its submission to the end of its last run", but the bar ends at the status
    // poll that saw the run end (2 s after submission): with real back-off polls, minutes late.
    const w = await windowsWorld("h7e", [A1]);
    const [run] = await w.mergeAndPush([
      { number: 74, files: { "activation-plans/p.yaml": planYaml("p", "prod", { [w.D]: [A1] }) } },
    ]);
    const summary = run?.summary ?? "";
    expect(summary).toContain("from its submission to the end of its last run");
    expect(jobRows(summary)[0]?.[7]).toBe("0.3 s");
    const bar = /:done, t1, ([\d-]+ [\d:.]+), ([\d-]+ [\d:.]+)/.exec(summary);
    expect(bar).not.toBeNull();
    const at = (s: string) => Date.parse(`${s.replace(" ", "T")}Z`);
    const drawn = at(bar?.[2] ?? "") - at(bar?.[1] ?? "");
    // The run took 0.3 s; allow a generous second for submission-to-start.
    expect(drawn).toBeLessThanOrEqual(1_300);
  });
});
