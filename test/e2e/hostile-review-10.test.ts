// Tenth hostile review: what a reader sees in the sticky PR comment and the job summary of a PR
// preview too long for a comment, and of a merge's run that the runner cancelled. Each test failed
// on f2a4395, showing text that sent the reader nowhere or contradicted itself, since fixed.
import { describe, expect, it } from "vitest";
import { pullRequestEvent } from "../helpers/payloads.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { inProcess } from "../helpers/runner.js";
import { windowsWorld } from "../helpers/windows-world.js";

/** The sticky comment's latest body on PR `pr`. */
const commentOf = (w: { gh: { comments: Map<number, { body: string }[]> } }, pr: number) =>
  w.gh.comments.get(pr)?.at(-1)?.body ?? "";

/** The rows of the "#### Needs attention" table: [status, plan, pair, reason]. */
const attentionRows = (md: string) =>
  (/#### Needs attention\n\n[^\n]*\n[^\n]*\n((?:\|[^\n]*\n?)*)/.exec(md)?.[1] ?? "")
    .trim()
    .split("\n")
    .filter((l) => l.startsWith("|"))
    .map((l) =>
      l
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );

/** A plan whose audiences are given with names (`{id, name}`). */
const namedPlan = (name: string, destination: string, audiences: string[]) =>
  [
    "apiVersion: activation-plans/v1",
    "kind: ActivationPlan",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    "  sandbox: prod",
    "  activations:",
    `    - destination: ${destination}`,
    "      audiences:",
    ...audiences.map((id) => `        - {id: ${id}, name: "Spring sale, lapsed buyers ${id.slice(0, 4)}"}`),
  ].join("\n") + "\n";

describe("hostile review 10: where the comment sends a reader, and what a cancelled run calls its pairs", () => {
  it("a preview too long for a comment points to a 'full preview' that exists: the job summary is not the same shortened text", async () => {
    // PR opened with one plan of 600 audiences (all mapped; pre-flight passes). The preview is over
    // GitHub's 65,536 characters, so the comment drops "Who receives what" and says: "This preview
    // is shortened to fit a comment. [Read the full preview](…/runs/N)". The run's job summary is
    // the very same shortened Markdown, saying the same of itself: the list of audiences a merge
    // sends to the destination is nowhere a reviewer can read it.
    const A = Array.from({ length: 600 }, (_, i) => uuid(`h10a-${i}`));
    const w = await windowsWorld("h10a", A);
    const tip = w.r.head();
    w.r.write("activation-plans/big.yaml", namedPlan("big", w.D, A));
    const head = w.r.commitWith([tip], "pr 101");
    const run = await w.step(
      w.r.dir,
      "pull_request",
      pullRequestEvent({ number: 101, base: tip, head }),
      head,
    );
    expect(run.code, run.stdout).toBe(0);
    const comment = commentOf(w, 101);
    expect(comment).toContain("This preview is shortened to fit a comment. [Read the full preview](");
    const link = /\[Read the full preview\]\(([^)]+)\)/.exec(comment)?.[1];
    expect(link).toBe(run.env.GITHUB_SERVER_URL + `/acme/plans/actions/runs/${run.env.GITHUB_RUN_ID}`);
    // What the link leads to (the run's job summary) has the preview whole: who receives what.
    expect(run.summary).toContain("Who receives what");
    expect(run.summary).toContain(`Spring sale, lapsed buyers ${A[599]?.slice(0, 4)}`);
    expect(run.summary).not.toContain("shortened to fit a comment");
  });

  it("a cancelled merge's comment does not list as 'failed' the pairs its title counts as '2 in flight' beside '0 failed'", async () => {
    // PR opened, merged; the push run submits its one job (Platform accepts 2 runs), then the
    // runner cancels the workflow while it waits to poll. The comment's title reads "Activation
    // cancelled: 0 pairs succeeded · 0 failed · 2 in flight", and the Needs attention table right
    // under it gives both pairs the status "failed", while their reason says they are "recorded as
    // in flight, never submitted again" (and the rerun indeed finds both succeeded).
    const A = [uuid("h10b-a1"), uuid("h10b-a2")];
    const w = await windowsWorld("h10b", A);
    const ctl = new AbortController();
    const sleep = w.clock.sleep.bind(w.clock);
    w.clock.sleep = (ms, signal) => {
      // The runner's SIGINT arrives at the first poll wait after Platform accepted the job.
      if (!ctl.signal.aborted && signal !== undefined && w.sim.state.accepted.length > 0) ctl.abort();
      return sleep(ms, signal);
    };
    inProcess.signal = ctl.signal;
    let run;
    try {
      [run] = await w.mergeAndPush([
        { number: 102, files: { "activation-plans/c.yaml": planYaml("c", "prod", { [w.D]: A }) } },
      ]);
    } finally {
      delete inProcess.signal;
      w.clock.sleep = sleep;
    }
    expect(ctl.signal.aborted).toBe(true);
    expect(w.sim.state.accepted.length).toBe(2);
    const comment = commentOf(w, 102);
    expect(comment).toContain("### ❌ Activation cancelled: 0 pairs succeeded · 0 failed · 2 in flight");
    const rows = attentionRows(comment);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r[3])).toEqual([
      expect.stringContaining("recorded as in flight"),
      expect.stringContaining("recorded as in flight"),
    ]);
    // The title says none failed: no row of the table under it says "failed".
    expect(rows.map((r) => r[0])).not.toContain("failed");
    expect(run?.summary).toContain("0 failed · 2 in flight");
    expect(attentionRows(run?.summary ?? "").map((r) => r[0])).not.toContain("failed");
  });
});
