// Untrusted text is inert: no log line can start a workflow command, no control character reaches a
// terminal (property-based, over arbitrary text), and the built Action shows it on a hostile file name.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inertLog, inertTerminal } from "../../src/render/inert.js";
import { hostile } from "../helpers/hostile.js";
import { workflowDispatchEvent } from "../helpers/payloads.js";
import { runStep } from "../helpers/runner.js";
import { tempDir } from "../helpers/tmp.js";

describe("inert text", () => {
  it("no line of a log starts a workflow command, and text that is not one is unchanged", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = inertLog(s);
        for (const line of out.split(/\r?\n|\r/)) expect(line).not.toMatch(/^\s*::/);
        if (!/^[ \t]*::/m.test(s)) expect(out).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it("no control character but tab and newline reaches a terminal", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        // eslint-disable-next-line no-control-regex
        expect(inertTerminal(s)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      }),
      { numRuns: 500 },
    );
  });

  it("the built Action logs a hostile plan file name without running it as a command", async () => {
    const ws = tempDir();
    mkdirSync(path.join(ws, "activation-plans"));
    // Eleven broken plans: GitHub shows ten annotations, the rest go to the log with their file names.
    for (let i = 0; i < 10; i++) writeFileSync(path.join(ws, "activation-plans", `p${i}.yaml`), "kind: [");
    writeFileSync(path.join(ws, "activation-plans", "z\n::add-mask::pwned\n::error::pwned.yaml"), "kind: [");
    const run = await runStep(
      {
        workspace: ws,
        eventName: "workflow_dispatch",
        event: workflowDispatchEvent(),
        sha: "0".repeat(40),
        apiUrl: "http://127.0.0.1:9",
        with: { mode: "validate" },
      },
      { dist: true },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("pwned"); // the name is shown …
    expect(run.stdout).not.toMatch(/^\s*::(add-mask|error)::pwned/m); // … but acts as nothing
  });
});
