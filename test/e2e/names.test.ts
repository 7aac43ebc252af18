// Names from Platform in a PR's preview (issue 19, item 1): audiences and dataflows as Platform names
// them, a plan's `name:` that Platform contradicts, and an external audience named by its source's ID,
// through the runner-faithful harness against the simulator's audiences/bulk-get and dataflows.
import { describe, expect, it } from "vitest";
import { pullRequestEvent, workflowDispatchEvent } from "../helpers/payloads.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { prWorld } from "../helpers/pr-world.js";
import { view } from "../helpers/views.js";
import { profilesOf } from "../../src/simulator/segment-jobs.js";

const SECRET = "nm-secret-9f8e7d";
const X = uuid("nm-external"); // an external audience's system ID; its source calls it extaud9001

describe("names from Platform", () => {
  it("a PR's preview shows Platform's names; a plan's name Platform contradicts, and an external audience's source ID, are findings at their lines naming both names and the system ID; the check fails", async () => {
    const { D, A, gh, sim, r, base, step } = await prWorld("nm", SECRET, ({ D: d, A: a }) => ({
      fixture: {
        strict: true,
        dataflows: [
          {
            id: d,
            name: "SFTP – ESP export",
            audiences: [
              { id: a[0], name: "Warm guests" },
              { id: a[1], name: "Cart abandoners  7D" }, // the plan's "Cart abandoners 7d", spaced and cased otherwise
              { id: a[2], name: "Loyal guests" },
              { id: X, externalId: "extaud9001", name: "Imported from Audience Manager" },
            ],
          },
        ],
      },
    }));
    const plan = planYaml("names", "prod", {
      [D]: [
        `{ id: ${A[1]}, name: Cart abandoners 7d }`,
        `{ id: ${A[2]}, name: Cart abandoners 30d }`,
        "extaud9001",
      ],
    });
    r.write("activation-plans/names.yaml", plan);
    const head = r.commit("names");
    const run = await step("pull_request", pullRequestEvent({ number: 41, base, head }), head);
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("preflight-failed");
    const comment = gh.comments.get(41)![0]!.body;
    const lineOf = (text: string) => plan.split("\n").findIndex((l) => l.includes(text)) + 1;
    expect(comment).toContain(
      `the plan calls audience ${A[2]} &quot;Cart abandoners 30d&quot;, but Platform calls it &quot;Loyal guests&quot;`,
    );
    expect(comment).toContain(`asked for at activation-plans/names.yaml:${lineOf(A[2])}`);
    expect(comment).toContain(
      `audience extaud9001 is an external audience's source ID; ad-hoc activation wants the ID Platform gave it, ${X}`,
    );
    expect(comment).toContain(`asked for at activation-plans/names.yaml:${lineOf("extaud9001")}`);
    // A1's name matches Platform's but for case and spacing: no finding; the preview shows Platform's spelling.
    expect(comment).not.toMatch(new RegExp(`the plan calls audience ${A[1]}`));
    expect(comment).toContain("Names are Platform's, read by the pre-flight.");
    const short = (id: string) => `\`${id.slice(0, 8)}…\``;
    expect(comment).toContain(`Cart abandoners  7D ${short(A[1])}`);
    expect(comment).toContain(`Loyal guests ${short(A[2])}`);
    expect(comment).toContain(`- SFTP – ESP export ${short(D)} · sandbox \`prod\` · 3 audiences`);
    expect(comment).toContain("Imported from Audience Manager `extaud9001` · size unknown ← `names`"); // the selector's name
    // The verdict first: 2 of the 3 pairs have problems, so only 1 would be sent.
    expect(comment.split("\n")[2]).toBe(
      "### ❌ A merge would send 1 of 3 pairs: pre-flight found problems with 2 pairs (below)",
    );
    // The footer says which head it describes, when it was written, and by which run.
    expect(comment).toMatch(
      new RegExp(
        `→ ${head.slice(0, 8)}… · written \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC by \\[this run\\]\\(https://[^/]+/[^/]+/[^/]+/actions/runs/\\d+\\)</sub>$`,
      ),
    );
    // The findings head the comment, above the preview.
    expect(comment.indexOf("Pre-flight found problems")).toBeLessThan(comment.indexOf("Who receives what"));
    // One batched read for the sandbox's audiences, nothing submitted.
    const reads = sim.requests.filter((q) => q.path === "/data/core/ups/audiences/bulk-get");
    expect(reads).toHaveLength(1);
    expect((JSON.parse(reads[0]!.body) as { ids: { id: string }[] }).ids.map((i) => i.id).sort()).toEqual(
      [A[1], A[2], "extaud9001"].sort(),
    );
    expect(sim.state.accepted).toHaveLength(0);
  });

  it("the system ID of an external audience passes pre-flight and is activated; the summary names it as Platform does", async () => {
    const { D, A, gh, sim, r, base, step } = await prWorld("nx", SECRET, ({ D: d, A: a }) => ({
      fixture: {
        strict: true,
        dataflows: [
          {
            id: d,
            name: "S3 – guest comms",
            audiences: [
              ...a.map((id) => ({ id })),
              { id: X, externalId: "extaud9001", name: "Imported from AAM" },
            ],
          },
        ],
      },
    }));
    r.write("activation-plans/external.yaml", planYaml("external", "prod", { [D]: [X] }));
    const head = r.commit("external");
    // The PR's preview first: clean, every name Platform's.
    const pr = await step("pull_request", pullRequestEvent({ number: 43, base, head }), head);
    expect(pr.code, pr.stdout).toBe(0);
    const preview = gh.comments.get(43)![0]!.body;
    // The two evaluated audiences' counts, as the simulator's segment jobs report them.
    const profiles = sim.state.dataflows
      .get(D)!
      .audiences.filter((a) => a.id === A[1] || a.id === A[2])
      .map(profilesOf)
      .reduce((a, b) => a + b, 0)
      .toLocaleString("en-US");
    expect(pr.outputs["profile-exports"]).toBe(profiles.replace(/,/g, ""));
    expect(preview.split("\n")[2]).toBe(
      // The external audience's size is Platform's to not know: the total is "at least".
      `### ✅ A merge will activate 3 pairs (3 audiences → 1 destination; at least ${profiles} profile exports) · pre-flight passed`,
    );
    expect(view(preview)).toMatchSnapshot("a PR's comment: a clean preview with Platform's names");
    const run = await step("workflow_dispatch", workflowDispatchEvent({}), head, {
      plans: "activation-plans/external.yaml",
      init: "true",
    });
    expect(run.code, run.stdout).toBe(0);
    expect(sim.state.accepted.map((a) => a.audience)).toEqual([X]);
    expect(run.summary).toContain(`Imported from AAM \`${X.slice(0, 8)}…\``);
  });

  it("names that cannot be read (a credential without View Segments: 403) do not stop the preview: it says names were not checked and what to ask for", async () => {
    const { A, gh, base, head, step } = await prWorld("nf", SECRET, ({ D: d, A: a }) => ({
      maps: a.map((audience) => ({ destination: d, audience })),
      forbidden: /\/audiences\//,
    }));
    const run = await step("pull_request", pullRequestEvent({ number: 42, base, head }), head);
    expect(run.code, run.stdout).toBe(0);
    const comment = gh.comments.get(42)![0]!.body;
    expect(comment).toContain("#### ℹ️ Pre-flight notes");
    expect(comment).toMatch(/audience names were not checked against Platform \(.*HTTP 403.*View Segments/);
    expect(comment).toContain("Names are the plans' own: they were not checked against Platform.");
    expect(comment).toContain(A[1]);
  });
});
