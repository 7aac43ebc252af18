// `aep-activate status`'s view of a state: every state a pair can be in says what it means and what
// comes next, counts lead with what needs a person, and rows are ordered by plan.
import { describe, expect, it } from "vitest";
import { renderStatus, statusRows } from "../../src/render/status-text.js";
import type { PairRecord } from "../../src/state/types.js";

const base = { commit: "c".repeat(40), destination: "d1", attempts: 1, updatedAt: Date.UTC(2026, 11, 1, 9) };
const records: PairRecord[] = [
  { ...base, plan: "b.yaml", audience: "a1", state: "succeeded", runIds: ["r1"] },
  { ...base, plan: "a.yaml", audience: "a2", state: "submitted", runIds: ["r2"] },
  { ...base, plan: "a.yaml", audience: "a3", state: "failed", code: "SEGMENT_NOT_MAPPED", attempts: 2 },
  { ...base, plan: "a.yaml", audience: "a4", state: "intent" },
  { ...base, plan: "a.yaml", audience: "a5", state: "unknown", code: "no-run-found", candidates: [] },
  { ...base, plan: "a.yaml", audience: "a6", state: "expired", code: "superseded" },
  { ...base, plan: "a.yaml", audience: "a7", state: "pending", code: "window-pending", attempts: 0 },
];

describe("status text", () => {
  it("says for each state what it means and what happens next", () => {
    const lines = renderStatus("ORG@AdobeOrg · sandbox prod", statusRows(records)).split("\n");
    expect(lines[0]).toBe(
      "ORG@AdobeOrg · sandbox prod: 7 pair(s): 1 unknown · 1 intent · 1 failed · 1 pending · 1 submitted · 1 succeeded · 1 expired",
    );
    const detail = (audience: string) =>
      lines
        .find((l) => l.includes(`d1 / ${audience} `))
        ?.replace(/^.*?(submitted|succeeded|failed|intent|unknown|expired|pending) +/, "");
    expect([...lines.slice(2).map((l) => l.split(" ")[0])]).toEqual([
      "plan",
      ...Array(6).fill("a.yaml"),
      "b.yaml",
    ]);
    expect(detail("a1")).toBe("since 2026-12-01T09:00:00.000Z (run r1)");
    expect(detail("a2")).toBe("in flight (run r2): the next apply follows it");
    expect(detail("a3")).toBe(
      "SEGMENT_NOT_MAPPED after 2 tries, 2026-12-01T09:00:00.000Z; not worth retrying on its own: fix the cause, then bump the plan's revision (or rerun the run that failed)",
    );
    expect(detail("a4")).toBe(
      "submitted at 2026-12-01T09:00:00.000Z, reply not recorded: the next apply resolves it",
    );
    expect(detail("a5")).toBe("no-run-found; candidates: none (aep-activate resolve)");
    expect(detail("a6")).toBe("superseded: a newer request for the pair was sent (2026-12-01T09:00:00.000Z)");
    expect(detail("a7")).toBe(
      "waiting for its plan's window to open: the first scheduled run (the Action) or apply (the CLI) after that sends it",
    );
  });

  it("says what a scheduled run did or will do with pending, expired and retryable pairs", () => {
    const more: PairRecord[] = [
      { ...base, plan: "a.yaml", audience: "b1", state: "failed", code: "rejected-429", attempts: 1 },
      { ...base, plan: "a.yaml", audience: "b2", state: "failed", code: "not-mapped", attempts: 0 },
      { ...base, plan: "a.yaml", audience: "b3", state: "expired", code: "window-closed" },
      { ...base, plan: "a.yaml", audience: "b4", state: "expired", code: "revoked" },
      {
        ...base,
        plan: "a.yaml",
        audience: "b5",
        state: "pending",
        code: "needs-confirmation",
        review: { pr: 93, hash: `sha256:${"e".repeat(64)}` },
      },
      { ...base, plan: "a.yaml", audience: "b6", state: "pending", code: "needs-confirmation" },
      { ...base, plan: "a.yaml", audience: "b7", state: "pending", code: "first-activation-wait" },
      {
        ...base,
        plan: "a.yaml",
        audience: "b8",
        state: "pending",
        code: "window-pending",
        due: Date.UTC(2026, 11, 4, 8),
      },
      {
        ...base,
        plan: "a.yaml",
        audience: "b9",
        state: "succeeded",
        due: Date.UTC(2026, 11, 1, 8, 55),
        intentAt: Date.UTC(2026, 11, 1, 8, 58),
        runIds: ["r9"],
      },
    ];
    const lines = renderStatus("k", statusRows(more)).split("\n");
    expect(lines[0]).toBe("k: 9 pair(s): 2 failed · 4 pending · 1 succeeded · 2 expired");
    const detail = (audience: string) =>
      lines
        .find((l) => l.includes(`d1 / ${audience} `))
        ?.replace(/^.*?(failed|expired|pending|succeeded) +/, "");
    expect(detail("b1")).toBe(
      "rejected-429 after 1 try, 2026-12-01T09:00:00.000Z; worth retrying: the next scheduled run (the Action) tries again while tries are left (max-attempts, 3 by default); with the CLI, apply the change again",
    );
    expect(detail("b2")).toMatch(/^not-mapped before any try, 2026-12-01T09:00:00.000Z; not worth retrying/);
    expect(detail("b3")).toBe(
      "its window closed before a run could send it; never sent (2026-12-01T09:00:00.000Z)",
    );
    expect(detail("b4")).toBe(
      "cancelled: its plan no longer asks for it (deleted or removed); never sent (2026-12-01T09:00:00.000Z)",
    );
    expect(detail("b5")).toBe(
      `its window opened longer than max-lateness ago: sent only with a person's yes, a manual run with confirm: "93 sha256:${"e".repeat(64)}"`,
    );
    expect(detail("b6")).toBe(
      "its window opened longer than max-lateness ago: sent only with a person's yes, a manual run of its plan",
    );
    expect(detail("b7")).toMatch(/^waiting for Adobe's hour after the audience's first activation/);
    expect(detail("b8")).toMatch(/^waiting for its plan's window to open at 2026-12-04T08:00:00.000Z: /);
    expect(detail("b9")).toBe("since 2026-12-01T09:00:00.000Z (run r9); sent 3 min after its window opened");
    expect(statusRows(more).find((r) => r.audience === "b9")).toMatchObject({
      due: "2026-12-01T08:55:00.000Z",
      late: "3 min",
    });
  });

  it("an empty state says so", () => {
    expect(renderStatus("k", [])).toBe("k: 0 pair(s): no pairs");
  });
});
