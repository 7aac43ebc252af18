// Hostile review of the activation policy's pure core and its file reading.
import { symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/parse.js";
import { judgeMerge, judgePlans } from "../../src/policy/judge.js";
import type { Policy } from "../../src/policy/types.js";
import { planPairs } from "../../src/plan/changes.js";
import { policyAtRevision, policyInWorkingTree } from "../../src/sources/policy-file.js";
import { GitRepo } from "../../src/sources/git.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { TestRepo } from "../helpers/git-repo.js";
import { enc, plansOf, POLICY_HEAD, policyOf } from "../helpers/policy-text.js";

const D1 = uuid("hdest-1");
const A1 = uuid("haud-1");
const HEAD = POLICY_HEAD;
const FILE = ".github/activation-policy.yaml";
const policy = (text: string): Policy => policyOf(HEAD + text, FILE);
const plans = plansOf;

describe("hostile: path globs", () => {
  const p = policy(
    `paths:\n  - name: crm\n    plans: activation-plans/crm/**\n  - name: bare\n    plans: activation-plans/qa\n  - name: braces\n    plans: "activation-plans/{x,y}/*.yaml"\n`,
  );
  const at = (file: string) => judgePlans(p, plans({ [file]: planYaml("n", "prod", { [D1]: [A1] }) }));
  it("a sibling folder whose name starts like a covered one is not covered", () => {
    expect(at("activation-plans/crm-evil/a.yaml")).toHaveLength(1);
    expect(at("activation-plans/crm/a.yaml")).toHaveLength(0);
    expect(at("activation-plans/crm/deep/er/a.yaml")).toHaveLength(0);
  });
  it("a bare folder covers its files; braces expand; a dot-dot path is not covered", () => {
    expect(at("activation-plans/qa/a.yaml")).toHaveLength(0);
    expect(at("activation-plans/qa-x/a.yaml")).toHaveLength(1);
    expect(at("activation-plans/y/a.yaml")).toHaveLength(0);
    expect(at("activation-plans/z/a.yaml")).toHaveLength(1);
    expect(at("activation-plans/x/../z/a.yaml").length).toBeGreaterThanOrEqual(0); // no throw
  });
});

describe("hostile: IDs and logins", () => {
  it("a destination ID written in uppercase in the policy matches the plan's", () => {
    const p = policy(`paths:\n  - plans: activation-plans/**\n    destinations: [${D1.toUpperCase()}]\n`);
    expect(
      judgePlans(p, plans({ "activation-plans/a.yaml": planYaml("n", "prod", { [D1]: [A1] }) })),
    ).toEqual([]);
    const q = policy(`paths:\n  - plans: activation-plans/**\n    destinations: [${D1}]\n`);
    expect(
      judgePlans(
        q,
        plans({ "activation-plans/a.yaml": planYaml("n", "prod", { [D1.toUpperCase()]: [A1] }) }),
      ),
    ).toEqual([]);
  });

  it("an approval rule with uppercase destination IDs matches the plan's pairs", () => {
    const p = policy(
      `approvals:\n  - name: d\n    when: { destinations: [${D1.toUpperCase()}] }\n    from: [maria]\n`,
    );
    const [plan] = plans({ "activation-plans/a.yaml": planYaml("n", "prod", { [D1]: [A1] }) });
    const judged = judgeMerge(p, {
      pairs: planPairs(plan!),
      size: () => undefined,
      sizesRead: true,
      policyChanged: false,
      approvers: [],
    });
    expect(judged.approvals.map((c) => c.missing)).toEqual([1]);
  });

  // Promise: "A rule naming fewer approvers than it needs is a problem" (parse.ts). Logins are
  // case-insensitive everywhere else, so `from: [maria, Maria]` with count 2 names one person and can
  // never be met: it should be refused like `from: [maria]`, count 2. Only wording/diagnostics: a merge
  // under it is refused (fail closed), never sent.
  it("count 2 over [maria, Maria] (one person) is refused as unsatisfiable", () => {
    const read = parsePolicy(
      FILE,
      enc(
        HEAD +
          "approvals:\n  - name: two\n    when: { sandboxes: [prod] }\n    from: [maria, Maria]\n    count: 2\n",
      ),
    );
    expect(read.ok).toBe(false);
  });
});

describe("hostile: the file itself", () => {
  it("YAML aliases are expanded; an alias bomb and binary bytes are problems, never a throw", () => {
    const p = policy(
      "approvals:\n  - name: a\n    when: { sandboxes: [prod] }\n    from: &people [maria, jon]\n  - name: b\n    when: { sandboxes: [dev] }\n    from: *people\n",
    );
    expect(p.approvals[1]?.from).toEqual(["maria", "jon"]);
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from({ length: 9 }, (_, i) => {
        const prev = i === 0 ? "a" : `b${i - 1}`;
        return `b${i}: &b${i} [${Array(10).fill(`*${prev}`).join(", ")}]`;
      }),
    ].join("\n");
    const read = parsePolicy(FILE, enc(HEAD + bomb + "\n"));
    expect(read.ok).toBe(false);
    const bin = parsePolicy(FILE, new Uint8Array([0, 1, 2, 255, 254, 0]));
    expect(bin.ok).toBe(false);
  });

  // The same file, read by validate (working tree) and by the merge (git revision), should be judged
  // the same. A symlinked policy would be followed by validate but read at a revision as the link's
  // target path text: both refuse it instead, so validate and the merge agree.
  it("a symlinked policy file reads the same at a revision as in the working tree", async () => {
    const r = TestRepo.create();
    r.write(".github/real-policy.yaml", HEAD + "limits:\n  pairs-per-merge: 3\n");
    symlinkSync("real-policy.yaml", path.join(r.dir, FILE));
    const c = r.commit("symlinked policy");
    // Both refuse it, with the same located problem: validate and the merge agree.
    const tree = await policyInWorkingTree(r.dir, FILE);
    const git = new GitRepo(r.dir);
    const atRev = await policyAtRevision(git, c, FILE);
    for (const read of [tree, atRev]) {
      expect("ok" in read && !read.ok && read.problems.map((p) => p.message)).toEqual([
        `The policy file ${FILE} is a symbolic link; a merge reads it from git as the link's target path, not the policy.`,
      ]);
    }
  });
});
