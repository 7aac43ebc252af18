// The size of an export in review (issue 20, item 1): each audience's profiles at its newest
// evaluation (the simulator's GET /segment/jobs, as segmentation.yaml describes it), the total in the
// verdict, the `profile-exports` output, and audiences never or not lately evaluated as findings.
import { describe, expect, it } from "vitest";
import { pullRequestEvent } from "../helpers/payloads.js";
import { prWorld } from "../helpers/pr-world.js";

const SECRET = "sz-secret-9f8e7d";

describe("profile exports in review", () => {
  it("a PR's preview shows each audience's profiles and when they were counted, the total in its verdict and output; a never-evaluated audience and a stale one are findings at their lines", async () => {
    const { A, gh, sim, base, head, step } = await prWorld("sz", SECRET, ({ D, A: a }) => ({
      fixture: {
        strict: true,
        dataflows: [
          {
            id: D,
            name: "SFTP – ESP export",
            audiences: [
              { id: a[0], name: "Warm guests" },
              { id: a[1], name: "Cart abandoners", profiles: 1_234_567, evaluatedHoursAgo: 5 },
              { id: a[2], name: "Loyal guests", evaluatedHoursAgo: null }, // never evaluated
            ],
          },
        ],
      },
    }));
    const run = await step("pull_request", pullRequestEvent({ number: 71, base, head }), head);
    expect(run.code, run.stdout).toBe(1);
    const comment = gh.comments.get(71)![0]!.body;
    expect(comment.split("\n")[2]).toBe(
      "### ❌ A merge would send 1 of 2 pairs: pre-flight found problems with 1 pair (below)",
    );
    expect(comment).toMatch(
      new RegExp(
        `audience ${A[2]} has never been evaluated by Platform \\(no segment job lists it\\).*asked for at activation-plans/flash\\.yaml:11`,
      ),
    );
    expect(comment).toMatch(
      /Cart abandoners `[0-9a-f]{8}…` · 1\.2 M profiles \(evaluated \d{4}-\d\d-\d\d \d\d:\d\d UTC\)/,
    );
    // Only the pair a merge would send counts: Cart abandoners' 1,234,567 profiles, to one destination.
    expect(run.outputs["profile-exports"]).toBe("1234567");
    // One page of segment jobs for the sandbox, not a read per audience.
    expect(sim.requests.filter((q) => q.path.startsWith("/data/core/ups/segment/jobs"))).toHaveLength(1);

    // A day and a half later the same audience's newest evaluation is stale: a finding with its time.
    sim.state.dataflows.get(prWorldD(sim))!.audiences[1]!.evaluatedHoursAgo = 30;
    const later = await step("pull_request", pullRequestEvent({ number: 71, base, head }), head);
    expect(later.code).toBe(1);
    expect(gh.comments.get(71)![0]!.body).toMatch(
      new RegExp(`audience ${A[1]} was last evaluated \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, more than 26 h ago`),
    );
    // A team that allows older evaluations says so (input max-evaluation-age): 30 h is then no finding.
    const lenient = await step("pull_request", pullRequestEvent({ number: 71, base, head }), head, {
      "max-evaluation-age": "48h",
    });
    expect(gh.comments.get(71)![0]!.body).not.toContain("was last evaluated");
    expect(lenient.outputs["profile-exports"]).toBe("1234567");
  });

  it("sizes that cannot be read (403 on segment jobs) are a note, and the verdict gives no total", async () => {
    const { gh, base, head, step } = await prWorld("szf", SECRET, ({ D, A: a }) => ({
      maps: a.map((audience) => ({ destination: D, audience })),
      forbidden: /\/segment\/jobs/,
    }));
    const run = await step("pull_request", pullRequestEvent({ number: 72, base, head }), head);
    expect(run.code, run.stdout).toBe(0);
    const comment = gh.comments.get(72)![0]!.body;
    expect(comment).toMatch(
      /audience sizes were not checked \(reading audience sizes \(segment jobs\) failed: HTTP 403.*View Segments/,
    );
    expect(comment.split("\n")[2]).toBe(
      "### ⚠️ A merge will activate 2 pairs (2 audiences → 1 destination) · pre-flight passed, with notes (below)",
    );
    expect(run.outputs["profile-exports"]).toBeUndefined();
  });
});

/** The one dataflow of a world's strict fixture. */
function prWorldD(sim: { state: { dataflows: Map<string, unknown> } }): string {
  return [...sim.state.dataflows.keys()][0]!;
}
