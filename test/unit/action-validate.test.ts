import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/main.js";
import { FakePort } from "../helpers/fake-port.js";
import { tempDir } from "../helpers/tmp.js";

const plan = (name: string, sandbox = "prod") => `apiVersion: activation-plans/v1
kind: ActivationPlan
metadata:
  name: ${name}
spec:
  sandbox: ${sandbox}
  activations:
    - destination: 9f2c1a44-0d2b-4a8e-9b1f-2f6c3d4e5a6b
      audiences: [7f04b2a6-5f7e-4e7f-9b3a-6d3c4e2a1b5c]
`;

describe("the Action validates plans", () => {
  it("annotates each problem on its file and line, caps annotations at 10 and counts the rest", async () => {
    const ws = tempDir();
    mkdirSync(path.join(ws, "activation-plans"));
    for (let i = 0; i < 13; i++)
      writeFileSync(
        path.join(ws, "activation-plans", `p${String(i).padStart(2, "0")}.yaml`),
        plan(`p${i}`, "PROD"),
      );
    const port = new FakePort({ mode: "validate" });
    await run({ port, env: { GITHUB_WORKSPACE: ws } });
    expect(port.errors).toHaveLength(10);
    expect(port.errors[0]).toEqual({
      message: expect.stringContaining("The sandbox name `PROD` must be all lowercase"),
      annotation: { file: "activation-plans/p00.yaml", line: 6, col: 12, title: "Invalid plan (bad-value)" },
    });
    expect(port.warnings).toContain(
      "3 more plan problems are listed in the log but not annotated: GitHub shows at most 10 error annotations per step.",
    );
    expect(port.logs.filter((l) => l.startsWith("activation-plans/p1"))).toHaveLength(3);
    expect(port.failed).toMatch(/13 problem\(s\)/);
    expect(port.outputs["failure-reason"]).toBe("invalid-plan");
  });

  it("passes when every plan is valid", async () => {
    const ws = tempDir();
    mkdirSync(path.join(ws, "activation-plans"));
    writeFileSync(path.join(ws, "activation-plans", "ok.yaml"), plan("ok"));
    const port = new FakePort({ mode: "validate" });
    await run({ port, env: { GITHUB_WORKSPACE: ws } });
    expect(port.failed).toBeUndefined();
    expect(port.errors).toEqual([]);
  });
});
