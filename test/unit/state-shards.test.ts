import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv, csvRow } from "../../src/state/csv.js";
import { decodeShards, encodeShards, shardName, ShardError, STATE_FILE } from "../../src/state/shards.js";
import { requestId, type ActivationState, type PairRecord } from "../../src/state/types.js";

const runs = Number(process.env.PROPERTY_DEPTH ?? 1) * 60;
// Values people could put in a plan path or that a reply could carry: CSV's own characters included.
const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(",", '"', "\n", "\r", " ", "%", "a", "-", "#", "é"), maxLength: 8 }),
);
const ms = fc.integer({ min: -8.64e15, max: 8.64e15 });
const list = fc.option(fc.array(text, { maxLength: 3 }), { nil: undefined });
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const record: fc.Arbitrary<PairRecord> = fc
  .record(
    {
      commit: text,
      plan: fc.constantFrom("plans/a.yaml", "plans/b,c.yaml", 'x"y\nz.yaml', "plans/a.yaml~2", "ü/ß"),
      destination: text,
      audience: text,
      review: opt(fc.record({ pr: fc.nat(), hash: text })),
      state: fc.constantFrom("intent", "submitted", "unknown", "succeeded", "failed", "expired" as const),
      job: opt(text),
      intentAt: opt(fc.oneof(ms, fc.double({ noNaN: true, noDefaultInfinity: true }))),
      client: opt(text),
      runIds: list,
      code: opt(text),
      attempts: fc.nat(),
      candidates: list,
      forced: list,
      updatedAt: ms,
    },
    { requiredKeys: ["commit", "plan", "destination", "audience", "state", "attempts", "updatedAt"] },
  )
  .map(
    (r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as PairRecord,
  );

const stateOf = (records: PairRecord[], extra: Partial<ActivationState> = {}): ActivationState => ({
  key: { org: "O@AdobeOrg", sandbox: "prod", stepKey: "" },
  records: new Map(records.map((r) => [requestId(r.commit, r.destination, r.audience), r])),
  ...extra,
});

describe("state shards (CSV per plan)", () => {
  it("round-trips any state exactly, split into shards or not", () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 30 }),
        opt(fc.record({ holder: text, until: ms })),
        opt(fc.nat()),
        fc.constantFrom(300, 2_000, 500_000),
        (records, lock, runsPerPair, maxBytes) => {
          const state = stateOf(records, {
            ...(lock ? { lock } : {}),
            ...(runsPerPair !== undefined ? { runsPerPair } : {}),
          });
          const files = encodeShards(state, maxBytes);
          expect(decodeShards(files)).toEqual(state);
          for (const [name, content] of files) {
            if (name === STATE_FILE) continue;
            const rows = parseCsv(content).length - 1;
            // Over the bound only when a single row is larger than it.
            if (rows > 1) expect(Buffer.byteLength(content)).toBeLessThanOrEqual(maxBytes);
          }
        },
      ),
      { numRuns: runs },
    );
  });

  it("tells an absent value from an empty one and keeps CSV's own characters", () => {
    const cells = [undefined, "", 'a,"b"', "line\r\nnext\n", " x "];
    expect(parseCsv(csvRow(cells) + csvRow(["1"]))).toEqual([cells, ["1"]]);
  });

  it("gives distinct plans distinct file names, also once split", () => {
    fc.assert(
      fc.property(fc.uniqueArray(text, { maxLength: 20 }), (plans) => {
        const names = plans.flatMap((p) => [1, 2, 3].map((part) => shardName(p, part)));
        expect(new Set(names).size).toBe(names.length);
        for (const n of names) expect(n).toMatch(/^[A-Za-z0-9._%~-]*\.csv$/);
      }),
      { numRuns: runs },
    );
    expect(shardName("activation-plans/q3.yaml", 1)).toBe("activation-plans%2Fq3.yaml.csv");
    expect(shardName("activation-plans/q3.yaml", 2)).toBe("activation-plans%2Fq3.yaml~2.csv");
    expect(shardName("p".repeat(300), 1).length).toBeLessThan(130);
  });

  it("names the file and row of a hand-edited shard that no longer reads", () => {
    const files = encodeShards(
      stateOf([
        {
          commit: "c",
          plan: "p.yaml",
          destination: "d",
          audience: "a",
          state: "failed",
          attempts: 1,
          updatedAt: 0,
        },
      ]),
    );
    files.set("p.yaml.csv", files.get("p.yaml.csv")!.replace("failed", "done"));
    expect(() => decodeShards(files)).toThrow(ShardError);
    expect(() => decodeShards(files)).toThrow("p.yaml.csv: row 1: unknown state 'done'");
  });
});
