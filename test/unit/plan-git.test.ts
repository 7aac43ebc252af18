import { renameSync, symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { TestRepo } from "../helpers/git-repo.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { tempDir } from "../helpers/tmp.js";

const D1 = uuid("dest-1");
const D2 = uuid("dest-2");
const A = Array.from({ length: 10 }, (_, i) => uuid(`aud-${i}`));

interface PlanJson {
  planHash: string;
  jobs: { id: string; sandbox: string; wave: number; activationInfo: Record<string, string[]> }[];
  plans: { name: string; file: string; change: string; pairs: number; reason: string }[];
}

async function plan(repo: TestRepo, ...args: string[]): Promise<PlanJson & { stderr: string }> {
  const run = await runCli(["plan", "--json", ...args], repo.dir);
  expect(run.code, run.stderr + run.stdout).toBe(0);
  return { ...(JSON.parse(run.stdout) as PlanJson), stderr: run.stderr };
}

function pairsOf(p: PlanJson): string[] {
  return p.jobs
    .flatMap((j) =>
      Object.entries(j.activationInfo).flatMap(([d, as]) =>
        as.map((a) => `${d === D1 ? "D1" : "D2"}:${A.indexOf(a)}`),
      ),
    )
    .sort();
}

function baseRepo(): TestRepo {
  const repo = TestRepo.create();
  repo.write("activation-plans/sale.yaml", planYaml("sale", "prod", { [D1]: [A[0]!, A[1]!] }));
  repo.write("activation-plans/news.yaml", planYaml("news", "prod", { [D2]: [A[2]!] }));
  repo.commit("initial plans");
  return repo;
}

describe("aep-activate plan over real git repositories", () => {
  it("added: every pair of a new plan", async () => {
    const repo = baseRepo();
    repo.write(
      "activation-plans/flash.yaml",
      planYaml("flash", "prod", { [D1]: [A[3]!], [D2]: [A[3]!, A[4]!] }),
    );
    repo.commit("add flash");
    const p = await plan(repo);
    expect(p.plans).toEqual([
      {
        name: "flash",
        file: "activation-plans/flash.yaml",
        change: "added",
        pairs: 3,
        reason: "new plan: 3 pairs",
      },
    ]);
    expect(pairsOf(p)).toEqual(["D1:3", "D2:3", "D2:4"]);
    expect(p.jobs).toHaveLength(1);
    expect(p.jobs[0]).toMatchObject({ sandbox: "prod", wave: 1 });
  });

  it("a submodule where plans would be selected: warned about, its plans not read; fsck finds the gitlink well formed", async () => {
    const repo = baseRepo();
    // Another repository inside the working tree, as `git submodule add` leaves it.
    const inner = TestRepo.create();
    inner.write("storm.yaml", planYaml("storm", "prod", { [D1]: [A[5]!] })).commit("vendor plans");
    renameSync(inner.dir, path.join(repo.dir, "activation-plans", "vendor"));
    repo.commit("vendor plans as a submodule");
    expect(repo.git("ls-tree", "HEAD", "activation-plans/")).toMatch(
      /^160000 commit [0-9a-f]{40}\tactivation-plans\/vendor$/m,
    );
    repo.git("fsck", "--no-dangling");
    const p = await plan(repo, "--all");
    expect(p.plans.map((x) => x.name).sort()).toEqual(["news", "sale"]);
    expect(p.stderr).toContain(
      "warning: activation-plans/vendor is a git submodule: plan files inside it are not read",
    );
    // Outside the selection, a submodule is nobody's business.
    const other = await plan(repo, "--all", "activation-plans/sale.yaml");
    expect(other.stderr).not.toContain("submodule");
  });

  it("modified: only the new pairs", async () => {
    const repo = baseRepo();
    repo.write("activation-plans/sale.yaml", planYaml("sale", "prod", { [D1]: [A[0]!, A[1]!, A[5]!] }));
    repo.commit("one more audience");
    const p = await plan(repo);
    expect(p.plans).toEqual([
      expect.objectContaining({ name: "sale", change: "modified", pairs: 1, reason: "1 new pair" }),
    ]);
    expect(pairsOf(p)).toEqual(["D1:5"]);
  });

  it("revision bumped or sandbox changed: every pair", async () => {
    const repo = baseRepo();
    repo.write(
      "activation-plans/sale.yaml",
      planYaml("sale", "prod", { [D1]: [A[0]!, A[1]!] }, "revision: 2"),
    );
    repo.write("activation-plans/news.yaml", planYaml("news", "staging", { [D2]: [A[2]!] }));
    repo.commit("bump and move");
    const p = await plan(repo);
    expect(p.plans.map((x) => [x.name, x.change, x.pairs, x.reason])).toEqual([
      ["news", "revision", 1, "sandbox changed from prod to staging: every pair"],
      ["sale", "revision", 2, "revision bumped from 1 to 2: every pair"],
    ]);
    expect(p.jobs.map((j) => j.sandbox).sort()).toEqual(["prod", "staging"]);
  });

  it("metadata-only, comment-only and removed pairs: listed, nothing activated", async () => {
    const repo = baseRepo();
    repo.write(
      "activation-plans/sale.yaml",
      "# a comment\n" +
        planYaml("sale", "prod", { [D1]: [A[0]!] }).replace("metadata:\n", "metadata:\n  owner: crm\n"),
    );
    repo.write(
      "activation-plans/news.yaml",
      "# only a comment added\n" + planYaml("news", "prod", { [D2]: [A[2]!] }),
    );
    repo.commit("edits");
    const p = await plan(repo);
    expect(p.jobs).toEqual([]);
    expect(p.plans.map((x) => [x.name, x.change, x.pairs, x.reason])).toEqual([
      ["news", "unchanged", 0, "no new pairs (metadata, order or comments changed)"],
      ["sale", "unchanged", 0, "1 pair removed (removing a pair activates nothing)"],
    ]);
  });

  it("deleted: reported, nothing activated", async () => {
    const repo = baseRepo();
    repo.remove("activation-plans/news.yaml");
    repo.commit("delete news");
    const p = await plan(repo);
    expect(p.plans).toEqual([expect.objectContaining({ name: "news", change: "deleted", pairs: 0 })]);
    expect(p.jobs).toEqual([]);
  });

  it("rename: moving a file is not a change", async () => {
    const repo = baseRepo();
    repo.write("activation-plans/2026/black-friday.yaml", planYaml("sale", "prod", { [D1]: [A[0]!, A[1]!] }));
    repo.remove("activation-plans/sale.yaml");
    repo.commit("move");
    const p = await plan(repo);
    expect(p.jobs).toEqual([]);
    expect(p.plans).toEqual([
      expect.objectContaining({
        name: "sale",
        change: "unchanged",
        pairs: 0,
        reason: expect.stringContaining("moved from activation-plans/sale.yaml"),
      }),
    ]);
  });

  it("force push: a base that is not an ancestor is compared by content, and said so", async () => {
    const repo = baseRepo();
    const root = repo.git("rev-parse", "HEAD");
    repo.write("activation-plans/sale.yaml", planYaml("sale", "prod", { [D1]: [A[0]!, A[1]!, A[6]!] }));
    const abandoned = repo.commit("pushed, then force-pushed away");
    repo.git("reset", "-q", "--hard", root);
    repo.write(
      "activation-plans/sale.yaml",
      planYaml("sale", "prod", { [D1]: [A[0]!, A[1]!, A[6]!, A[7]!] }),
    );
    repo.commit("the force-pushed commit");
    const p = await plan(repo, "--base", abandoned);
    expect(p.stderr).toContain("is not an ancestor of the head");
    expect(pairsOf(p)).toEqual(["D1:7"]);
  });

  it("zero SHA (a new branch): compares with the head's first parent", async () => {
    const repo = baseRepo();
    repo.write("activation-plans/flash.yaml", planYaml("flash", "prod", { [D1]: [A[8]!] }));
    repo.commit("add flash");
    const p = await plan(repo, "--base", "0".repeat(40));
    expect(p.stderr).toContain("all-zero SHA");
    expect(pairsOf(p)).toEqual(["D1:8"]);
  });

  it("merge commit: plans the merge against the previous tip of main", async () => {
    const repo = baseRepo();
    const before = repo.git("rev-parse", "HEAD");
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("activation-plans/flash.yaml", planYaml("flash", "prod", { [D2]: [A[9]!] }));
    repo.commit("feature plan");
    repo.git("checkout", "-q", "main");
    repo.write("activation-plans/news.yaml", planYaml("news", "prod", { [D2]: [A[2]!, A[3]!] }));
    repo.commit("main moved on");
    const mainTip = repo.git("rev-parse", "HEAD");
    repo.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature");
    const p = await plan(repo, "--base", mainTip);
    expect(pairsOf(p)).toEqual(["D2:9"]);
    const all = await plan(repo, "--base", before);
    expect(pairsOf(all)).toEqual(["D2:3", "D2:9"]);
  });

  it("depth-1 clone: fetches the missing base commit and says so", async () => {
    const origin = baseRepo();
    origin.write("activation-plans/flash.yaml", planYaml("flash", "prod", { [D1]: [A[4]!] }));
    origin.commit("add flash");
    const dir = tempDir("aep-shallow-");
    new TestRepo(dir).git("clone", "-q", "--depth=1", `file://${origin.dir}`, ".");
    const shallow = new TestRepo(dir);
    expect(shallow.git("rev-parse", "--is-shallow-repository")).toBe("true");
    const p = await plan(shallow); // --base HEAD~1 is not in the clone
    expect(p.stderr).toContain("is not in this clone");
    expect(p.stderr).toContain("git fetch --depth=1 origin");
    expect(pairsOf(p)).toEqual(["D1:4"]);
    // A full SHA that is missing is fetched the same way.
    const base = origin.git("rev-parse", "HEAD~1");
    const again = await plan(new TestRepo(dir), "--base", base);
    expect(pairsOf(again)).toEqual(["D1:4"]);
  });

  it("an invalid plan at head blocks planning with located errors (exit 1); invalid at base counts as absent", async () => {
    const repo = TestRepo.create();
    repo.write("activation-plans/sale.yaml", "apiVersion: activation-plans/v1\nkind: Nope\n");
    repo.commit("broken");
    repo.write("activation-plans/sale.yaml", planYaml("sale", "prod", { [D1]: [A[0]!] }));
    repo.write("activation-plans/bad.yaml", planYaml("bad", "Prod", { [D1]: [A[1]!] }));
    repo.commit("fixed one, broke another");
    const run = await runCli(["plan"], repo.dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "activation-plans/bad.yaml:6:12: error: The sandbox name `Prod` must be all lowercase",
    );
    repo.remove("activation-plans/bad.yaml");
    repo.git("add", "-A");
    repo.git("commit", "-q", "--amend", "-m", "fixed");
    const p = await plan(repo);
    expect(p.plans).toEqual([expect.objectContaining({ name: "sale", change: "added", pairs: 1 })]);
  });

  it("reads plans at a commit: nested folders, a link inside followed, a link out and an oversized file refused unread", async () => {
    const repo = baseRepo();
    repo.write("activation-plans/team/deep/flash.yaml", planYaml("flash", "prod", { [D1]: [A[3]!] }));
    repo.write("shared/other.yaml", planYaml("other", "prod", { [D2]: [A[4]!] }));
    symlinkSync("../shared/other.yaml", path.join(repo.dir, "activation-plans/alias.yaml"));
    symlinkSync("../../outside.yaml", path.join(repo.dir, "activation-plans/escape.yaml"));
    repo.write("activation-plans/huge.yaml", `# ${"x".repeat(1024 * 1024)}\n`);
    repo.commit("nested, linked, huge");
    const run = await runCli(["plan", "--json", "--all"], repo.dir);
    expect(run.code).toBe(1);
    const { problems } = JSON.parse(run.stdout) as {
      problems: { file: string; code: string; message: string }[];
    };
    expect(problems.map((x) => [x.file, x.code])).toEqual([
      ["activation-plans/escape.yaml", "symlink-outside"],
      ["activation-plans/huge.yaml", "file-too-large"],
    ]);
    expect(problems[1]?.message).toContain(`The file is ${1024 * 1024 + 3} bytes`);
    repo.remove("activation-plans/escape.yaml").remove("activation-plans/huge.yaml").commit("fixed");
    const p = await plan(repo, "--all");
    expect(p.plans.map((x) => [x.name, x.file]).sort()).toEqual([
      ["flash", "activation-plans/team/deep/flash.yaml"],
      ["news", "activation-plans/news.yaml"],
      ["other", "activation-plans/alias.yaml"],
      ["sale", "activation-plans/sale.yaml"],
    ]);
  });

  it("windows: a plan before or after its window is listed and contributes nothing", async () => {
    const repo = baseRepo();
    const window = "window:\n  notBefore: 2026-11-27T08:00:00Z\n  notAfter: 2026-11-28T00:00:00Z";
    repo.write("activation-plans/flash.yaml", planYaml("flash", "prod", { [D1]: [A[3]!] }, window));
    repo.commit("windowed");
    const early = await plan(repo, "--at", "2026-11-27T07:59:59Z");
    expect(early.plans).toEqual([
      expect.objectContaining({
        change: "outside-window",
        pairs: 0,
        reason:
          "pending: its window opens 2026-11-27T08:00:00Z; the first scheduled run after that activates it",
      }),
    ]);
    expect(early.jobs).toEqual([]);
    const late = await plan(repo, "--at", "2026-11-28T00:00:01Z");
    expect(late.plans[0]).toMatchObject({
      change: "outside-window",
      reason: "expired: its window closed 2026-11-28T00:00:00Z",
    });
    const inside = await plan(repo, "--at", "2026-11-27T12:00:00Z");
    expect(inside.plans[0]).toMatchObject({ change: "added", pairs: 1 });
  });

  it("--all plans every pair of the selected plans; paths select plans", async () => {
    const repo = baseRepo();
    const p = await plan(repo, "--all", "activation-plans/sale.yaml");
    expect(p.plans.map((x) => [x.name, x.change, x.pairs])).toEqual([["sale", "added", 2]]);
    const everything = await plan(repo, "--all");
    expect(pairsOf(everything)).toEqual(["D1:0", "D1:1", "D2:2"]);
  });

  it("exits 2 on an unknown revision and on bad options", async () => {
    const repo = baseRepo();
    const unknown = await runCli(["plan", "--base", "no-such-branch"], repo.dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown revision 'no-such-branch'");
    expect((await runCli(["plan", "--max-audiences-per-job", "81"], repo.dir)).code).toBe(2);
    expect((await runCli(["plan", "--count-by", "segments"], repo.dir)).code).toBe(2);
    expect((await runCli(["plan"], tempDir())).stderr).toContain("not inside a git repository");
  });

  it("prints plain text for a terminal, Markdown with --format markdown, JSON with --json", async () => {
    const repo = baseRepo();
    repo.write("activation-plans/flash.yaml", planYaml("flash", "prod", { [D1]: [A[3]!] }));
    repo.commit("flash");
    const text = await runCli(["plan"], repo.dir);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.split("\n")[0]).toBe(
      "Activation preview: 1 plan changed · 1 pair to activate · 1 job · 1 wave",
    );
    expect(text.stdout).toMatch(/^flash +activation-plans\/flash\.yaml +added +1 +new plan: 1 pair$/m);
    expect(text.stdout).not.toMatch(/<br>|<sub>|<details>|###|\|/);
    const md = await runCli(["plan", "--format", "markdown"], repo.dir);
    expect(md.stdout).toMatch(/^### Activation preview: 1 plan changed/);
    expect(md.stdout).toContain("<sub>");
    const json = await runCli(["plan", "--format", "json"], repo.dir);
    expect((JSON.parse(json.stdout) as PlanJson).plans.map((p) => p.name)).toEqual(["flash"]);
    expect((await runCli(["plan", "--format", "html"], repo.dir)).code).toBe(2);
  });

  it("in a repository's first commit, every plan counts as added (there is no HEAD~1)", async () => {
    const repo = baseRepo();
    const run = await runCli(["plan", "--json"], repo.dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("HEAD is the first commit (no HEAD~1): every plan counts as added.");
    expect((JSON.parse(run.stdout) as PlanJson).plans.map((p) => p.change)).toEqual(["added", "added"]);
  });

  it("exits 2 when the selection matches no plan file, naming the pattern", async () => {
    const repo = baseRepo();
    const nothing = await runCli(["plan", "--all", "nothing/here"], repo.dir);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("no plan files match 'nothing/here'");
    const typo = await runCli(["plan", "--all", "activation-plan/**/*.yaml"], repo.dir);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("no plan files match 'activation-plan/**/*.yaml'");
    // A pattern that matches, beside one that does not, still names the one that does not.
    const mixed = await runCli(["plan", "--all", "activation-plans", "nothing/here"], repo.dir);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("no plan files match 'nothing/here'");
  });

  it("globs are Node's: `!` excludes, braces hold commas, wildcards skip dotfiles", async () => {
    const repo = baseRepo();
    repo.write("activation-plans/.draft.yaml", planYaml("draft", "prod", { [D1]: [A[0]!] }));
    repo.commit("draft");
    const all = await plan(repo, "--all", "activation-plans/**/*.{yml,yaml}");
    expect(all.plans.map((x) => x.name).sort()).toEqual(["news", "sale"]);
    const trimmed = await plan(repo, "--all", "activation-plans", "!activation-plans/news.yaml");
    expect(trimmed.plans.map((x) => x.name)).toEqual(["sale"]);
    const dot = await plan(repo, "--all", "activation-plans/.*.yaml");
    expect(dot.plans.map((x) => x.name)).toEqual(["draft"]);
    const none = await runCli(
      ["plan", "--all", "activation-plans/sale.yaml", "!activation-plans/*.yaml"],
      repo.dir,
    );
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      "every plan file 'activation-plans/sale.yaml' matches is excluded by '!activation-plans/*.yaml'",
    );
  });

  it("is byte-identical across runs", async () => {
    const repo = baseRepo();
    repo.write(
      "activation-plans/flash.yaml",
      planYaml("flash", "prod", { [D1]: A.slice(0, 10), [D2]: A.slice(3, 8) }),
    );
    repo.commit("flash");
    const a = await runCli(["plan", "--json", "--max-audiences-per-job", "3"], repo.dir);
    const b = await runCli(["plan", "--json", "--max-audiences-per-job", "3"], repo.dir);
    expect(a.stdout).toBe(b.stdout);
    expect((JSON.parse(a.stdout) as PlanJson).jobs).toHaveLength(4);
  });
});
