// Plan windows read RFC 3339 as the schema allows it, leap seconds included, and fail closed.
import { describe, expect, it } from "vitest";
import { windowState } from "../../src/plan/changes.js";
import { instant } from "../../src/plan/instant.js";
import type { Plan } from "../../src/plan/types.js";

const plan = (window: { notBefore?: string; notAfter?: string }) =>
  ({ window: { ...window, pos: { line: 1, col: 1 } } }) as Plan;
const at = (iso: string) => new Date(iso);

describe("plan windows", () => {
  it("a leap second is the last moment of its minute", () => {
    expect(instant("2016-12-31T23:59:60Z")).toBe(Date.parse("2016-12-31T23:59:59.999Z"));
    expect(instant("2016-12-31T23:59:60.5+00:00")).toBe(Date.parse("2016-12-31T23:59:59.999Z"));
  });

  it("a window that ended on a leap second is closed afterwards (it used to count as open)", () => {
    const w = plan({ notAfter: "2016-12-31T23:59:60Z" });
    expect(windowState(w, at("2017-01-01T00:00:01Z"))).toEqual({
      open: false,
      reason: "expired: its window closed 2016-12-31T23:59:60Z",
    });
    expect(windowState(w, at("2016-12-31T23:00:00Z"))).toEqual({ open: true });
  });

  it("a bound that cannot be read keeps the window closed", () => {
    expect(
      windowState(plan({ notBefore: "2026-13-45T99:00:00Z" }), at("2026-11-30T00:00:00Z")),
    ).toMatchObject({
      open: false,
    });
  });
});
