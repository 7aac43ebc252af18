// judgePending: what a scheduled run does with each pending record, judged by the plans at the head.
import { describe, expect, it } from "vitest";
import { judgePending, openFailures, retries } from "../../src/state/pending.js";
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
const flash = (extra = window(T)) => makePlan("flash", "prod", { d: ["a"] }, extra);
const kinds = (vs: ReturnType<typeof judgePending>) =>
  vs.map((v) => `${v.record.commit}:${v.kind}${"code" in v ? `:${v.code}` : ""}`);

describe("pending pairs at a scheduled run", () => {
  it("waits before the window, is due after it (with its lateness), expires when it closed", () => {
    expect(kinds(judgePending("prod", [rec()], [flash()], T - 1, 24 * H))).toEqual(["c1:waiting"]);
    const [due] = judgePending("prod", [rec()], [flash()], T + 5 * 60_000, 24 * H);
    expect(due).toMatchObject({ kind: "due", late: 5 * 60_000, pair: { audience: { id: "a" } } });
    expect(kinds(judgePending("prod", [rec()], [flash(window(T, T + H))], T + 2 * H, 24 * H))).toEqual([
      "c1:expired:window-closed",
    ]);
  });

  it("needs a person's yes past max-lateness; is cancelled when no plan at the head asks for it", () => {
    expect(kinds(judgePending("prod", [rec()], [flash()], T + 25 * H, 24 * H))).toEqual(["c1:confirm"]);
    const other = makePlan("flash", "prod", { d: ["b"] }, window(T));
    expect(kinds(judgePending("prod", [rec()], [other], T + 1, 24 * H))).toEqual(["c1:expired:revoked"]);
    // Another sandbox's plan asking for the same IDs is not this record's plan.
    const elsewhere = makePlan("flash", "dev", { d: ["a"] }, window(T));
    expect(kinds(judgePending("prod", [rec()], [elsewhere], T + 1, 24 * H))).toEqual(["c1:expired:revoked"]);
  });

  it("follows a moved plan file (a rename is no change) to the plan of the sandbox asking for the pair", () => {
    const moved = { ...flash(), file: "activation-plans/sales/flash.yaml" };
    expect(kinds(judgePending("prod", [rec()], [moved], T + 1, 24 * H))).toEqual(["c1:due"]);
  });

  it("sends one request per pair: the newest; an older one, or one sent since under another request, is superseded", () => {
    const older = rec({ commit: "c1", updatedAt: T - 3 * H });
    const newer = rec({ commit: "c2", updatedAt: T - 2 * H });
    expect(kinds(judgePending("prod", [newer, older], [flash()], T + 1, 24 * H)).sort()).toEqual([
      "c1:expired:superseded",
      "c2:due",
    ]);
    const manual = rec({ commit: "c3", state: "succeeded", updatedAt: T - H, intentAt: T - H });
    expect(kinds(judgePending("prod", [older, manual], [flash()], T + 1, 24 * H))).toEqual([
      "c1:expired:superseded",
    ]);
    // A failed later request did not send it: the pending one still goes out.
    const failed = rec({ commit: "c3", state: "failed", updatedAt: T - H });
    expect(kinds(judgePending("prod", [older, failed], [flash()], T + 1, 24 * H))).toEqual(["c1:due"]);
  });

  it("retries only failures worth retrying with tries left, and only the latest request of a pair", () => {
    const plain = makePlan("flash", "prod", { d: ["a"] });
    const failed = (code: string, attempts: number, over: Partial<PairRecord> = {}) =>
      rec({ state: "failed", code, attempts, ...over });
    const kindsOf = (r: PairRecord[], max = 3) => retries("prod", r, [plain], max).map((v) => v.record.code);
    expect(kindsOf([failed("rejected-429", 1)])).toEqual(["rejected-429"]);
    expect(kindsOf([failed("export-in-progress", 2)])).toEqual(["export-in-progress"]);
    expect(kindsOf([failed("rejected-429", 3)])).toEqual([]); // tries used up
    expect(kindsOf([failed("not-mapped", 0)])).toEqual([]); // a person must fix it
    expect(kindsOf([failed("rejected", 1)])).toEqual([]); // a 4xx refusal
    // A newer request for the pair (a bumped revision) replaced the failed one.
    const newer = rec({ commit: "c2", state: "succeeded", updatedAt: T });
    expect(kindsOf([failed("rejected-429", 1), newer])).toEqual([]);
    expect(openFailures("prod", [failed("rejected-429", 1), newer], [plain])).toEqual([]);
    // The plan no longer asks for it: nothing to retry or list.
    expect(retries("prod", [failed("rejected-429", 1)], [], 3)).toEqual([]);
  });
});
