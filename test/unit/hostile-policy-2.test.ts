// Hostile review of the activation policy, second pass (the CLI catches SIGTERM to stop cleanly, so a
// validate stuck in path.matchesGlob is killed with SIGKILL here): globs the schema lets through (unclosed
// brackets, very long patterns, brace expansions), spellings of a folder, and escapeSentence on
// text built to break it. Each finding is fixed; its test stays as a regression test.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/parse.js";
import { judgePlans } from "../../src/policy/judge.js";
import { say } from "../../src/policy/messages.js";
import type { Policy } from "../../src/policy/types.js";
import { escapeSentence } from "../../src/render/escape.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { TestRepo } from "../helpers/git-repo.js";
import { enc, plansOf, POLICY_HEAD, policyOf } from "../helpers/policy-text.js";

const D1 = uuid("h2dest-1");
const A1 = uuid("h2aud-1");
const HEAD = POLICY_HEAD;
const FILE = ".github/activation-policy.yaml";
const policy = (text: string): Policy => policyOf(HEAD + text, FILE);
const plans = plansOf;
const judge = (glob: string, file = "activation-plans/crm/a.yaml") =>
  judgePlans(
    policy(`paths:\n  - name: r\n    plans: ${JSON.stringify(glob)}\n`),
    plans({ [file]: planYaml("n", "prod", { [D1]: [A1] }) }),
  );

describe("hostile 2: globs the schema lets through", () => {
  it("an unclosed bracket is no throw: the plan is simply not covered (fail closed)", () => {
    expect(judge("activation-plans/[crm/**")).toHaveLength(1);
    expect(judge("activation-plans/crm/[")).toHaveLength(1);
  });

  it("a glob longer than 65,536 characters (the file may be 1 MiB) is a problem in the policy file, not a throw from path.matchesGlob", () => {
    const long = `activation-plans/${"a".repeat(70_000)}/**`;
    const read = parsePolicy(FILE, enc(`${HEAD}paths:\n  - plans: ${long}\n`));
    // Either the schema refuses it at its line, or judging it does not throw.
    if (read.ok) expect(() => judge(long)).not.toThrow();
    else expect(read.problems[0]?.line).toBe(4);
  });

  it("a brace expansion of 2^20 patterns in a policy glob does not hang `validate` (a PR's own policy is read by the Action's validate mode)", () => {
    const r = TestRepo.create();
    r.write(FILE, `${HEAD}paths:\n  - plans: "activation-plans/${"{a,b}".repeat(20)}/**"\n`);
    r.write("activation-plans/crm/a.yaml", planYaml("n", "prod", { [D1]: [A1] }));
    r.commit("policy with a brace bomb");
    const cli = path.resolve(import.meta.dirname, "../../bin/aep-activate.js");
    const started = Date.now();
    const run = spawnSync(process.execPath, [cli, "validate"], {
      cwd: r.dir,
      timeout: 20_000,
      killSignal: "SIGKILL",
      encoding: "utf8",
    });
    const took = Date.now() - started;
    expect(run.signal, `validate still running after ${took} ms`).toBeNull();
    expect(took).toBeLessThan(20_000);
  }, 30_000);

  it("a numeric brace range ({1..100000}) in a policy glob does not hang `validate`", () => {
    const r = TestRepo.create();
    r.write(FILE, `${HEAD}paths:\n  - plans: "activation-plans/{1..100000}/*.yaml"\n`);
    r.write("activation-plans/crm/a.yaml", planYaml("n", "prod", { [D1]: [A1] }));
    r.commit("policy with a numeric range");
    const cli = path.resolve(import.meta.dirname, "../../bin/aep-activate.js");
    const run = spawnSync(process.execPath, [cli, "validate"], {
      cwd: r.dir,
      timeout: 20_000,
      killSignal: "SIGKILL",
      encoding: "utf8",
    });
    expect(run.signal, "validate killed after 20 s").toBeNull();
  }, 30_000);
});

describe("hostile 2: how a folder is spelled", () => {
  it("a trailing slash covers the folder", () => {
    expect(judge("activation-plans/crm/")).toEqual([]);
  });

  it("a glob written relative with ./ (the schema says 'relative to the repository root') covers the folder, or is refused as written", () => {
    const read = parsePolicy(FILE, enc(`${HEAD}paths:\n  - plans: ./activation-plans/crm/**\n`));
    if (read.ok) expect(judge("./activation-plans/crm/**")).toEqual([]);
    else expect(read.problems).toHaveLength(1);
  });
});

describe("hostile 2: escapeSentence against crafted text", () => {
  const hostile = [
    "`a` <img src=x> `b`",
    "``@octocat``",
    "`x`](https://evil.example)`y`",
    "` ` @octocat ` `",
    "`\u202e` @octocat",
    "`a|b` <script>",
    "`#12` GH-12 owner/repo#12 `www.evil.example`",
    "`\\` @octocat `",
    "x\n# heading `y`\n> quote",
  ];
  for (const text of hostile)
    it(`stays inert: ${JSON.stringify(text)}`, () => {
      const out = escapeSentence(`Rule ${text} refused`);
      // No raw HTML, no line break, and every @ outside a code span is an entity.
      expect(out).not.toMatch(/<(?!br>)[a-z]/i);
      expect(out).not.toContain("\n");
      const outside = out
        .split("`")
        .filter((_, i) => i % 2 === 0)
        .join("");
      expect(outside).not.toMatch(/(^|[^;\u2060])@/);
      expect(outside).not.toMatch(/(^|[^\\])\]\(/);
    });

  it("a rule named with a backtick keeps the refusal inert (say.approval over escapeSentence)", () => {
    const p = policy(
      'approvals:\n  - name: "x` <img src=y> @octocat `z"\n    when: { sandboxes: [prod] }\n    from: [maria]\n',
    );
    const rule = p.approvals[0]!;
    const text = say.approval({ rule, because: say.becauseSandbox("prod"), by: [], missing: 1 }, p);
    const out = escapeSentence(text);
    const outside = out
      .split("`")
      .filter((_, i) => i % 2 === 0)
      .join("");
    expect(outside).not.toContain("<img");
    expect(outside).not.toMatch(/(^|[^;\u2060])@octocat/);
  });
});
