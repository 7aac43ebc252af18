// Hostile review of 437e655 (names from Platform: audiences/bulk-get in pre-flight, name-mismatch,
// external-id, non-UUID audience IDs), through the runner-faithful harness against the simulator.
import { describe, expect, it } from "vitest";
import type { Exchange } from "../../src/simulator/context.js";
import type { Simulator } from "../../src/simulator/server.js";
import { pullRequestEvent, workflowDispatchEvent } from "../helpers/payloads.js";
import { pair, planYaml } from "../helpers/plans.js";
import { prWorld } from "../helpers/pr-world.js";
import { applyAgainst, startSimulator } from "../helpers/sim.js";
import { VirtualClock } from "../helpers/clock.js";
import { validatePlanSet } from "../../src/plan/validate.js";

const SECRET = "hn-secret-5c4b3a";
const BULK = "/data/core/ups/audiences/bulk-get";
/** GitHub answers 422 "Body is too long" over this. */
const GITHUB_COMMENT_LIMIT = 65_536;

/** Answers audiences/bulk-get with `answer` instead of the simulator's handler (Platform as it may really answer). */
function overrideBulkGet(sim: Simulator, answer: (ex: Exchange) => void): void {
  const s = sim as unknown as { route: (ex: Exchange) => void };
  const route = s.route.bind(sim);
  s.route = (ex: Exchange) => (ex.url.pathname === BULK ? answer(ex) : route(ex));
}

describe("hostile review: names from Platform", () => {
  it("bulk-get's documented 404 ('None of the requested audiences could be found') means no audience was found, not that names could not be read", async () => {
    const { gh, sim, base, head, step } = await prWorld("hn4", SECRET, ({ D, A }) => ({
      maps: A.map((audience) => ({ destination: D, audience })),
    }));
    // segmentation.yaml: 404 "None of the requested audiences could be found", its example body.
    overrideBulkGet(sim, (ex) =>
      ex.send(404, {
        requestId: "Vrxt59wqKLr5OlpnclFc2kMGAVwZQIT2",
        errors: { 404: [{ code: "UPAPI-113000-404", message: "The entity a,b is not found." }] },
        type: "https://ns.adobe.com/aep/errors/UPAPI-113000-404",
        title: "The entity a,b is not found.",
        status: 404,
      }),
    );
    const run = await step("pull_request", pullRequestEvent({ number: 51, base, head }), head);
    expect(run.code, run.stdout).toBe(0);
    const comment = gh.comments.get(51)![0]!.body;
    // Platform answered: none of these IDs is an audience it knows. That is not "could not be read".
    expect(comment).not.toMatch(/audience names were not checked against Platform[^\n]*HTTP 404/);
  });

  it("a bulk-get reply that cannot be read (207 with an HTML page) is not taken as 'every name read': the preview must not say the names are Platform's", async () => {
    const { gh, sim, base, head, step } = await prWorld("hnh", SECRET, ({ D, A }) => ({
      maps: A.map((audience) => ({ destination: D, audience })),
    }));
    overrideBulkGet(sim, (ex) =>
      ex.sendText(207, "<html><body>Gateway says hello</body></html>", "text/html"),
    );
    const run = await step("pull_request", pullRequestEvent({ number: 52, base, head }), head);
    expect(run.code, run.stdout).toBe(0);
    const comment = gh.comments.get(52)![0]!.body;
    // Nothing was read from the audiences API, yet the comment vouches for the names.
    expect(comment).not.toContain("Names are Platform's, read by the pre-flight.");
  });

  it("a long audience name from Platform in a name-mismatch finding keeps the PR comment within GitHub's 65,536-character limit", async () => {
    const long = `Loyal @guests | ${"x".repeat(70_000)}`; // Platform's text: untrusted, unbounded
    const { gh, r, base, step } = await prWorld("hnl", SECRET, ({ D, A }) => ({
      fixture: {
        strict: true,
        dataflows: [{ id: D, name: "SFTP", audiences: [{ id: A[1], name: long }, { id: A[2] }] }],
      },
    }));
    const { D, A } = (await import("../helpers/pr-world.js")).prIds("hnl");
    r.write(
      "activation-plans/flash.yaml",
      planYaml("flash", "prod", { [D]: [`{ id: ${A[1]}, name: Cart abandoners }`, A[2]] }),
    );
    const head = r.commit("named");
    const run = await step("pull_request", pullRequestEvent({ number: 53, base, head }), head);
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("preflight-failed");
    const comment = gh.comments.get(53)![0]!.body;
    expect(comment).toContain("the plan calls audience");
    expect(comment.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  });

  it("an audience ID of hex digits without dashes (AB12CD34EF) is kept as written, as other non-UUID IDs are: Platform is asked for, and sent, the ID the plan wrote", async () => {
    const sim = await startSimulator({ clock: new VirtualClock() }); // its runs' polls cost no wall time
    const D = "6ed34f6f-fe21-4a30-934f-6ffe21fa3075";
    const id = "AB12CD34EF"; // accepted by the schema's `else` branch (no dash): "another ID Platform shows"
    // What the plan builder makes of it (src/plan/build.ts: canonicalId).
    const { canonicalId } = await import("../../src/plan/ids.js");
    const { report } = await applyAgainst(sim, [pair("prod", D, canonicalId(id))]);
    expect(report.results.map((x) => x.status)).toEqual(["succeeded"]);
    const sent = sim.requests
      .filter((q) => q.path === BULK || q.path.endsWith("/adhocrun"))
      .map((q) => q.body);
    expect(sent.length).toBeGreaterThan(0);
    // "Any other ID (an external audience's source ID, `extAud9001`) is kept as written" (ids.ts) — but
    // this one is lower-cased, so Platform (case-sensitive IDs) is sent `ab12cd34ef`.
    for (const body of sent) expect(body).toContain(id);
  });

  it("an all-digit source ID YAML reads as a number (007123, 12345678901234567890) gets a hint to quote the ID as written, not the number YAML made of it", () => {
    const problemsOf = (id: string) =>
      validatePlanSet([
        {
          file: "activation-plans/p.yaml",
          bytes: new TextEncoder().encode(
            planYaml("p", "prod", { "6ed34f6f-fe21-4a30-934f-6ffe21fa3075": [id] }),
          ),
        },
      ]).problems;
    for (const id of ["007123", "12345678901234567890"]) {
      const [problem] = problemsOf(id);
      expect(problem?.code).toBe("schema-type");
      // Today: `Quote it: "7123"` / `"12345678901234567000"`: another ID than the one written.
      expect(problem?.hint).toContain(`"${id}"`);
    }
  });

  it("the summary's short ID tells two Platform-issued (prefixed) audiences apart: the org prefix they share is not an ID", async () => {
    const prefix = "QU9fLTEzOTgzNTE0MzY0NzY0NDg5NzkyOTkx_";
    const P1 = `${prefix}6ed34f6f-fe21-4a30-934f-6ffe21fa3075`;
    const P2 = `${prefix}72c393ea-caed-441a-9eb6-5f66bb1bd6cd`;
    const { r, step } = await prWorld("hnp", SECRET, ({ D }) => ({
      fixture: {
        strict: true,
        dataflows: [
          {
            id: D,
            name: "SFTP",
            audiences: [
              { id: P1, name: "Guests", endDate: "2000-01-01" },
              { id: P2, name: "Guests", endDate: "2000-01-01" },
            ],
          },
        ],
      },
    }));
    const { D } = (await import("../helpers/pr-world.js")).prIds("hnp");
    r.write("activation-plans/prefixed.yaml", planYaml("prefixed", "prod", { [D]: [P1, P2] }));
    const head = r.commit("prefixed");
    const run = await step("workflow_dispatch", workflowDispatchEvent({}), head, {
      plans: "activation-plans/prefixed.yaml",
      init: "true",
    });
    // Both pairs need attention (their schedules ended): the table's rows name each audience.
    const rows = run.summary
      .split("\n")
      .filter((l) => l.startsWith("| not-submitted") && l.includes("Guests"));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    // Today both read `Guests \`QU9fLTEz…\``: the same text for two audiences.
    expect(rows.some((l) => l.includes("6ed34f6f"))).toBe(true);
    expect(rows.some((l) => l.includes("72c393ea"))).toBe(true);
  });
});

describe("hostile review: names from Platform (probes that passed)", () => {
  it("a bulk-get 500 whose body echoes the Authorization header does not leak the token into the comment, the summary or the log", async () => {
    const { gh, sim, base, head, step } = await prWorld("hns", SECRET, ({ D, A }) => ({
      maps: A.map((audience) => ({ destination: D, audience })),
      rate500: 1,
      echoRequests: true,
      faultPaths: /audiences\/bulk-get/,
    }));
    const run = await step("pull_request", pullRequestEvent({ number: 54, base, head }), head);
    expect(run.code, run.stdout).toBe(0);
    const comment = gh.comments.get(54)![0]!.body;
    expect(comment).toMatch(/audience names were not checked against Platform/);
    const tokens = [
      ...new Set(
        sim.requests
          .map((q) => String(q.headers.authorization ?? "").replace(/^Bearer /, ""))
          .filter((t) => t.length > 8),
      ),
    ];
    expect(tokens.length).toBeGreaterThan(0);
    for (const t of tokens) {
      expect(comment).not.toContain(t);
      // `::add-mask::<token>` is how the runner is told to mask it: every other line must not hold it.
      expect(
        run.stdout
          .split("\n")
          .filter((l) => !l.startsWith("::add-mask::"))
          .join("\n"),
      ).not.toContain(t);
      expect(run.summary).not.toContain(t);
    }
    const log = run.stdout
      .split("\n")
      .filter((l) => !l.startsWith("::add-mask::"))
      .join("\n");
    expect(comment + log + run.summary).not.toContain(SECRET);
  });

  it("a hostile Platform name (workflow commands after a newline, a table pipe, @mention, <img>, bidi controls) is inert in the comment, the summary and the log", async () => {
    const evil =
      "Loyal\n::error::pwned\r::add-mask::x | @octo-team <img src=x onerror=alert(1)> \u202egnp.exe #12";
    const { gh, r, base, step } = await prWorld("hne", SECRET, ({ D, A }) => ({
      fixture: {
        strict: true,
        dataflows: [
          {
            id: D,
            name: `${evil} flow`,
            audiences: [
              { id: A[1], name: evil },
              { id: A[2], name: evil },
            ],
          },
        ],
      },
    }));
    const { D, A } = (await import("../helpers/pr-world.js")).prIds("hne");
    r.write(
      "activation-plans/flash.yaml",
      planYaml("flash", "prod", { [D]: [`{ id: ${A[1]}, name: Cart }`, A[2]] }),
    );
    const head = r.commit("named");
    const run = await step("pull_request", pullRequestEvent({ number: 55, base, head }), head);
    expect(run.code, run.stdout).toBe(1);
    const comment = gh.comments.get(55)![0]!.body;
    expect(comment).toContain("pwned"); // the name reached the comment (escaped)
    for (const text of [comment, run.summary]) {
      expect(text).not.toContain("<img");
      expect(text).not.toContain("@octo-team");
      expect(text).not.toContain("\u202e");
      expect(text).not.toMatch(/^::/m);
      expect(text).not.toMatch(/[^\\]\| @/); // the pipe is escaped
    }
    expect(run.stdout).not.toMatch(/^\s*::error::pwned/m);
    expect(run.stdout).not.toMatch(/^\s*::add-mask::x/m);
  });

  it("a merge (apply) refuses a pair whose name Platform contradicts in any of the plans asking for it, and submits the rest", async () => {
    const D = "6ed34f6f-fe21-4a30-934f-6ffe21fa3075";
    const A1 = "72c393ea-caed-441a-9eb6-5f66bb1bd6cd";
    const A2 = "54669488-03ab-4e0d-a694-37fe49e32be8";
    const sim = await startSimulator({
      clock: new VirtualClock(),
      fixture: {
        strict: true,
        dataflows: [
          {
            id: D,
            audiences: [
              { id: A1.toUpperCase(), name: "Warm guests" },
              { id: A2, name: "Cold" },
            ],
          },
        ],
      },
    });
    const named = (audience: string, name: string | undefined, plan: string) => {
      const q = pair("prod", D, audience, plan, `${plan}.yaml`);
      return name === undefined ? q : { ...q, audience: { ...q.audience, name } };
    };
    const { report } = await applyAgainst(sim, [
      named(A1, "warm  GUESTS", "a"),
      named(A1, "Cart abandoners", "b"),
      named(A2, undefined, "c"),
    ]);
    const byAudience = new Map(report.results.map((x) => [x.audience, x]));
    expect(byAudience.get(A1)?.code).toBe("name-mismatch");
    expect(byAudience.get(A1)?.reason).toContain("b.yaml");
    expect(byAudience.get(A2)?.status).toBe("succeeded");
    expect(sim.state.accepted.map((x) => x.audience)).toEqual([A2]);
  });

  it("bulk-get throttled (429, Retry-After an hour) does not hold the PR check: names are a note, the preview is posted", async () => {
    const { gh, base, head, step } = await prWorld("hnt", SECRET, ({ D, A }) => ({
      maps: A.map((audience) => ({ destination: D, audience })),
      rate429: 1,
      retryAfterSeconds: 3600,
      faultPaths: /audiences\/bulk-get/,
    }));
    const run = await step("pull_request", pullRequestEvent({ number: 56, base, head }), head);
    expect(run.code, run.stdout).toBe(0);
    const comment = gh.comments.get(56)![0]!.body;
    expect(comment).toMatch(/audience names were not checked against Platform/);
    expect(comment).toContain("Names are the plans' own");
  });
});
