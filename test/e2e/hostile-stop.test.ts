// Hostile review of the run's stop (run-budget-minutes, the runner's SIGINT/SIGTERM, the CLI's Ctrl-C):
// cancellations and budget ends at awkward moments, and what the next runs then do and say.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Clock } from "../../src/clock.js";
import { runCli } from "../helpers/cli.js";
import { VirtualClock } from "../helpers/clock.js";
import { TestRepo } from "../helpers/git-repo.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { pushEvent, scheduleEvent } from "../helpers/payloads.js";
import { inProcess } from "../helpers/runner.js";
import { acceptedTwice, pairsOf, startSimulator } from "../helpers/sim.js";
import { ids, stateWorld, type Row } from "../helpers/state-world.js";
import { windowsWorld } from "../helpers/windows-world.js";

/**
 * A virtual clock that cancels the run (aborts `controller`) at the first wait for which `when`
 * answers true: deterministic "the cancellation arrives during this wait".
 */
function cancellingClock(
  base: VirtualClock,
  controller: AbortController,
  when: (ms: number, signal: AbortSignal | undefined) => boolean,
): Clock & { abortedAt?: number } {
  const c: Clock & { abortedAt?: number } = {
    now: () => base.now(),
    sleep: (ms, signal) => {
      if (!controller.signal.aborted && when(ms, signal)) {
        c.abortedAt = base.now();
        controller.abort();
      }
      return base.sleep(ms, signal);
    },
  };
  return c;
}

const TWO_WAVES = { "max-audiences-per-job": "1", "count-by": "pairs" };

/** Runs `step` with the runner's cancellation arriving at its pre-flight (its first read of the export jobs). */
async function cancelledAtExportJobs<T>(
  sim: { requests: { path: string }[] },
  ctl: AbortController,
  step: () => Promise<T>,
): Promise<T> {
  const requests = sim.requests;
  const push = requests.push.bind(requests);
  requests.push = (...r) => {
    if (r.some((x) => x.path.includes("/export/jobs"))) ctl.abort();
    return push(...r);
  };
  inProcess.signal = ctl.signal;
  try {
    return await step();
  } finally {
    delete inProcess.signal;
    requests.push = push;
  }
}

describe("the run's stop, hostile", () => {
  it("CLI apply without --state, Ctrl-C while wave 1 runs: it does not claim the run was recorded (nothing was: a rerun submits it again)", async () => {
    const base = new VirtualClock();
    const D = uuid("hs-cli-d");
    const A = [uuid("hs-cli-a0"), uuid("hs-cli-a1")];
    const sim = await startSimulator({ runDurationMs: 20 * 60_000, clock: base, maps: pairsOf({ [D]: A }) });
    const r = TestRepo.create();
    r.write("activation-plans/base.yaml", planYaml("base", "prod", { [D]: [A[0]!] })).commit("base");
    r.write("activation-plans/flash.yaml", planYaml("flash", "prod", { [D]: A })).commit("flash");
    const env = {
      AEP_CLIENT_ID: "hs-cli",
      AEP_CLIENT_SECRET: "hs-cli-secret-1234",
      AEP_ORG_ID: "HS@AdobeOrg",
    };
    const ctl = new AbortController();
    // Ctrl-C during the first wait of the follow, once Platform accepted the submission.
    const clock = cancellingClock(
      base,
      ctl,
      (_ms, signal) => signal !== undefined && sim.state.accepted.length > 0,
    );
    const run = await runCli(
      ["apply", "--json", "--platform-url", sim.url, "--ims-url", sim.url],
      r.dir,
      env,
      {
        clock,
        signal: ctl.signal,
      },
    );
    expect(ctl.signal.aborted).toBe(true);
    const rows = JSON.parse(run.stdout) as { code: string; reason: string }[];
    expect(rows.map((x) => x.code)).toEqual(["run-timeout", "run-timeout"]);
    // Without --state nothing is recorded anywhere: "recorded as in flight, never submitted again"
    // is false, and following its advice ("the next run ... follows it") activates the pair twice.
    for (const row of rows) {
      expect(row.reason).not.toMatch(/recorded as in flight|never submitted again/);
      // It says what is true: nothing records the run, and running apply again would send the pair again.
      expect(row.reason).toMatch(
        /Nothing records it \(no --state\): running apply again would submit this pair again/,
      );
    }
  });

  it("a cancellation while Platform throttles the follow (429, Retry-After 60 s): the Action still exits within the runner's 7.5 s, its state written", async () => {
    const w = await stateWorld({ prefix: "hs1", runDurationMs: 20 * 60_000 });
    const ctl = new AbortController();
    inProcess.signal = ctl.signal;
    try {
      let throttled = false;
      const clock = cancellingClock(w.clock, ctl, (ms, signal) => {
        // The follow's first wait: from now on Platform throttles the runs lists (Retry-After 60 s).
        if (!throttled && signal !== undefined && w.sim.state.accepted.length > 0) {
          throttled = true;
          Object.assign(w.sim.options, {
            rate429: 1,
            retryAfterSeconds: 60,
            faultPaths: /\/flowservice\/runs/,
          });
        }
        // The runner cancels while the HTTP client waits out the Retry-After.
        return throttled && ms >= 59_000;
      });
      const run = await w.merge(w.flash, w.big, TWO_WAVES, undefined, clock);
      Object.assign(w.sim.options, { rate429: 0 });
      expect(ctl.signal.aborted, run.stdout).toBe(true);
      expect(run.outputs["failure-reason"]).toBe("cancelled");
      // SIGTERM comes 7.5 s after SIGINT and the kill 2.5 s later: the state must be written by then.
      expect(clock.now() - clock.abortedAt!, run.stdout).toBeLessThan(7_500);
    } finally {
      delete inProcess.signal;
    }
  });

  it("a scheduled run sending a pending pair (its window opened 2 min ago, its merge 30 h ago) is cancelled before the wave: a later scheduled run sends it, as its reason says", async () => {
    const HOUR = 3_600_000;
    const a1 = uuid("hsw-a1");
    const w = await windowsWorld("hsw", [a1]);
    const [merged] = await w.mergeAndPush([
      { number: 81, files: { "activation-plans/late.yaml": w.windowed("late", [a1], 30 * HOUR) } },
    ]);
    expect(merged?.code, merged?.stdout).toBe(0);
    await w.later(30 * HOUR + 2 * 60_000);
    const ctl = new AbortController();
    const cancelled = await cancelledAtExportJobs(w.sim, ctl, () => w.schedule());
    expect(ctl.signal.aborted).toBe(true);
    expect(cancelled.outputs["failure-reason"], cancelled.stdout).toBe("cancelled");
    const rows = JSON.parse(cancelled.outputs.result ?? "[]") as Row[];
    expect(rows.map((r) => r.code)).toEqual(["cancelled"]);
    expect(rows[0]!.reason).toMatch(/Run it again to send it/);
    expect(w.accepted(a1)).toBe(0);
    // Run again, as it says: the re-run of the job, then the next scheduled run.
    const rerun = await w.schedule();
    await w.later(15 * 60_000);
    const next = await w.schedule();
    expect(w.accepted(a1), `${rerun.stdout}\n${next.stdout}\n${next.summary}`).toBe(1);
  });

  it("require-reviewed-plan: false: after a run stopped by its budget, the pointer moves (the next push is not a missed run) and a scheduled run sends the budget-ended pair, as the run said", async () => {
    const { A, D } = ids("hs2");
    const w = await stateWorld({ prefix: "hs2", runDurationMs: 20 * 60_000 });
    // warm → flash first, so that the pointer is at flash when big is pushed.
    const flash = await w.mergeFlash();
    expect(flash.code, flash.stdout).toBe(0);
    const stopped = await w.mergeBig({ ...TWO_WAVES, "run-budget-minutes": "10" });
    expect(stopped.outputs["failure-reason"]).toBe("budget-ended");
    const unsent = stopped.rows.find((r) => r.code === "budget-ended")!;
    expect(w.acceptedPair(unsent.destination, unsent.audience)).toBe(0);
    // Without the review gate a later push does not catch up: the run says to re-run the job.
    expect(stopped.stdout).toMatch(/Re-run this job to follow the runs still in flight/);
    // The next push (an unrelated commit), half an hour later.
    await w.clock.sleep(30 * 60_000);
    const next = w.r.write("README.md", "plans, again\n").commit("readme");
    const run = await w.step("push", pushEvent({ before: w.big, after: next }), next, TWO_WAVES);
    // It was not missed: it ran, and stopped.
    expect.soft(run.stdout).not.toMatch(/a run was missed/);
    // The wave-1 pair that went out is not listed as a missed merge's pair to send by hand.
    expect.soft(run.outputs["needs-attention-json"] ?? "[]").not.toContain(D[0]!);
    expect(run.code, run.stdout).toBe(0);
    // What the stopped run said: a scheduled run retries the pair it did not send.
    // (This world's commits are dated long before its clock: max-lateness is widened to reach them.)
    const scheduled = await w.step("schedule", scheduleEvent(), next, {
      ...TWO_WAVES,
      "max-lateness": "1000d",
    });
    expect(scheduled.code, scheduled.stdout).toBe(0);
    expect(w.acceptedPair(unsent.destination, unsent.audience), scheduled.stdout).toBe(1);
    expect(w.acceptedPair(D[0]!, A[3]!) + w.acceptedPair(D[1]!, A[3]!)).toBe(2);
  });

  it("reviewed merges: the budget ends at the very poll that sees every run succeed: the run is green, and the pointer moves (no catch-up of a finished merge, no too-late a day later)", async () => {
    const a1 = uuid("hse-a1");
    const w = await windowsWorld("hse", [a1]);
    // The run ends 1 ms before the budget: the follow's last poll, at the budget's end, sees it succeeded.
    w.sim.options.runDurationMs = 10 * 60_000 - 1;
    w.sim.options.runJitterMs = 0;
    Object.assign(w.inputs, { "run-budget-minutes": "10" });
    const [run] = await w.mergeAndPush([
      { number: 91, files: { "activation-plans/flash.yaml": planYaml("flash", "prod", { [w.D]: [a1] }) } },
    ]);
    delete (w.inputs as Record<string, string>)["run-budget-minutes"];
    expect(JSON.parse(run!.outputs.result ?? "[]").map((r: Row) => r.status)).toEqual(["succeeded"]);
    expect(run!.code, run!.stdout).toBe(0);
    // Nothing was left for the next run: the pointer should not stay behind.
    expect.soft(run!.stdout).not.toMatch(/The reconcile pointer stays where it was/);
    // A day later, the scheduled run.
    await w.later(25 * 3_600_000);
    const scheduled = await w.schedule();
    expect.soft(scheduled.stdout).not.toMatch(/too-late|longer ago than max-lateness/);
    expect(scheduled.code, scheduled.stdout).toBe(0);
    expect(w.accepted(a1)).toBe(1);
  });

  it("the budget ends during the pre-flight wait for a scheduled export: the pairs say the budget ended (not 'raise timeout-minutes'), and the stop costs no try", async () => {
    const w = await stateWorld({ prefix: "hs3" });
    // A scheduled export runs for the next 30 minutes; the run's budget is 5.
    const now = w.clock.now();
    w.sim.state.exportJobs.push({ id: 4242, busyFrom: now, busyUntil: now + 30 * 60_000, createdAt: now });
    const run = await w.mergeFlash({ "run-budget-minutes": "5" });
    expect(run.outputs["failure-reason"], run.stdout).toBe("budget-ended");
    expect(w.clock.now() - now).toBeLessThan(6 * 60_000);
    for (const row of run.rows) {
      expect.soft(row.code).toBe("budget-ended");
      expect.soft(row.reason ?? "").not.toMatch(/raise timeout-minutes/);
    }
    // The try is not counted: the flash pairs' records have 0 attempts.
    const flashRows = w
      .shards()
      .split("\n")
      .filter((l) => l.includes(w.flash));
    expect(flashRows.length).toBe(2);
    for (const l of flashRows) expect.soft(l).not.toMatch(/,export-in-progress,/);
  });

  it("CLI apply --state, Ctrl-C while it waits for another run's lock: it says it was cancelled, not that it waited the whole lock wait", async () => {
    const base = new VirtualClock();
    const D = uuid("hs-lk-d");
    const A = [uuid("hs-lk-a0"), uuid("hs-lk-a1")];
    const sim = await startSimulator({ clock: base, maps: pairsOf({ [D]: A }) });
    const r = TestRepo.create();
    r.write("README.md", "plans\n").commit("start");
    r.write("activation-plans/base.yaml", planYaml("base", "prod", { [D]: [A[0]!] })).commit("base");
    r.write("activation-plans/flash.yaml", planYaml("flash", "prod", { [D]: A })).commit("flash");
    const env = {
      AEP_CLIENT_ID: "hs-lk",
      AEP_CLIENT_SECRET: "hs-lk-secret-1234",
      AEP_ORG_ID: "HSLK@AdobeOrg",
    };
    const args = [
      "apply",
      "--json",
      "--platform-url",
      sim.url,
      "--ims-url",
      sim.url,
      "--state",
      "state.json",
    ];
    const warm = await runCli([...args, "--init", "--base", "HEAD~2", "--head", "HEAD~1"], r.dir, env, {
      clock: base,
    });
    expect(warm.code, warm.stderr).toBe(0);
    const stateFile = path.join(r.dir, "state.json");
    const file = JSON.parse(readFileSync(stateFile, "utf8")) as { keys: Record<string, { lock?: object }> };
    const [key] = Object.keys(file.keys);
    file.keys[key!]!.lock = { holder: "github run 42 attempt 1", until: base.now() + 86_400_000 };
    writeFileSync(stateFile, JSON.stringify(file));
    const ctl = new AbortController();
    // Ctrl-C at the first wait for the lock, 0 s into it.
    const clock = cancellingClock(base, ctl, (_ms, signal) => signal !== undefined);
    const run = await runCli(args, r.dir, env, { clock, signal: ctl.signal });
    expect(ctl.signal.aborted).toBe(true);
    expect(run.code).toBe(1);
    expect(sim.state.accepted).toHaveLength(1); // the warm-up's
    expect(run.stderr).toMatch(/is locked by github run 42 attempt 1/);
    // It did not wait 60 minutes: it was interrupted at once.
    expect.soft(run.stderr).not.toMatch(/waited 1 h|waited 60 min/);
    expect(run.stderr).toMatch(/cancel|interrupt/i);
  });

  it("a cancellation while the wave's intents are written: nothing new is submitted after it (as the log says), and the re-run sends the pairs once, none held as unknown", async () => {
    const w = await stateWorld({ prefix: "hs4" });
    const ctl = new AbortController();
    const before = w.sim.state.accepted.length;
    let acceptedAtCancel: number | undefined;
    const restore = w.intercept((method, rest, body) => {
      if (
        !ctl.signal.aborted &&
        method === "POST" &&
        rest.startsWith("trees") &&
        JSON.stringify(body).includes(",intent,")
      ) {
        acceptedAtCancel = w.sim.state.accepted.length;
        ctl.abort();
      }
      return undefined;
    });
    inProcess.signal = ctl.signal;
    let run;
    try {
      run = await w.mergeFlash();
    } finally {
      delete inProcess.signal;
      restore();
    }
    expect(ctl.signal.aborted).toBe(true);
    expect(run.stdout).toMatch(/The workflow run is being cancelled: nothing new is submitted/);
    expect.soft(w.sim.state.accepted.length, run.stdout).toBe(acceptedAtCancel);
    const rerun = await w.mergeFlash({}, { GITHUB_RUN_ID: run.env.GITHUB_RUN_ID!, GITHUB_RUN_ATTEMPT: "2" });
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(w.sim.state.accepted.length - before).toBe(2);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });

  it("the re-run of a stopped run is cancelled too, before its first wave: the run the first attempt left in flight is reported as in flight, not as an internal error", async () => {
    const w = await stateWorld({ prefix: "hs5", runDurationMs: 20 * 60_000 });
    const first = await w.mergeBig({ ...TWO_WAVES, "run-budget-minutes": "10" });
    expect(first.outputs["failure-reason"]).toBe("budget-ended");
    const ctl = new AbortController();
    const rerun = await cancelledAtExportJobs(w.sim, ctl, () =>
      w.mergeBig(TWO_WAVES, { GITHUB_RUN_ID: first.env.GITHUB_RUN_ID!, GITHUB_RUN_ATTEMPT: "2" }),
    );
    expect(ctl.signal.aborted).toBe(true);
    expect(rerun.outputs["failure-reason"], rerun.stdout).toBe("cancelled");
    const codes = rerun.rows.map((r) => r.code).sort();
    expect(codes, JSON.stringify(rerun.rows, null, 1)).toEqual(["cancelled", "run-timeout"]);
    for (const row of rerun.rows) expect(row.reason ?? "").not.toMatch(/internal error/);
  });
});
