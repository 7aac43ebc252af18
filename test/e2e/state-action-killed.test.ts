// Exactly once across workflow runs: the built Action, run as a process as the runner runs it, killed
// between Platform's acceptance and the record (a cancelled job); the rerun resolves and follows. A
// file of its own: the built Action paces its GitHub writes in real time, so this runs beside the rest.
import { describe, expect, it } from "vitest";
import { pushEvent } from "../helpers/payloads.js";
import { acceptedTwice } from "../helpers/sim.js";
import { ids, stateWorld } from "../helpers/state-world.js";

const { A } = ids("sk");

describe("exactly once across runs (the built Action, killed)", () => {
  it("the built Action killed between Platform's acceptance and the record; the rerun (attempt 2) resolves and follows", async () => {
    const w = await stateWorld({ prefix: "sk", runDurationMs: 60_000 });
    const before = w.sim.state.accepted.length;
    const killed = await w.step(
      "push",
      pushEvent({ before: w.warm, after: w.flash }),
      w.flash,
      {},
      {
        killWhen: () => w.sim.state.accepted.length > before,
      },
    );
    expect(killed.code, killed.stdout).not.toBe(0);
    expect(w.sim.state.accepted.length - before).toBe(2);
    expect(w.shards()).toMatch(/,intent,/); // the intent was written; the reply never was
    const rerun = await w.step(
      "push",
      pushEvent({ before: w.warm, after: w.flash }),
      w.flash,
      {},
      {
        // "Re-run jobs": same run, next attempt, which takes over the lock
        env: { GITHUB_RUN_ID: killed.env.GITHUB_RUN_ID!, GITHUB_RUN_ATTEMPT: "2" },
      },
    );
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(rerun.stdout).toContain("2 matched to their runs");
    expect(rerun.stdout).toContain("following 2 run(s) an earlier attempt started");
    expect([w.acceptedOf(A[1]!), w.acceptedOf(A[2]!)]).toEqual([1, 1]);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });
});
