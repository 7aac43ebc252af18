// Hostile review of the comment-section settle check (src/action/comment.ts tellPrs): cases where a
// limited job's look-again-and-rewrite went wrong, since fixed.
import { describe, expect, it } from "vitest";
import { pushEvent } from "../helpers/payloads.js";
import { previewedForSandboxes, twoSandboxWorld } from "../helpers/pr-world.js";

const SECRET = "hr-secret-5a4b3c";

describe("hostile review: a limited job's section of the PR comment", () => {
  it("without the review gate (require-reviewed-plan: false), two sandboxes' jobs ending at once each keep their section of the PR comment", async () => {
    const w = await twoSandboxWorld("hrg", SECRET);
    const { gh, base, change: head, step } = w;
    expect(w.init.code, w.init.stdout).toBe(0);
    gh.pulls.set(head, 71); // the PR this push merged
    const merge = (sandboxes: string) =>
      step("push", pushEvent({ before: base, after: head }), head, {
        sandboxes,
        "require-reviewed-plan": "false",
      });
    const [prod, dev] = await Promise.all([merge("prod"), merge("dev")]);
    expect(prod.code, prod.stdout).toBe(0);
    expect(dev.code, dev.stdout).toBe(0);
    const body = gh.comments.get(71)![0]!.body;
    // Each limited job's hash (its report's) covers its own sandboxes only: each job takes the other's
    // comment for another review and starts it afresh, dropping the other's section.
    expect(body).toContain(`<!-- aep-activation-plans:job:prod at=${head} -->`);
    expect(body).toContain(`<!-- aep-activation-plans:job:dev at=${head} -->`);
  });

  it("a newer preview written to the PR's comment during the settle wait is not overwritten by the old job's section and markers", async () => {
    const w = await twoSandboxWorld("hrn", SECRET);
    const { gh } = w;
    expect(w.init.code, w.init.stdout).toBe(0);
    const merge = await previewedForSandboxes(w, 72);
    expect((await merge("dev")).code).toBe(0);
    const NEWER = `sha256:${"e".repeat(64)}`;
    let replaced = 0;
    // Right after prod's final write, another run writes a new preview (a new review) of the PR.
    gh.afterCommentUpdate = (comment) => {
      if (replaced === 0 && comment.body.includes("### ✅ Activation in prod")) {
        replaced++;
        const [sticky] = comment.body.split("\n");
        comment.body = `${sticky}\n<!-- aep-activation-plans:plan-hash=${NEWER} run=999 head=${"f".repeat(40)} -->\n## A newer preview`;
      }
    };
    const prod = await merge("prod");
    expect(prod.code, prod.stdout).toBe(0);
    expect(replaced).toBe(1);
    const body = gh.comments.get(72)![0]!.body;
    expect(body).toContain(`plan-hash=${NEWER}`);
    expect(body).toContain("## A newer preview");
  });
});
