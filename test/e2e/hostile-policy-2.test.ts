// Hostile review of the activation policy, second pass: injection into the PR comment, export limits
// with sizes that cannot be read (at the PR check and at the merge), pending pairs under an export
// limit, the preview's approvals (teams and reviews unreadable), and the fan-out example's planning
// job under a policy. Each finding is fixed; its test stays as a regression test.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../helpers/cli.js";
import { mergePrs } from "../helpers/merges-world.js";
import { pullRequestEvent } from "../helpers/payloads.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { POLICY, POLICY_FILE, policyWorld as policyWorldOf, prodPlan } from "../helpers/policy-world.js";
import { windowsWorld } from "../helpers/windows-world.js";
import { TestRepo } from "../helpers/git-repo.js";
import type { SimulatorOptions } from "../../src/simulator/context.js";

const A = ["hp2-a1", "hp2-a2", "hp2-a3", "hp2-a4"].map(uuid) as [string, string, string, string];
const plan = prodPlan;
const policyWorld = (prefix: string, text = POLICY) => policyWorldOf(prefix, A, text);
const HOUR = 3_600_000;
const LIMIT = POLICY.replace(/approvals:[\s\S]*$/, "limits:\n  profile-exports-per-merge: 1000\n");

/** A PR's preview on `base` (its number `pr`), with the files it writes; returns the run and its head. */
async function previewPr(
  w: Awaited<ReturnType<typeof policyWorld>>,
  pr: number,
  base: string,
  files: Record<string, string>,
  extra: Record<string, string> = {},
) {
  for (const [f, t] of Object.entries(files)) w.r.write(f, t);
  const head = w.r.commitWith([base], `pr ${pr}`);
  const run = await w.step(w.r.dir, "pull_request", pullRequestEvent({ number: pr, base, head }), head, {
    "github-token": "ghs_hp2token0001",
    ...extra,
  });
  return { run, head, comment: () => w.gh.comments.get(pr)?.[0]?.body ?? "" };
}

describe("hostile 2: injection into the PR comment", () => {
  it("a plan file name with backticks cannot put raw HTML or a live @mention into the policy section of the PR comment", async () => {
    const w = await policyWorld("hj1");
    const p2 = w.setPolicy(
      POLICY.replace("plans: activation-plans/**", "plans: activation-plans/prod/**"),
      75,
    );
    const evil = "activation-plans/misc/x` <img src=https://evil.example/t.png> @octocat `.yaml";
    const { run, comment } = await previewPr(w, 76, p2, { [evil]: plan(w, "evil", A[0]) });
    expect(run.outputs["failure-reason"], run.stdout).toBe("policy");
    const body = comment();
    expect(body).toContain("is in no folder the policy's path rules cover");
    // The file name is the PR author's: it must stay inert wherever the comment shows it.
    const policyLines = body.split("\n").filter((l) => l.includes("is in no folder"));
    expect(policyLines.join("\n")).not.toContain("<img");
    expect(policyLines.join("\n")).not.toMatch(/(^|[^`])@octocat/);
  });

  it("the verdict line does not turn the policy's team into a live @team mention, nor a rule name into Markdown/HTML", async () => {
    const w = await policyWorld(
      "hj2",
      POLICY.replace("from: [maria, jon]", 'from: [maria, "@acme/privacy"]').replace(
        "name: production",
        'name: "prod <b>now</b> [docs](https://evil.example)"',
      ),
    );
    w.gh.teams.set("acme/privacy", ["zoe"]);
    const { run, comment } = await previewPr(w, 77, w.p, { "activation-plans/a.yaml": plan(w, "a", A[0]) });
    expect(run.code, run.stdout).toBe(0);
    const verdict =
      comment()
        .split("\n")
        .find((l) => l.startsWith("### ")) ?? "";
    expect(verdict).toContain("Needs approval from maria or");
    // Every other place escapes @ (&#64;) and <, [: the heading should too.
    expect(verdict).not.toContain("@acme/privacy");
    expect(verdict).not.toContain("<b>");
    expect(verdict).not.toContain("[docs](https://evil.example)");
  });

  it("a destination name with backticks, HTML and a mention stays inert in the refusal (escapeSentence holds)", async () => {
    const w = await policyWorld("hj3");
    const other = uuid("hj3-other-dest");
    const p2 = w.setPolicy(
      POLICY.replace("sandboxes: [prod]", `sandboxes: [prod]\n    destinations: [${other}]`),
      75,
    );
    const name = "`x` <img src=https://e.example/a.png> @octocat #12 `y";
    const text = plan(w, "n", A[0]).replace(
      `destination: ${w.D}`,
      `destination: {id: ${w.D}, name: "${name}"}`,
    );
    const { run, comment } = await previewPr(w, 78, p2, { "activation-plans/n.yaml": text });
    expect(run.outputs["failure-reason"], run.stdout).toBe("policy");
    const line =
      comment()
        .split("\n")
        .find((l) => l.includes("may not send to destination")) ?? "";
    expect(line).not.toBe("");
    expect(line).not.toContain("<img");
    expect(line).not.toMatch(/(^|[^`&])@octocat/);
    expect(run.stdout).not.toMatch(/^::(?!error|warning|notice|debug|group|endgroup|add-mask|set-output)/m);
  });
});

describe("hostile 2: export limits when sizes cannot be read", () => {
  for (const [what, opts] of [
    ["500", { rate500: 1, faultPaths: /\/segment\/jobs/ }],
    ["403", { forbidden: /\/segment\/jobs/ }],
  ] as const)
    it(`at the merge, segment jobs answering ${what} refuse the merge (fail closed), and the refusal quotes no secret`, async () => {
      const w = await policyWorld(`hs${what}`);
      const flow = w.sim.state.dataflows.get(w.D.toLowerCase());
      Object.assign(flow?.audiences.find((a) => a.id === A[0]) ?? {}, { profiles: 10 });
      const p2 = w.setPolicy(LIMIT, 69);
      const [m] = await mergePrs(w, [
        { number: 121, files: { "activation-plans/a.yaml": plan(w, "a", A[0]) } },
      ]);
      Object.assign(w.sim.options as SimulatorOptions, opts, { echoRequests: true });
      const run = await w.push(p2, m!);
      expect(w.accepted(A[0]), run.stdout).toBe(0);
      expect([run.code, run.outputs["failure-reason"]]).toEqual([1, "policy"]);
      expect(w.read(run)).toContain("no audience size could be read from Platform");
      const log = run.stdout
        .split("\n")
        .filter((l) => !l.startsWith("::add-mask::"))
        .join("\n");
      const everything = `${log}${run.summary}${JSON.stringify(run.outputs)}${JSON.stringify([...w.gh.comments])}`;
      expect(everything).not.toContain(w.inputs["client-secret"]);
      expect(everything).not.toMatch(/Bearer\s+[A-Za-z0-9._-]{16,}/);
      // Sizes readable again: the next run does not send it either (the refusal is final; confirm sends it).
      Object.assign(w.sim.options as SimulatorOptions, { rate500: 0, forbidden: undefined });
    });

  it("at the PR check, sizes unreadable (403) are a note, not a policy failure, and the note does not claim the pre-flight did not run", async () => {
    const w = await policyWorld("hsp");
    const p2 = w.setPolicy(LIMIT, 69);
    Object.assign(w.sim.options as SimulatorOptions, { forbidden: /\/segment\/jobs/ });
    const { run, comment } = await previewPr(w, 122, p2, { "activation-plans/a.yaml": plan(w, "a", A[0]) });
    expect(run.outputs["failure-reason"], run.stdout).not.toBe("policy");
    const body = comment().replaceAll("\\`", "`");
    expect(body).toContain(
      "Profile-export limits were not checked here".replace(
        "Profile-export limits were",
        "A profile-export limit was",
      ),
    );
    expect(body, "the pre-flight ran (it read names and found the sizes unreadable)").not.toContain(
      "the pre-flight did not run",
    );
  });

  it("the policy section's heading does not say 'approvals are given' when no approval rule exists and a limit went unchecked", async () => {
    const w = await policyWorld("hsh");
    const p2 = w.setPolicy(LIMIT, 69);
    Object.assign(w.sim.options as SimulatorOptions, { forbidden: /\/segment\/jobs/ });
    const { comment } = await previewPr(w, 124, p2, { "activation-plans/a.yaml": plan(w, "a", A[0]) });
    expect(comment()).toContain("A profile-export limit was not checked here");
    expect(comment()).not.toContain("#### ✅ The activation policy's approvals are given");
  });

  it("a threshold (profile-exports-over) with sizes unreadable at merge needs its approval; with it, the merge is sent", async () => {
    const w = await policyWorld(
      "hst",
      POLICY.replace("when: { sandboxes: [prod] }", "when: { profile-exports-over: 1000000 }").replace(
        "plans: activation-plans/**\n    sandboxes: [prod]",
        "plans: activation-plans/**",
      ),
    );
    const [m] = await mergePrs(w, [
      { number: 123, files: { "activation-plans/a.yaml": plan(w, "a", A[0]) } },
    ]);
    Object.assign(w.sim.options as SimulatorOptions, { forbidden: /\/segment\/jobs/ });
    const refused = await w.push(w.p, m!);
    expect([refused.code, refused.outputs["failure-reason"]], refused.stdout).toEqual([1, "policy"]);
    expect(w.read(refused)).toContain("its profile exports could not be read");
    expect(w.accepted(A[0])).toBe(0);
  });
});

describe("hostile 2: pending pairs under an export limit", () => {
  it("the PR check counts a pending pair's profiles against the limit, as the merge does (a check that passes is not a merge that is refused)", async () => {
    const w = await windowsWorld("hw1", [A[0], A[1]]);
    const flow = w.sim.state.dataflows.get(w.D.toLowerCase());
    const size = (id: string, profiles: number) =>
      Object.assign(flow?.audiences.find((a) => a.id === id) ?? {}, { profiles });
    size(A[0], 10);
    size(A[1], 5_000);
    w.r.write(POLICY_FILE, LIMIT);
    const p = w.r.commit("policy");
    w.gh.pulls.set(p, 70);
    expect((await w.push(w.x, p)).code).toBe(0);
    // One pair now (10 profiles), one when its window opens in an hour (5,000 profiles).
    w.r.write("activation-plans/now.yaml", planYaml("now", "prod", { [w.D]: [A[0]] }));
    w.r.write("activation-plans/later.yaml", w.windowed("later", [A[1]], HOUR));
    const head = w.r.commitWith([p], "pr 131");
    const check = await w.step(
      w.r.dir,
      "pull_request",
      pullRequestEvent({ number: 131, base: p, head }),
      head,
    );
    const merge = w.r.moveHead(w.r.commitWith([p, head], "Merge pull request #131"));
    w.gh.pulls.set(merge, 131);
    const merged = await w.push(p, merge);
    // The merge refuses it (it counts the pending pair's 5,000): the check should have said so.
    expect(merged.outputs["failure-reason"], merged.stdout).toBe("policy");
    expect(check.outputs["failure-reason"], check.stdout).toBe("policy");
  });

  it("a merge refused by an export limit because of its pending pair: the scheduled run after the window opens sends nothing of it", async () => {
    const w = await windowsWorld("hw2", [A[0], A[1]]);
    const flow = w.sim.state.dataflows.get(w.D.toLowerCase());
    Object.assign(flow?.audiences.find((a) => a.id === A[1]) ?? {}, { profiles: 5_000 });
    w.r.write(POLICY_FILE, LIMIT);
    const p = w.r.commit("policy");
    w.gh.pulls.set(p, 70);
    expect((await w.push(w.x, p)).code).toBe(0);
    // Its check fails on the limit (the pending pair's size counts); merged all the same.
    w.r.write("activation-plans/later.yaml", w.windowed("later", [A[1]], HOUR));
    const head = w.r.commitWith([p], "pr 132");
    const check = await w.step(
      w.r.dir,
      "pull_request",
      pullRequestEvent({ number: 132, base: p, head }),
      head,
    );
    expect(check.outputs["failure-reason"], check.stdout).toBe("policy");
    const merge = w.r.moveHead(w.r.commitWith([p, head], "Merge pull request #132"));
    w.gh.pulls.set(merge, 132);
    const run = await w.push(p, merge);
    expect(run.outputs["failure-reason"], run.stdout).toBe("policy");
    await w.later(2 * HOUR);
    const scheduled = await w.schedule();
    expect(w.accepted(A[1]), scheduled.stdout).toBe(0);
  });

  it("a dry-run merge under an export limit sends nothing and says what the policy would refuse", async () => {
    const w = await policyWorld("hdr");
    const flow = w.sim.state.dataflows.get(w.D.toLowerCase());
    const audience = flow?.audiences.find((a) => a.id === A[0]);
    Object.assign(audience ?? {}, { profiles: 10 });
    const p2 = w.setPolicy(LIMIT, 69);
    const [m] = await mergePrs(w, [
      { number: 133, files: { "activation-plans/a.yaml": plan(w, "a", A[0]) } },
    ]);
    // The audience grew after the review: the merge is over the limit.
    Object.assign(audience ?? {}, { profiles: 5_000 });
    const run = await w.push(p2, m!, { "dry-run": "true" });
    expect(w.accepted(A[0])).toBe(0);
    expect(run.outputs["failure-reason"], run.stdout).toBe("policy");
    // The dry run moved nothing: the real run still judges (and refuses) it.
    const real = await w.push(p2, m!);
    expect(real.outputs["failure-reason"], real.stdout).toBe("policy");
    expect(w.accepted(A[0])).toBe(0);
  });
});

describe("hostile 2: the preview's approvals", () => {
  it("a team rule whose team cannot be read at preview (403) is said in the preview, never a crash", async () => {
    const w = await policyWorld("ha1", POLICY.replace("from: [maria, jon]", 'from: ["@acme/privacy"]'));
    w.gh.teamsStatus = 403;
    const { run, comment, head } = await previewPr(w, 141, w.p, {
      "activation-plans/a.yaml": plan(w, "a", A[0]),
    });
    w.gh.approve(141, "zoe", head);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
    expect(comment()).toMatch(/Needs approval from/);
    // A second preview with zoe's approval at the head: the team still cannot be read, said once.
    const again = await w.step(
      w.r.dir,
      "pull_request",
      pullRequestEvent({ number: 141, base: w.p, head }),
      head,
      { "github-token": "ghs_hp2token0001" },
    );
    expect(again.code, again.stdout).toBe(0);
    expect(comment().replaceAll("&#64;\u2060", "@")).toContain(
      "The members of @acme/privacy (HTTP 403) could not be read",
    );
  });

  it("a team that does not exist (404) at preview is said as unreadable, not as 'no members'", async () => {
    const w = await policyWorld("ha2", POLICY.replace("from: [maria, jon]", 'from: ["@acme/nobody"]'));
    const { run, comment } = await previewPr(w, 142, w.p, { "activation-plans/a.yaml": plan(w, "a", A[0]) });
    expect(run.code, run.stdout).toBe(0);
    expect(comment().replaceAll("&#64;\u2060", "@")).toMatch(
      /The members of @acme\/nobody \(HTTP 404\) could not be read/,
    );
  });

  it("reviews unreadable at preview are a note, the check does not fail for it, and the verdict still says who must approve", async () => {
    const w = await policyWorld("ha3");
    w.gh.reviewsStatus = 500;
    const { run, comment } = await previewPr(w, 143, w.p, { "activation-plans/a.yaml": plan(w, "a", A[0]) });
    expect(run.code, run.stdout).toBe(0);
    const body = comment();
    expect(body).toContain("Approvals were not checked here");
    expect(body).toMatch(/### ⚠️ Needs approval from maria or jon \(production\)/);
  });

  it("the preview counts only approvals at the PR's head (an approval of an earlier push is not shown as given)", async () => {
    const w = await policyWorld("ha4");
    const first = await previewPr(w, 144, w.p, { "activation-plans/a.yaml": plan(w, "a", A[0]) });
    w.gh.approve(144, "maria", first.head);
    const second = await previewPr(w, 144, first.head, { "activation-plans/a.yaml": plan(w, "a", A[1]) });
    // The second push's preview (base: the first head, for brevity) must not count maria's approval.
    expect(second.comment()).toMatch(/Needs approval from maria or jon/);
  });
});

describe("hostile 2: the fan-out example under a policy", () => {
  const WORKFLOW = path.resolve(import.meta.dirname, "../../examples/workflows/apply-per-sandbox.yml");
  const script = () =>
    (
      parse(readFileSync(WORKFLOW, "utf8")) as {
        jobs: Record<string, { steps: { id?: string; run?: string }[] }>;
      }
    ).jobs.sandboxes?.steps.find((s) => s.id === "plan")?.run ?? "";

  it("the scheduled planning command (plan --all --head … --no-policy --json) lists the sandboxes even when the repository holds more pairs than pairs-per-merge", async () => {
    expect(script()).toContain('range=(--all --head "$AFTER")');
    expect(script()).toContain("--no-policy --json");
    const D = uuid("fo-d");
    const r = TestRepo.create();
    r.write(
      POLICY_FILE,
      "apiVersion: activation-plans/v1\nkind: ActivationPolicy\nlimits:\n  pairs-per-merge: 2\n",
    );
    r.write("activation-plans/a.yaml", planYaml("a", "prod", { [D]: [A[0], A[1]] }));
    r.write("activation-plans/b.yaml", planYaml("b", "dev", { [D]: [A[2], A[3]] }));
    const head = r.commit("two plans, merged one at a time in reality");
    // As the example runs it: --no-policy (each sandbox's job judges each merge).
    const out = await runCli(["plan", "--all", "--head", head, "--no-policy", "--json"], r.dir);
    // jq -c '.sandboxes' of this output is the matrix; without pipefail a failed plan gives `null`.
    const sandboxes = (JSON.parse(out.stdout) as { sandboxes?: string[] }).sandboxes;
    expect(sandboxes, out.stdout).toEqual(["dev", "prod"]);
  });

  it("a push of two merges, each within pairs-per-merge, still gets its sandboxes listed by the planning command", async () => {
    const D = uuid("fo2-d");
    const r = TestRepo.create();
    r.write(
      POLICY_FILE,
      "apiVersion: activation-plans/v1\nkind: ActivationPolicy\nlimits:\n  pairs-per-merge: 2\n",
    );
    r.write("activation-plans/w.yaml", planYaml("w", "prod", { [D]: [uuid("fo2-w")] }));
    const before = r.commit("base");
    r.write("activation-plans/a.yaml", planYaml("a", "prod", { [D]: [A[0], A[1]] }));
    r.commit("merge 1: 2 pairs");
    r.write("activation-plans/b.yaml", planYaml("b", "dev", { [D]: [A[2], A[3]] }));
    const after = r.commit("merge 2: 2 pairs");
    const out = await runCli(["plan", "--base", before, "--head", after, "--no-policy", "--json"], r.dir);
    const sandboxes = (JSON.parse(out.stdout) as { sandboxes?: string[] }).sandboxes;
    expect(sandboxes, out.stdout).toEqual(["dev", "prod"]);
  });

  it("the example's planning step, run as GitHub runs it (bash -e, no pipefail), fails the job when plan refuses, instead of writing list=null for the matrix", () => {
    // The step's script as written, with `npx --yes @aep-activation-plans/cli@0` standing for this
    // checkout's CLI (bin/aep-activate.js on this Node), on a push whose whole range is over
    // pairs-per-merge although each of its two merges is within it.
    const D = uuid("fo3-d");
    const r = TestRepo.create();
    r.write(
      POLICY_FILE,
      "apiVersion: activation-plans/v1\nkind: ActivationPolicy\nlimits:\n  pairs-per-merge: 2\n",
    );
    r.write("activation-plans/w.yaml", planYaml("w", "prod", { [D]: [uuid("fo3-w")] }));
    const before = r.commit("base");
    r.write("activation-plans/a.yaml", planYaml("a", "prod", { [D]: [A[0], A[1]] }));
    r.commit("merge 1: 2 pairs");
    r.write("activation-plans/b.yaml", planYaml("b", "dev", { [D]: [A[2], A[3]] }));
    const after = r.commit("merge 2: 2 pairs");
    const bin = mkdtempSync(path.join(tmpdir(), "hp2-npx-"));
    const cli = path.resolve(import.meta.dirname, "../../bin/aep-activate.js");
    writeFileSync(
      path.join(bin, "npx"),
      `#!/bin/sh\n[ "$1" = --yes ] && shift\nshift\nexec "${process.execPath}" "${cli}" "$@"\n`,
    );
    chmodSync(path.join(bin, "npx"), 0o755);
    const output = path.join(bin, "github-output");
    writeFileSync(output, "");
    writeFileSync(path.join(bin, "step.sh"), script());
    let code = 0;
    try {
      // GitHub's default for `run:` on Linux when no shell is given: bash -e {0}.
      execFileSync("bash", ["-e", path.join(bin, "step.sh")], {
        cwd: r.dir,
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH ?? ""}`,
          EVENT: "push",
          BEFORE: before,
          AFTER: after,
          GITHUB_OUTPUT: output,
        },
        stdio: "pipe",
      });
    } catch (e) {
      code = (e as { status: number }).status;
    }
    const written = readFileSync(output, "utf8");
    // Either the step fails (the run says why) or it lists the sandboxes; `list=null` (or `list=`)
    // passes `list != '[]'` and hands the matrix fromJSON('null'): the apply job errors or never runs.
    expect({ code, written }).not.toEqual({ code: 0, written: "list=null\n" });
  });
});

describe("hostile 2: README claims against the example workflows", () => {
  const triggers = (file: string) =>
    (
      parse(readFileSync(path.resolve(import.meta.dirname, "../../examples/workflows", file), "utf8")) as {
        on: { push?: { paths?: string[] } };
      }
    ).on.push;

  it("a merge that only changes the policy file triggers the example merge workflows (README: 'its run fails … and its PR is told')", () => {
    for (const file of ["merge-apply.yml", "apply-per-sandbox.yml"]) {
      const paths = triggers(file)?.paths;
      if (paths === undefined) continue;
      expect(
        paths.some((p) => path.matchesGlob(POLICY_FILE, p)),
        `${file} runs on push only for ${paths.join(", ")}: a policy-only merge starts no run`,
      ).toBe(true);
    }
  });

  it("a policy-only merge that no push run saw is judged by the next scheduled run (the alarm comes late, not never)", async () => {
    const w = await windowsWorld("hro", [A[0]]);
    const rule = `${POLICY}  - name: owners\n    when: { policy-changed: true }\n    from: [maria]\n`;
    w.r.write(POLICY_FILE, rule);
    const p = w.r.commit("policy");
    w.gh.pulls.set(p, 70);
    expect((await w.push(w.x, p)).code).toBe(0);
    // PR 150 loosens it (drops the owners rule) and is merged; the push workflow's paths filter starts no run.
    w.r.write(POLICY_FILE, POLICY);
    const head = w.r.commitWith([p], "pr 150");
    const merge = w.r.moveHead(w.r.commitWith([p, head], "Merge pull request #150"));
    w.gh.pulls.set(merge, 150);
    w.gh.prHeads.set(150, head);
    const run = await w.schedule();
    expect(run.outputs["failure-reason"], run.stdout).toBe("policy");
  });
});
