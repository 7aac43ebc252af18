// The activation policy on a developer's machine: `validate` checks the policy file and each plan's
// path rules at its line; `plan` judges a change by the policy at its base and says which approvals a
// merge will need (JSON too). A bad policy file is reported at its line, exit 1, no stack trace.
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { TestRepo } from "../helpers/git-repo.js";
import { planYaml, uuid } from "../helpers/plans.js";

const D = uuid("pol-d");
const A = [uuid("pol-a1"), uuid("pol-a2")];
const POLICY = `apiVersion: activation-plans/v1
kind: ActivationPolicy
paths:
  - name: crm
    plans: activation-plans/crm/**
    sandboxes: [prod]
  - name: qa
    plans: activation-plans/qa
    sandboxes: [dev]
approvals:
  - name: production
    when: { sandboxes: [prod] }
    from: [maria]
  - name: owners
    when: { policy-changed: true }
    from: [maria, jon]
    count: 2
`;

function repo(): TestRepo {
  return TestRepo.create()
    .write(".github/activation-policy.yaml", POLICY)
    .write("activation-plans/crm/sale.yaml", planYaml("sale", "prod", { [D]: [A[0] ?? ""] }))
    .write("activation-plans/qa/smoke.yaml", planYaml("smoke", "dev", { [D]: [A[1] ?? ""] }));
}

describe("the activation policy in the CLI", () => {
  it("validate refuses a plan outside its folder at its line, and notes the approvals a merge will need", async () => {
    const r = repo();
    r.commit("plans and policy");
    const ok = await runCli(["validate"], r.dir);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain(
      "activation-plans/crm/sale.yaml:6:12: note: a merge of this plan needs approval from maria (rule `production` (.github/activation-policy.yaml:11): it sends to sandbox `prod`).",
    );
    r.write("activation-plans/qa/smoke.yaml", planYaml("smoke", "prod", { [D]: [A[1] ?? ""] }));
    const out = await runCli(["validate"], r.dir);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      "activation-plans/qa/smoke.yaml:6:12: error: activation-plans/qa/smoke.yaml may not target sandbox `prod`: the path rules that cover it (`qa` (.github/activation-policy.yaml:7)) allow only `dev`.",
    );
    const json = await runCli(["validate", "--json"], r.dir);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ code: "policy-path", line: 6 })]);
  });

  it("a bad policy file is reported at its line (exit 1); a policy named but missing is a usage error (exit 2)", async () => {
    const r = repo().write(".github/activation-policy.yaml", POLICY.replace("count: 2", "count: two"));
    const out = await runCli(["validate"], r.dir);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe(
      ".github/activation-policy.yaml:17:12: error: `approvals[1].count` must be a whole number, not `two`.",
    );
    expect(out.stderr).not.toMatch(/\n\s+at /);
    const missing = await runCli(["validate", "--policy", "policy.yaml"], r.dir);
    expect([missing.code, missing.stderr]).toEqual([
      2,
      expect.stringContaining("--policy policy.yaml: no such file"),
    ]);
  });

  it("plan judges a change by the policy at its base: loosening a rule in the same change does not help", async () => {
    const r = repo();
    r.commit("plans and policy");
    // The change moves the prod plan into qa and loosens qa to allow prod in the same commit.
    r.remove("activation-plans/crm/sale.yaml")
      .write("activation-plans/qa/sale.yaml", planYaml("sale", "prod", { [D]: A }))
      .write(".github/activation-policy.yaml", POLICY.replace("sandboxes: [dev]", "sandboxes: [dev, prod]"));
    r.commit("loosen");
    const out = await runCli(["plan"], r.dir);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      "activation-plans/qa/sale.yaml:6:12: error: activation-plans/qa/sale.yaml may not target sandbox `prod`",
    );
    expect(out.stderr).toContain("Planning stopped: 1 problem(s) under the activation policy.");
    // --no-policy plans it all the same (a workflow listing the sandboxes a change touches).
    const listed = await runCli(["plan", "--no-policy", "--json"], r.dir);
    expect([listed.code, JSON.parse(listed.stdout).sandboxes]).toEqual([0, ["prod"]]);
    expect(JSON.parse(listed.stdout).policy).toBeUndefined();
  });

  it("plan --json lists the approvals a merge needs, a change to the policy among them", async () => {
    const r = repo();
    r.commit("plans and policy");
    r.write("activation-plans/crm/sale.yaml", planYaml("sale", "prod", { [D]: A })).write(
      ".github/activation-policy.yaml",
      POLICY.replace("from: [maria]", "from: [maria, zoe]"),
    );
    r.commit("new pair, and a new approver");
    const out = await runCli(["plan", "--json"], r.dir);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).policy).toEqual({
      file: ".github/activation-policy.yaml",
      changed: true,
      approvals: [
        { rule: "production", because: "it sends to sandbox `prod`", from: ["maria"], count: 1 },
        { rule: "owners", because: "it changes the policy file", from: ["maria", "jon"], count: 2 },
      ],
    });
  });
});
