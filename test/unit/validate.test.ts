import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validatePlanSet } from "../../src/plan/validate.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const root = path.resolve(import.meta.dirname, "../..");
const enc = new TextEncoder();
const src = (file: string, text: string) => ({ file, bytes: enc.encode(text) });

const VALID = `apiVersion: activation-plans/v1
kind: ActivationPlan
metadata:
  name: ok
spec:
  sandbox: prod
  activations:
    - destination: 9f2c1a44-0d2b-4a8e-9b1f-2f6c3d4e5a6b
      audiences: [7f04b2a6-5f7e-4e7f-9b3a-6d3c4e2a1b5c]
`;

describe("validate: the broken fixtures", () => {
  it("gives exactly one located error per deliberate problem, exit 1", async () => {
    const expected = JSON.parse(
      readFileSync(path.join(root, "test/fixtures/broken/expected.json"), "utf8"),
    ) as Record<string, { line: number; col: number; code: string; message: string }[]>;
    const run = await runCli(["validate", "--json", "test/fixtures/broken"], root);
    expect(run.code).toBe(1);
    const problems = JSON.parse(run.stdout) as {
      file: string;
      line: number;
      col: number;
      code: string;
      message: string;
    }[];
    const actual: Record<string, unknown[]> = {};
    for (const name of Object.keys(expected)) actual[name] = [];
    for (const p of problems) {
      const name = path.basename(p.file);
      (actual[name] ??= []).push({ line: p.line, col: p.col, code: p.code, message: p.message });
    }
    expect(actual).toEqual(expected);
    // Every file except the first of the duplicate-name pair has exactly one problem.
    for (const [name, list] of Object.entries(expected))
      expect(list.length, name).toBe(name === "duplicate-name-a.yaml" ? 0 : 1);
  });

  it("prints FILE:LINE:COL: error: MESSAGE with an indented hint, sorted by file and line", async () => {
    const run = await runCli(["validate", "test/fixtures/broken"], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "test/fixtures/broken/unknown-key.yaml:9:7: error: Unknown key `audiances` under `spec.activations[0]`.\n    hint: did you mean `audiences`?",
    );
    const heads = run.stdout.split("\n").filter((l) => !l.startsWith("    "));
    const keys = heads.map((l) => l.split(": error")[0]!);
    const sorted = [...keys].sort((a, b) => {
      const [fa, la] = [a.split(":")[0]!, Number(a.split(":")[1])];
      const [fb, lb] = [b.split(":")[0]!, Number(b.split(":")[1])];
      return fa < fb ? -1 : fa > fb ? 1 : la - lb;
    });
    expect(keys).toEqual(sorted);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
    expect(run.stderr).toBe("19 problems in 19 of 20 files.");
  });

  it("accepts the examples (exit 0)", async () => {
    const run = await runCli(["validate", "examples/plans"], root);
    expect(run.stderr).toBe("3 plans valid.");
    expect(run.code).toBe(0);
  });
});

describe("validate: bad input, case by case", () => {
  it("accepts a BOM and CRLF line endings, with correct positions", () => {
    const crlf = "\uFEFF" + VALID.replace("sandbox: prod", "sandbox: PROD").replace(/\n/g, "\r\n");
    const result = validatePlanSet([src("a.yaml", crlf)]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ file: "a.yaml", line: 6, col: 12, code: "bad-value" });
    const ok = validatePlanSet([src("b.yaml", "\uFEFF" + VALID.replace(/\n/g, "\r\n"))]);
    expect(ok.problems).toEqual([]);
    expect(ok.plans[0]?.activations[0]?.audiences[0]?.pos).toEqual({ line: 9, col: 19 });
  });

  it("reports a tab used as indentation at the tab", () => {
    const r = validatePlanSet([src("t.yaml", VALID.replace("  sandbox: prod", "\tsandbox: prod"))]);
    expect(r.problems[0]).toMatchObject({
      line: 6,
      col: 1,
      message: "A tab is used for indentation; YAML only allows spaces there.",
    });
  });

  it("reports duplicate keys at the second key", () => {
    const r = validatePlanSet([
      src("d.yaml", VALID.replace("  sandbox: prod", "  sandbox: prod\n  sandbox: dev")),
    ]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ line: 7, col: 3, code: "yaml-syntax" });
    expect(r.problems[0]!.message).toContain("appears twice");
  });

  it("refuses multi-document files, pointing at the second document", () => {
    const r = validatePlanSet([src("m.yaml", VALID + "---\n" + VALID)]);
    expect(r.problems).toEqual([
      expect.objectContaining({
        line: 10,
        col: 1,
        code: "multiple-documents",
        message: expect.stringContaining("2 YAML documents"),
      }),
    ]);
  });

  it("refuses empty and comment-only files", () => {
    for (const text of ["", "\n\n", "# nothing\n"]) {
      const r = validatePlanSet([src("e.yaml", text)]);
      expect(r.problems).toEqual([expect.objectContaining({ line: 1, col: 1, code: "empty-file" })]);
    }
  });

  it("refuses alias bombs with a limit instead of expanding them", () => {
    const bomb = readFileSync(path.join(root, "test/fixtures/broken/alias-bomb.yaml"));
    const started = process.memoryUsage().heapUsed;
    const r = validatePlanSet([{ file: "bomb.yaml", bytes: bomb }]);
    expect(r.problems[0]).toMatchObject({ line: 1, col: 1, code: "alias-limit" });
    expect(process.memoryUsage().heapUsed - started).toBeLessThan(64 * 1024 * 1024);
  });

  it("refuses files over 1 MiB", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "big.yaml"), VALID + "#".repeat(1024 * 1024) + "\n");
    const run = await runCli(["validate", "--json", "big.yaml"], dir);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual([
      expect.objectContaining({ file: "big.yaml", line: 1, col: 1, code: "file-too-large" }),
    ]);
    // The pure parser refuses too, for content that does not come from disk.
    const r = validatePlanSet([src("big.yaml", VALID + "#".repeat(1024 * 1024))]);
    expect(r.problems[0]).toMatchObject({
      code: "file-too-large",
      message: expect.stringContaining("at most 1 MiB"),
    });
  });

  it("refuses binary files and invalid UTF-8", () => {
    const r = validatePlanSet([
      { file: "b.yaml", bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1]) },
      { file: "c.yaml", bytes: new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0xfe]) },
    ]);
    expect(r.problems.map((p) => [p.file, p.line, p.col, p.code])).toEqual([
      ["b.yaml", 1, 1, "binary-file"],
      ["c.yaml", 1, 1, "not-utf8"],
    ]);
  });

  it("refuses symlinks that leave the repository, but follows ones inside it", async () => {
    const outside = tempDir("aep-outside-");
    writeFileSync(path.join(outside, "secret.yaml"), VALID);
    const repo = tempDir();
    mkdirSync(path.join(repo, ".git"));
    mkdirSync(path.join(repo, "plans"));
    writeFileSync(path.join(repo, "plans", "real.yaml"), VALID.replace("name: ok", "name: real"));
    symlinkSync(path.join(outside, "secret.yaml"), path.join(repo, "plans", "escape.yaml"));
    symlinkSync(path.join(repo, "plans", "real.yaml"), path.join(repo, "plans", "inside.yml"));
    const run = await runCli(["validate", "--json", "plans"], repo);
    const problems = JSON.parse(run.stdout) as { file: string; code: string; line: number; col: number }[];
    expect(problems).toEqual([
      expect.objectContaining({ file: "plans/escape.yaml", line: 1, col: 1, code: "symlink-outside" }),
      // the inside link is read, and is then a second plan named `real`
      expect.objectContaining({ file: "plans/real.yaml", code: "duplicate-plan-name" }),
    ]);
  });

  it("reports every problem of every file in one pass", () => {
    const r = validatePlanSet([
      src("z.yaml", VALID.replace("sandbox: prod", "sandbox: Prod").replace("name: ok", "name: Z")),
      src("a.yaml", VALID.replace("kind: ActivationPlan", "kind: Plan")),
    ]);
    expect(r.problems.map((p) => `${p.file}:${p.line}`)).toEqual(["a.yaml:2", "z.yaml:4", "z.yaml:6"]);
    expect(r.problems[1]!.hint).toBe("did you mean `z`?");
  });

  it("builds the typed plan with both reference forms, lower-cased IDs and positions", () => {
    const text = readFileSync(path.join(root, "examples/plans/black-friday-flash-sale.yaml"));
    const r = validatePlanSet([{ file: "bf.yaml", bytes: text }]);
    expect(r.problems).toEqual([]);
    const plan = r.plans[0]!;
    expect(plan).toMatchObject({
      name: "black-friday-flash-sale",
      sandbox: "prod",
      revision: 1,
      owner: "crm-team",
    });
    expect(
      plan.activations.map((a) => [
        a.destination.id,
        a.destination.name,
        a.audiences.map((x) => x.name ?? null),
      ]),
    ).toEqual([
      ["9f2c1a44-0d2b-4a8e-9b1f-2f6c3d4e5a6b", undefined, [null, "Cart abandoners 7d"]],
      ["b0780cb5-2bb7-4409-bf2c-c625ca818588", "SFTP – ESP export", [null]],
    ]);
    expect(plan.activations[1]!.audiences[0]!.pos).toEqual({ line: 18, col: 19 });
  });
});

describe("validate: usage", () => {
  it("exits 2 on an unknown flag and when nothing matches", async () => {
    const unknown = await runCli(["validate", "--jsn"], root);
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toBe(
      "aep-activate validate: unknown option '--jsn'. Run 'aep-activate validate --help' for usage.",
    );
    const none = await runCli(["validate", "no/such/*.yaml"], root);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no plan files match 'no/such/*.yaml'");
  });

  it("answers --help with the usage, default and exit codes", async () => {
    const help = await runCli(["validate", "--help"], root);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("activation-plans/**/*.{yml,yaml}");
    expect(help.stdout).toContain("Exit codes: 0 all plans valid, 1 problems found, 2 usage error");
  });
});
