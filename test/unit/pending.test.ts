// judgePending, retries, openFailures: what a scheduled run does with each pending or failed record,
// judged by the plans its merge reviewed (the window, the plan's name) and the plans at the head.
import { describe, expect, it } from "vitest";
import { judgePending, openFailures, retries, type Judging } from "../../src/state/pending.js";
import type { Plan } from "../../src/plan/types.js";
import type { PairRecord } from "../../src/state/types.js";
import { makePlan } from "../helpers/plans.js";

const T = Date.parse("2026-12-04T08:00:00Z");
const H = 3_600_000;
const window = (notBefore: number, notAfter?: number) => ({
  window: {
    notBefore: new Date(notBefore).toISOString(),
    ...(notAfter === undefined ? {} : { notAfter: new Date(notAfter).toISOString() }),
    pos: { line: 1, col: 1 },
  },
});
const rec = (over: Partial<PairRecord> = {}): PairRecord => ({
  commit: "c1",
  plan: "activation-plans/flash.yaml",
  destination: "d",
  audience: "a",
  state: "pending",
  attempts: 0,
  updatedAt: T - 2 * H,
  ...over,
});
const flash = (extra: Partial<Plan> = window(T)) => makePlan("flash", "prod", { d: ["a"] }, extra);
/** The plans every record's merge reviewed are `then`; the head's are `head` (the same by default). */
const by = (then: Plan[], head: Plan[] = then): Judging => ({
  headPlans: head,
  plansAt: () => then,
  landedAt: () => T - 3 * H,
});
const kinds = (vs: ReturnType<typeof judgePending>) =>
  vs.map((v) => `${v.record.commit}:${v.kind}${"code" in v ? `:${v.code}` : ""}`);

describe("pending pairs at a scheduled run", () => {
  it("waits before the window, is due after it (with its lateness), expires when it closed", () => {
    expect(kinds(judgePending("prod", [rec()], by([flash()]), T - 1, 24 * H))).toEqual(["c1:waiting"]);
    const [due] = judgePending("prod", [rec()], by([flash()]), T + 5 * 60_000, 24 * H);
    expect(due).toMatchObject({ kind: "due", late: 5 * 60_000, pair: { audience: { id: "a" } } });
    expect(kinds(judgePending("prod", [rec()], by([flash(window(T, T + H))]), T + 2 * H, 24 * H))).toEqual([
      "c1:expired:window-closed",
    ]);
  });

  it("needs a person's yes past max-lateness; is cancelled when the plan of its name no longer asks for it", () => {
    expect(kinds(judgePending("prod", [rec()], by([flash()]), T + 25 * H, 24 * H))).toEqual(["c1:confirm"]);
    const other = makePlan("flash", "prod", { d: ["b"] }, window(T));
    expect(kinds(judgePending("prod", [rec()], by([flash()], [other]), T + 1, 24 * H))).toEqual([
      "c1:expired:revoked",
    ]);
    // The same name in another sandbox is not its plan.
    const elsewhere = makePlan("flash", "dev", { d: ["a"] }, window(T));
    expect(kinds(judgePending("prod", [rec()], by([flash()], [elsewhere]), T + 1, 24 * H))).toEqual([
      "c1:expired:revoked",
    ]);
    // Deleted: another plan asking for the same pair does not keep it (its own request is its own).
    const always = makePlan("always", "prod", { d: ["a"] }, window(T - H));
    expect(kinds(judgePending("prod", [rec()], by([flash()], [always]), T + 1, 24 * H))).toEqual([
      "c1:expired:revoked",
    ]);
  });

  it("follows a renamed plan file by its name; its window is the one its merge reviewed, not the head's", () => {
    const moved = { ...flash(window(T - 10 * H)), file: "activation-plans/sales/flash.yaml" };
    expect(kinds(judgePending("prod", [rec()], by([flash()], [moved]), T - 1, 24 * H))).toEqual([
      "c1:waiting",
    ]);
    expect(kinds(judgePending("prod", [rec()], by([flash()], [moved]), T + 1, 24 * H))).toEqual(["c1:due"]);
  });

  it("waits, never sends, when the plans its merge reviewed cannot be read", () => {
    const j: Judging = { headPlans: [flash()], plansAt: () => undefined, landedAt: () => T - 3 * H };
    expect(judgePending("prod", [rec()], j, T + 1, 24 * H)).toEqual([
      { kind: "waiting", record: rec(), opens: undefined },
    ]);
  });

  it("one live request per pair: the newest pending one; none once the pair went out under a newer request", () => {
    const older = rec({ commit: "c1", updatedAt: T - 3 * H });
    const newer = rec({ commit: "c2", updatedAt: T - 2 * H });
    expect(kinds(judgePending("prod", [newer, older], by([flash()]), T + 1, 24 * H)).sort()).toEqual([
      "c1:expired:superseded",
      "c2:due",
    ]);
    // A newer pending request whose window is later replaces the older one before either opens.
    expect(kinds(judgePending("prod", [older, newer], by([flash()]), T - 1, 24 * H)).sort()).toEqual([
      "c1:expired:superseded",
      "c2:waiting",
    ]);
    const manual = rec({ commit: "c3", state: "succeeded", updatedAt: T - H, intentAt: T - H });
    expect(kinds(judgePending("prod", [older, manual], by([flash()]), T + 1, 24 * H))).toEqual([
      "c1:expired:superseded",
    ]);
    // A failed later request did not send it: the pending one still goes out.
    const failed = rec({ commit: "c3", state: "failed", updatedAt: T - H });
    expect(kinds(judgePending("prod", [older, failed], by([flash()]), T + 1, 24 * H))).toEqual(["c1:due"]);
  });

  it("retries only failures worth retrying with tries left, and only the latest request of a pair", () => {
    const plain = makePlan("flash", "prod", { d: ["a"] });
    const failed = (code: string, attempts: number, over: Partial<PairRecord> = {}) =>
      rec({ state: "failed", code, attempts, ...over });
    const at = (maxAttempts = 3) => ({ now: T + 1, maxAttempts, maxLatenessMs: 24 * H });
    const codes = (r: PairRecord[], max = 3) =>
      retries("prod", r, by([plain]), at(max)).map((v) => v.record.code);
    expect(codes([failed("rejected-429", 1)])).toEqual(["rejected-429"]);
    expect(codes([failed("export-in-progress", 2)])).toEqual(["export-in-progress"]);
    expect(codes([failed("rejected-429", 3)])).toEqual([]); // tries used up
    expect(codes([failed("not-mapped", 0)])).toEqual([]); // a person must fix it
    expect(codes([failed("rejected", 1)])).toEqual([]); // a 4xx refusal
    // A newer request for the pair (a bumped revision) replaced the failed one.
    const newer = rec({ commit: "c2", state: "succeeded", updatedAt: T });
    expect(codes([failed("rejected-429", 1), newer])).toEqual([]);
    expect(openFailures("prod", [failed("rejected-429", 1), newer], by([plain]))).toEqual([]);
    // The plan no longer asks for it: nothing to retry or list.
    expect(retries("prod", [failed("rejected-429", 1)], by([plain], []), at())).toEqual([]);
    // Its merge's plans cannot be read: listed, never retried.
    const blind: Judging = { headPlans: [plain], plansAt: () => undefined, landedAt: () => T };
    expect(retries("prod", [failed("rejected-429", 1)], blind, at())).toEqual([]);
    // Not after the window its merge reviewed closed, nor past max-lateness of its merge.
    const closed = makePlan("flash", "prod", { d: ["a"] }, window(T - 2 * H, T - H));
    expect(retries("prod", [failed("rejected-429", 1)], by([closed]), at())).toEqual([]);
    const old: Judging = { ...by([plain]), landedAt: () => T - 25 * H };
    expect(retries("prod", [failed("rejected-429", 1)], old, at())).toEqual([]);
    // An expired newer request still replaces an older failure (it is not revived).
    const expired = rec({ commit: "c2", state: "expired", code: "window-closed", updatedAt: T });
    expect(codes([failed("rejected-429", 1), expired])).toEqual([]);
    expect(openFailures("prod", [failed("rejected-429", 1)], blind)).toHaveLength(1);
  });

  it("two plans asking for one pending pair: deleting one keeps it; the hour's wait is late from its merge", () => {
    const a = flash();
    const b = { ...makePlan("b", "prod", { d: ["a"] }, window(T)), file: "activation-plans/b.yaml" };
    expect(kinds(judgePending("prod", [rec()], by([a, b], [b]), T + 1, 24 * H))).toEqual(["c1:due"]);
    const hour = rec({ code: "first-activation-wait" });
    const plain = makePlan("flash", "prod", { d: ["a"] });
    const landed = (ms: number): Judging => ({ ...by([plain]), landedAt: () => ms });
    expect(kinds(judgePending("prod", [hour], landed(T - 2 * H), T, 24 * H))).toEqual(["c1:due"]);
    expect(kinds(judgePending("prod", [hour], landed(T - 72 * H), T, 24 * H))).toEqual(["c1:confirm"]);
  });
});
