// The Action in validate mode, through the runner-faithful harness (every action.yml default injected).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { workflowDispatchEvent } from "../helpers/payloads.js";
import { runStep } from "../helpers/runner.js";
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

const validate = (workspace: string) =>
  runStep({
    workspace,
    eventName: "workflow_dispatch",
    event: workflowDispatchEvent(),
    sha: "0".repeat(40),
    apiUrl: "http://127.0.0.1:9",
    with: { mode: "validate" },
  });

describe("the Action validates plans", () => {
  it("annotates each problem on its file and line, caps annotations at 10 and counts the rest", async () => {
    const ws = tempDir();
    mkdirSync(path.join(ws, "activation-plans"));
    for (let i = 0; i < 13; i++)
      writeFileSync(
        path.join(ws, "activation-plans", `p${String(i).padStart(2, "0")}.yaml`),
        plan(`p${i}`, "PROD"),
      );
    const run = await validate(ws);
    const lines = run.stdout.split("\n");
    const errors = lines.filter((l) => l.startsWith("::error file="));
    expect(errors).toHaveLength(10);
    expect(errors[0]).toMatch(
      /^::error file=activation-plans\/p00\.yaml,line=6,col=12,title=Invalid plan \(bad-value\)::.*The sandbox name `PROD` must be all lowercase/,
    );
    expect(lines).toContain(
      "::warning::3 more plan problems are listed in the log but not annotated: GitHub shows at most 10 error annotations per step.",
    );
    expect(lines.filter((l) => l.startsWith("activation-plans/p1"))).toHaveLength(3);
    expect(run.code).toBe(1);
    expect(lines.at(-1)).toMatch(/^::error::13 problem\(s\)/);
    expect(run.outputs["failure-reason"]).toBe("invalid-plan");
  });

  it("passes when every plan is valid", async () => {
    const ws = tempDir();
    mkdirSync(path.join(ws, "activation-plans"));
    writeFileSync(path.join(ws, "activation-plans", "ok.yaml"), plan("ok"));
    const run = await validate(ws);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).not.toContain("::error");
  });
});

describe("the Action validates plans under the activation policy", () => {
  const policy = (folder: string) => `apiVersion: activation-plans/v1
kind: ActivationPolicy
paths:
  - plans: activation-plans/${folder}/**
    sandboxes: [prod]
`;
  const workspace = (policyText: string) => {
    const ws = tempDir();
    mkdirSync(path.join(ws, "activation-plans", "crm"), { recursive: true });
    mkdirSync(path.join(ws, ".github"));
    writeFileSync(path.join(ws, "activation-plans", "crm", "a.yaml"), plan("a"));
    writeFileSync(path.join(ws, ".github", "activation-policy.yaml"), policyText);
    return ws;
  };
  it("a plan outside the folder a path rule allows is annotated at its line (failure-reason policy)", async () => {
    const run = await validate(workspace(policy("prod")));
    expect(run.code).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("policy");
    expect(run.stdout).toMatch(
      /::error file=activation-plans\/crm\/a\.yaml,line=6,col=12,title=Activation policy \(policy-path\)::activation-plans\/crm\/a\.yaml is in no folder/,
    );
    const ok = await validate(workspace(policy("crm")));
    expect(ok.code, ok.stdout).toBe(0);
  });
  it("a bad policy file is annotated at its line (failure-reason configuration), no stack trace", async () => {
    const run = await validate(workspace(policy("crm").replace("sandboxes: [prod]", "sandboxes: prod")));
    expect(run.code).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("configuration");
    expect(run.stdout).toMatch(
      /::error file=\.github\/activation-policy\.yaml,line=5,col=\d+,title=Activation policy \(schema-type\)::`paths\[0\]\.sandboxes` must be a list/,
    );
    expect(run.stdout).not.toMatch(/\n\s+at .*:\d+:\d+/);
  });
});
