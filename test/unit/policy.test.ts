// The activation policy's core: the file's problems located like a plan's, path rules and limits at
// a plan's line, a merge's limits and the approvals each matched rule still needs.
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/parse.js";
import { judgeMerge, judgePlans, localApprovals } from "../../src/policy/judge.js";
import { say } from "../../src/policy/messages.js";
import type { Policy } from "../../src/policy/types.js";
import { validatePlanSet } from "../../src/plan/validate.js";
import { planPairs } from "../../src/plan/changes.js";
import { pair, planYaml, uuid } from "../helpers/plans.js";

const D1 = uuid("dest-1");
const D2 = uuid("dest-2");
const enc = (s: string) => new TextEncoder().encode(s);

const POLICY = `apiVersion: activation-plans/v1
kind: ActivationPolicy
paths:
  - name: crm
    plans: activation-plans/crm/**
    sandboxes: [prod]
    destinations: [${D1}]
  - plans: [activation-plans/qa/**]
    sandboxes: [dev]
limits:
  audiences-per-plan: 2
  pairs-per-merge: 3
  profile-exports-per-destination: 1000
  profile-exports-per-merge: 1500
approvals:
  - name: production
    when: { sandboxes: [prod] }
    from: [Maria, "@acme/privacy"]
  - name: big
    when: { profile-exports-over: 900 }
    from: [jon, maria]
    count: 2
  - name: owners
    when: { policy-changed: true }
    from: [jon]
`;

function policy(text = POLICY): Policy {
  const read = parsePolicy(".github/activation-policy.yaml", enc(text));
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  return read.policy;
}

function plans(files: Record<string, string>) {
  return validatePlanSet(Object.entries(files).map(([file, text]) => ({ file, bytes: enc(text) }))).plans;
}

describe("the policy file", () => {
  it("is read with its rules' positions", () => {
    const p = policy();
    expect(p.paths?.map((r) => [r.name, r.pos.line])).toEqual([
      ["crm", 4],
      ["paths[1]", 8],
    ]);
    expect(p.limits.map((l) => [l.name, l.max, l.pos.line])).toEqual([
      ["audiences-per-plan", 2, 11],
      ["pairs-per-merge", 3, 12],
      ["profile-exports-per-destination", 1000, 13],
      ["profile-exports-per-merge", 1500, 14],
    ]);
    expect(p.approvals.map((r) => [r.name, r.count, r.pos.line])).toEqual([
      ["production", 1, 16],
      ["big", 2, 19],
      ["owners", 1, 23],
    ]);
  });

  it("reports a bad key, a bad ID and a bad login at their lines, as a plan's problems are", () => {
    const read = parsePolicy(
      "p.yaml",
      enc(POLICY.replace("limits:", "limit:").replace(D1, "dest-one").replace("[jon]", "[jon doe]")),
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.map((p) => [p.line, p.code, p.message])).toEqual([
      [7, "bad-value", expect.stringContaining("`dest-one` is not a destination ID")],
      [10, "unknown-key", "Unknown key `limit` at the top level of the policy."],
      [25, "bad-value", expect.stringContaining("`jon doe` is not a GitHub login or a team")],
    ]);
    expect(read.problems[1]?.hint).toBe("did you mean `limits`?");
  });

  it("refuses a rule that could never be met, and a file that is not a policy", () => {
    const read = parsePolicy("p.yaml", enc(POLICY.replace("count: 2", "count: 3")));
    expect(read.ok ? [] : read.problems.map((p) => [p.line, p.message])).toEqual([
      [19, expect.stringContaining("needs 3 approvers but names only 2")],
    ]);
    const plan = parsePolicy("p.yaml", enc(planYaml("x", "prod", { [D1]: [uuid("a")] })));
    expect(plan.ok ? [] : plan.problems.map((p) => p.code)).toContain("schema-const");
  });
});

describe("path rules and audiences per plan", () => {
  const p = policy();
  const A = [uuid("a1"), uuid("a2"), uuid("a3")];
  const found = judgePlans(
    p,
    plans({
      "activation-plans/crm/ok.yaml": planYaml("ok", "prod", { [D1]: [A[0] ?? ""] }),
      "activation-plans/crm/dev.yaml": planYaml("dev", "dev", { [D1]: [A[0] ?? ""] }),
      "activation-plans/crm/d2.yaml": planYaml("d2", "prod", { [D1]: [A[0] ?? ""], [D2]: [A[1] ?? ""] }),
      "activation-plans/elsewhere/x.yaml": planYaml("x", "prod", { [D1]: [A[0] ?? ""] }),
      "activation-plans/qa/many.yaml": planYaml("many", "dev", { [D1]: A.slice(0, 2), [D2]: A.slice(1) }),
    }),
  );
  it("refuses a plan outside its folder at its sandbox line, and a destination the rule does not allow at its own", () => {
    expect(found.map((f) => [f.file, f.line, f.code])).toEqual([
      ["activation-plans/crm/d2.yaml", 11, "policy-path"],
      ["activation-plans/crm/dev.yaml", 6, "policy-path"],
      ["activation-plans/elsewhere/x.yaml", 6, "policy-path"],
      ["activation-plans/qa/many.yaml", 15, "policy-limit"],
    ]);
    expect(found[1]?.message).toContain(
      "the path rules that cover it (`crm` (.github/activation-policy.yaml:4)) allow only `prod`",
    );
    expect(found[0]?.message).toContain(`destination \`${D2}\``);
    expect(found[2]?.message).toContain("in no folder the policy's path rules cover");
    // Counted over all destinations, once per audience: the third distinct one crosses 2.
    expect(found[3]?.message).toContain("this is audience 3");
  });
  it("matches destinations by ID only, whatever name a plan gives them", () => {
    const named = plans({
      "activation-plans/crm/n.yaml": planYaml("n", "prod", {
        [`{ id: "${D1.toUpperCase()}", name: Anything }`]: [uuid("a")],
      }),
    });
    expect(named).toHaveLength(1);
    expect(judgePlans(p, named)).toEqual([]);
  });
});

describe("a merge", () => {
  const p = policy();
  const sizes: Record<string, number> = { a: 600, b: 500, c: 100 };
  const facts = (pairs = [pair("prod", D1, "a"), pair("prod", D1, "b")], more = {}) => ({
    pairs,
    size: (_s: string, a: string) => sizes[a],
    sizesRead: true,
    policyChanged: false,
    ...more,
  });

  it("crosses limits per destination and per merge, located in the policy file", () => {
    const j = judgeMerge(
      p,
      facts([pair("prod", D1, "a"), pair("prod", D1, "b"), pair("prod", D2, "c"), pair("prod", D2, "x")]),
    );
    expect(j.exports).toEqual({ known: 1200, unknown: 1 });
    expect(j.problems.map((x) => [x.file, x.line, x.code])).toEqual([
      [".github/activation-policy.yaml", 12, "policy-limit"],
      [".github/activation-policy.yaml", 13, "policy-limit"],
    ]);
    expect(j.problems[0]?.message).toContain("sends 4 pairs");
    expect(j.problems[1]?.message).toContain(`1,100 profile exports to destination \`${D1}\``);
  });

  it("refuses export limits it cannot check, and counts unread sizes as over a threshold", () => {
    const j = judgeMerge(p, facts(undefined, { sizesRead: false }));
    expect(j.problems.map((x) => x.code)).toEqual(["policy-sizes", "policy-sizes"]);
    expect(j.approvals.map((a) => [a.rule.name, a.because])).toEqual([
      ["production", "it sends to sandbox `prod`"],
      ["big", "its profile exports could not be read (the rule is over 900)"],
    ]);
  });

  it("counts approvers named or in a team, once each, case-insensitively", () => {
    const j = judgeMerge(
      p,
      facts(undefined, {
        approvers: ["maria", "MARIA", "jon"],
        teams: new Map([["@acme/privacy", ["zoe"]]]),
      }),
    );
    expect(j.approvals.map((a) => [a.rule.name, a.missing, a.by])).toEqual([
      ["production", 0, ["maria", "MARIA"]],
      ["big", 0, ["maria", "MARIA", "jon"]],
    ]);
    const team = judgeMerge(
      p,
      facts([pair("prod", D1, "c")], { approvers: ["zoe"], teams: new Map([["@acme/privacy", ["Zoe"]]]) }),
    );
    expect(team.approvals.map((a) => [a.rule.name, a.missing])).toEqual([["production", 0]]);
  });

  it("fails closed on a team it cannot read, unless the named people meet the rule", () => {
    const unread = new Map([["@acme/privacy", { unreadable: "@acme/privacy (HTTP 403)" }]]);
    const j = judgeMerge(p, facts([pair("prod", D1, "c")], { approvers: ["zoe"], teams: unread }));
    expect(j.approvals.map((a) => [a.missing, a.unreadable])).toEqual([[1, "@acme/privacy (HTTP 403)"]]);
    expect(say.approval(j.approvals[0] ?? ({} as never), p)).toContain(
      "could not be read: give the token read access",
    );
    const named = judgeMerge(p, facts([pair("prod", D1, "c")], { approvers: ["maria"], teams: unread }));
    expect(named.approvals.map((a) => [a.missing, a.unreadable])).toEqual([[0, undefined]]);
  });

  it("matches a change to the policy itself, and says locally what a merge will need", () => {
    const j = judgeMerge(p, facts([pair("dev", D2, "c")], { policyChanged: true, approvers: [] }));
    expect(j.approvals.map((a) => [a.rule.name, a.because, a.missing])).toEqual([
      ["owners", "it changes the policy file", 1],
    ]);
    const local = localApprovals(
      p,
      planPairs(
        plans({ "activation-plans/crm/ok.yaml": planYaml("ok", "prod", { [D1]: ["aud1"] }) })[0] as never,
      ),
    );
    expect(local.map((c) => say.needs(c, p))).toEqual([
      "needs approval from Maria or @acme/privacy (rule `production` (.github/activation-policy.yaml:16): it sends to sandbox `prod`)",
    ]);
  });
});
