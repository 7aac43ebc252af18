// A job per sandbox (input `sandboxes`): every preview records a hash per sandbox, and a merge run
// limited to some sandboxes applies only their pairs, checking only their hashes, under its own
// reconcile pointer. Through the runner-faithful harness, in-process on one virtual clock.
import { describe, expect, it } from "vitest";
import { pullRequestEvent, pushEvent } from "../helpers/payloads.js";
import { previewedForSandboxes, prWorld, twoSandboxWorld } from "../helpers/pr-world.js";
import { acceptedTwice } from "../helpers/sim.js";

const SECRET = "sb-secret-9f8e7d";

describe("a job per sandbox", () => {
  it("a PR that changes prod and dev: the preview records both hashes; a run limited to prod applies only prod's pairs checking only prod's hash, a run limited to dev only dev's; a dev hash that does not match refuses dev alone", async () => {
    // The setup run (at the head, so that dev's state exists): the limited jobs start from its pointer.
    const { A, B, gh, sim, base, change: head, init, step } = await twoSandboxWorld("sb", SECRET);
    expect(init.code, init.stdout).toBe(0);

    // The PR's preview (one step, every sandbox) records the whole hash and each sandbox's.
    const pr = await step("pull_request", pullRequestEvent({ number: 61, base, head }), head, {
      preflight: "false",
    });
    expect(pr.code, pr.stdout).toBe(0);
    const marker =
      /plan-hash=(sha256:[0-9a-f]{64}) run=\d+ head=[0-9a-f]{40} sandboxes=dev:(sha256:[0-9a-f]{64}),prod:(sha256:[0-9a-f]{64}) -->/.exec(
        gh.comments.get(61)![0]!.body,
      );
    expect(marker).not.toBeNull();
    const [, whole, devHash, prodHash] = marker!;
    expect(new Set([whole, devHash, prodHash]).size).toBe(3);
    gh.pulls.set(head, 61);
    const merge = (sandboxes: string) =>
      step("push", pushEvent({ before: base, after: head }), head, { sandboxes });

    // prod's job: only prod's pairs, under prod's hash.
    const prod = await merge("prod");
    expect(prod.code, prod.stdout).toBe(0);
    expect(prod.stdout).toContain(`The plan matches the preview reviewed on PR #61 (${whole})`);
    expect(prod.outputs["plan-hash"]).toBe(prodHash);
    expect(sim.state.accepted.map((a) => [a.sandbox, a.audience]).sort()).toEqual(
      [
        ["prod", A[1]],
        ["prod", A[2]],
      ].sort(),
    );
    // dev's job: only dev's pairs.
    const dev = await merge("dev");
    expect(dev.code, dev.stdout).toBe(0);
    expect(dev.outputs["plan-hash"]).toBe(devHash);
    expect(
      sim.state.accepted
        .filter((a) => a.sandbox === "dev")
        .map((a) => a.audience)
        .sort(),
    ).toEqual([...B].sort());
    expect(acceptedTwice(sim)).toEqual([]);
    // Each limit keeps its own reconcile pointer, created when it first moves past the setup run's
    // (here the setup run was at the head already: none moved; hostile-sandboxes.test.ts has a catch-up).
    const pointers = [...gh.branchFiles().keys()].filter((p) => /\/%\/[^/]+\/state\.json$/.test(p));
    expect(pointers.map((p) => p.split("/").at(-2)).sort()).toEqual(["default"]);
    // The comment still carries the review's markers after both jobs wrote their results to it.
    expect(gh.comments.get(61)![0]!.body).toContain(`sandboxes=dev:${devHash},prod:${prodHash} -->`);

    // A dev hash that does not match what is merged (here: the review recorded another): dev is refused,
    // prod (whose hash matches) is not even looked at by dev's job, and prod's own job goes through.
    const comment = gh.comments.get(61)![0]!;
    comment.body = comment.body.replace(`dev:${devHash}`, `dev:sha256:${"0".repeat(64)}`);
    const devAgain = await merge("dev");
    expect(devAgain.code).toBe(1);
    expect(devAgain.outputs["failure-reason"]).toBe("plan-changed");
    expect(devAgain.summary).toContain(
      `differs from the one reviewed on PR #⁠61 (dev sha256:${"0".repeat(64)})`,
    );
    const prodAgain = await merge("prod");
    expect(prodAgain.code, prodAgain.stdout).toBe(0);
    expect(sim.state.accepted).toHaveLength(4); // nothing sent twice: prod's pairs had succeeded
  });

  it("two sandboxes' jobs ending at once each keep their section of the PR comment (a job that finds its own lost writes it back)", async () => {
    const w = await twoSandboxWorld("sbr", SECRET);
    const { A, B, gh, sim } = w;
    expect(w.init.code, w.init.stdout).toBe(0);
    const merge = await previewedForSandboxes(w, 62);
    // A matrix job per sandbox (examples/workflows/apply-per-sandbox.yml): both read and write the one
    // comment at the same time.
    const [prod, dev] = await Promise.all([merge("prod"), merge("dev")]);
    expect(prod.code, prod.stdout).toBe(0);
    expect(dev.code, dev.stdout).toBe(0);
    expect(sim.state.accepted).toHaveLength(A.length - 1 + B.length);
    const comments = gh.comments.get(62) ?? [];
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    for (const sandbox of ["prod", "dev"]) {
      expect(body).toContain(`<!-- aep-activation-plans:job:${sandbox} at=${w.change} -->`);
      expect(body).not.toMatch(new RegExp(`job:${sandbox} -->\\n### ⏳`)); // each section is its final result
    }
  });

  it("a job whose final section another job's older copy wrote over writes it back, and says so", async () => {
    const w = await twoSandboxWorld("sbl", SECRET);
    const { gh } = w;
    expect(w.init.code, w.init.stdout).toBe(0);
    const merge = await previewedForSandboxes(w, 63);
    expect((await merge("dev")).code).toBe(0);
    // prod's final write lands, then dev's job writes the copy it read before it (dev's section, prod's
    // "running" one): GitHub keeps the last write.
    let overwritten = 0;
    gh.afterCommentUpdate = (comment, before) => {
      if (overwritten === 0 && comment.body.includes("### ✅ Activation in prod")) {
        overwritten++;
        comment.body = before;
      }
    };
    const prod = await merge("prod");
    expect(prod.code, prod.stdout).toBe(0);
    expect(overwritten).toBe(1);
    expect(prod.stdout).toContain(
      "PR #63's comment lacks this job's section (another job's write?); writing it again.",
    );
    const body = gh.comments.get(63)![0]!.body;
    expect(body).toContain("### ✅ Activation in prod");
    expect(body).toContain("### ✅ Activation in dev");
    expect(body).not.toContain("### ⏳");
  });

  it("a limit outside allowed-sandboxes, or not a sandbox name, is a configuration error before anything runs", async () => {
    const { base, head, step } = await prWorld("sbc", SECRET, () => ({}));
    for (const [extra, message] of [
      [
        { sandboxes: "prod", "allowed-sandboxes": "dev" },
        "input 'sandboxes': prod not in allowed-sandboxes (dev)",
      ],
      [{ sandboxes: "Prod" }, "input 'sandboxes': 'Prod' is not a sandbox name"],
    ] as const) {
      const run = await step("push", pushEvent({ before: base, after: head }), head, extra);
      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("configuration");
      expect(run.stdout).toContain(message);
    }
  });
});
