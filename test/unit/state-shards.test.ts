import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv, csvRow, rowPieces } from "../../src/state/csv.js";
import { bucketOf, shardCount, shardName, SHARD_TARGET } from "../../src/state/packing.js";
import {
  COMMITS_FILE,
  decodeShards,
  encodeShards,
  parseCommits,
  ShardError,
  SHARD_BYTES,
} from "../../src/state/shards.js";
import { RECORD_STATES, requestId, type ActivationState, type PairRecord } from "../../src/state/types.js";

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
      // A plan hash never holds " approved-by " (it is sha256:…); the approvers are GitHub logins.
      review: opt(
        fc.record(
          {
            pr: fc.nat(),
            hash: text.filter((h) => !h.includes(" approved-by ")),
            approvedBy: fc.array(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,9}$/), {
              minLength: 1,
              maxLength: 3,
            }),
          },
          { requiredKeys: ["pr", "hash"] },
        ),
      ),
      state: fc.constantFrom(...([...RECORD_STATES] as PairRecord["state"][])),
      job: opt(text),
      intentAt: opt(fc.oneof(ms, fc.double({ noNaN: true, noDefaultInfinity: true }))),
      client: opt(text),
      runIds: list,
      code: opt(text),
      attempts: fc.nat(),
      candidates: list,
      forced: list,
      updatedAt: ms,
      due: opt(ms),
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

/** A record of plan p.yaml with only the required fields. */
const minimal = (audience: string): PairRecord => ({
  commit: "c",
  plan: "p.yaml",
  destination: "d",
  audience,
  state: "failed",
  attempts: 1,
  updatedAt: 0,
});

describe("state shards (plans packed into CSV files by a hash of their path)", () => {
  it("round-trips any state exactly, split into shards or not", () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 30 }),
        opt(fc.record({ holder: text, until: ms })),
        opt(fc.nat()),
        fc.constantFrom(300, 2_000, 500_000),
        fc.constantFrom(200, 1_000, SHARD_TARGET),
        opt(fc.array(text, { minLength: 1, maxLength: 3 })),
        (records, lock, runsPerPair, maxBytes, target, pendingIn) => {
          const state = stateOf(records, {
            ...(lock ? { lock } : {}),
            ...(runsPerPair !== undefined ? { runsPerPair } : {}),
            ...(pendingIn !== undefined ? { pendingIn } : {}),
          });
          const files = encodeShards(state, maxBytes, target);
          expect(decodeShards(files)).toEqual(state);
          // The index names, for each commit, exactly the plans holding its records.
          const byCommit = Map.groupBy(state.records.values(), (r) => r.commit);
          expect(parseCommits(files.get(COMMITS_FILE)!)).toEqual(
            new Map([...byCommit].map(([c, rs]) => [c, [...new Set(rs.map((r) => r.plan))].sort()])),
          );
          for (const [name, content] of files) {
            if (!name.endsWith(".csv")) continue;
            const rows = parseCsv(content).length - 1;
            // Over the bound only when a single row is larger than it.
            if (rows > 1) expect(Buffer.byteLength(content)).toBeLessThanOrEqual(maxBytes);
          }
        },
      ),
      { numRuns: runs },
    );
  });

  it("reads a shard that arrives in chunks cut anywhere, regrouped into pieces that end rows", () => {
    // Some records without CSV's own characters, so that a shard is cut into several pieces.
    const plain = record.map((r) => ({ ...r, commit: `c${r.attempts}`, plan: "plans/a.yaml" }));
    fc.assert(
      fc.property(
        fc.array(fc.oneof(record, plain, plain), { maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 10 }),
        (records, sizes) => {
          const state = stateOf(records);
          const files = encodeShards(state);
          const pieces = new Map<string, string[]>();
          for (const [name, text] of files) {
            const chunks: string[] = [];
            for (let at = 0, k = 0; at < text.length; at += sizes[k++ % sizes.length]!)
              chunks.push(text.slice(at, at + sizes[k % sizes.length]!));
            const parts = rowPieces(chunks);
            expect(parts.join("")).toBe(text);
            // Each piece but the last ends a row; one holding a quote is the last.
            parts.slice(0, -1).forEach((part) => expect(part).toMatch(/^[^"]*\n$/));
            if (name.endsWith(".csv"))
              expect(parts.flatMap((part) => parseCsv(part))).toEqual(parseCsv(text));
            pieces.set(name, parts);
          }
          expect(decodeShards(pieces)).toEqual(state);
        },
      ),
      { numRuns: runs },
    );
    expect(rowPieces([])).toEqual([]);
    expect(rowPieces(["a,b\nc", ",d\ne,", "f"])).toEqual(["a,b\n", "c,d\n", "e,f"]);
    expect(rowPieces(['a,"x\ny"\nb', ",c\nd"])).toEqual(['a,"x\ny"\nb,c\nd']);
  });

  it("counts lines from where a piece starts when naming a line that does not parse", () => {
    expect(() => parseCsv('a,b\nc,"d', 41)).toThrow("line 42: a quoted field is not closed");
    const files = encodeShards(stateOf([minimal("a"), minimal("b")]));
    const text = files.get(shardName(0, 1))!;
    const bad = text.replace(/failed(?![^]*failed)/, 'fai"led');
    const pieces = rowPieces([bad.slice(0, text.indexOf("\n") + 5), bad.slice(text.indexOf("\n") + 5)]);
    expect(pieces.length).toBe(2);
    expect(() =>
      decodeShards(new Map<string, string | string[]>([...files, [shardName(0, 1), pieces]])),
    ).toThrow("pairs-0-of-1.csv: line 3: a quote inside an unquoted field");
  });

  it("writes a date as Date#toISOString does, at any date it can write", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -8.64e15, max: 8.64e15 }), { maxLength: 20 }), (times) => {
        const records = times.map((t, i) => ({ ...minimal(String(i)), updatedAt: t }));
        const rows = parseCsv(encodeShards(stateOf(records)).get(shardName(0, 1)) ?? "").slice(1);
        expect(rows.map((cells) => cells[9]).sort()).toEqual(
          times.map((t) => new Date(t).toISOString()).sort(),
        );
      }),
      { numRuns: runs },
    );
    const edges = [0, -1, 86_399_999, 86_400_000, -86_400_000, 8.64e15, -8.64e15, 1_760_000_060_123];
    const rows = parseCsv(
      encodeShards(stateOf(edges.map((t, i) => ({ ...minimal(String(i)), updatedAt: t })))).get(
        shardName(0, 1),
      )!,
    ).slice(1);
    expect(rows.map((cells) => cells[9]).sort()).toEqual(edges.map((t) => new Date(t).toISOString()).sort());
  });

  it("tells an absent value from an empty one and keeps CSV's own characters", () => {
    const cells = [undefined, "", 'a,"b"', "line\r\nnext\n", " x "];
    expect(parseCsv(csvRow(cells) + csvRow(["1"]))).toEqual([cells, ["1"]]);
  });

  it("keeps a plan's rows in one shard, the one its hash names, unless the plan alone is too large", () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 40 }),
        fc.constantFrom(200, 1_000, SHARD_TARGET),
        (records, target) => {
          const maxBytes = 2_000;
          const files = encodeShards(stateOf(records), maxBytes, target);
          const where = new Map<string, Set<string>>();
          const bytes = new Map<string, number>();
          for (const [name, content] of files) {
            if (!name.endsWith(".csv")) continue;
            const [, bucket, n] = /^pairs-(\d+)-of-(\d+)(?:~\d+)?\.csv$/.exec(name)!.map(Number);
            for (const cells of parseCsv(content).slice(1)) {
              const plan = cells[1] ?? "";
              expect(bucket).toBe(bucketOf(plan, n!));
              where.set(plan, (where.get(plan) ?? new Set()).add(name));
              bytes.set(plan, (bytes.get(plan) ?? 0) + Buffer.byteLength(csvRow(cells)));
            }
          }
          // With a header of under 200 bytes, a plan of up to 1,800 bytes always fits in a part.
          for (const [plan, names] of where) if (bytes.get(plan)! <= 1_800) expect(names.size).toBe(1);
        },
      ),
      { numRuns: runs },
    );
    expect(shardName(7, 128)).toBe("pairs-007-of-128.csv");
    expect(shardName(0, 1)).toBe("pairs-0-of-1.csv");
    expect(shardName(3, 16, 2)).toBe("pairs-03-of-16~2.csv");
    // The bucket of a plan is the same on every machine and run (a change would move every plan).
    expect(bucketOf("activation-plans/q3.yaml", 1 << 30)).toBe(bucketOf("activation-plans/q3.yaml", 1 << 30));
    expect(
      [0, 1, SHARD_TARGET, SHARD_TARGET + 1, 128 * SHARD_TARGET, 128 * SHARD_TARGET + 1].map((b) =>
        shardCount(b),
      ),
    ).toEqual([1, 1, 1, 2, 128, 256]);
  });

  // 20,000 pairs here (many shards, a second of CPU); the bench (npm run bench state) does 100,000.
  it("keeps 20,000 pairs in 400 plans in shards under GitHub's table limit, a read of about size / target", () => {
    const records: PairRecord[] = [];
    for (let p = 0; p < 400; p++)
      for (let k = 0; k < 50; k++)
        records.push({
          commit: "c".repeat(40),
          plan: `activation-plans/team-${p % 20}/campaign-${p}.yaml`,
          destination: `${"d".repeat(35)}${k % 5}`,
          audience: `${p}-${k}-${"a".repeat(30)}`,
          review: { pr: 1000 + p, hash: `sha256:${"f".repeat(64)}` },
          state: "succeeded",
          job: "j".repeat(36),
          runIds: [`${p}-${k}-${"r".repeat(28)}`],
          code: "succeeded",
          client: "aep-activation-plans/0.1.0",
          attempts: 1,
          intentAt: 1_760_000_000_000 + p,
          updatedAt: 1_760_000_060_000 + p,
        });
    const files = encodeShards(stateOf(records));
    const sizes = [...files].filter(([n]) => n.endsWith(".csv")).map(([, c]) => Buffer.byteLength(c));
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(SHARD_BYTES);
    expect(sizes.length).toBeLessThanOrEqual(Math.ceil((2 * total) / SHARD_TARGET) + 8);
    expect(sizes.length).toBeGreaterThanOrEqual(Math.ceil(total / SHARD_TARGET));
  });

  it("refuses a request recorded twice, in one shard or in two", () => {
    const files = encodeShards(stateOf([minimal("a")]));
    const shard = files.get(shardName(0, 1))!;
    const [header, line] = shard.split("\n");
    files.set(shardName(0, 1), `${header}\n${line}\n${line}\n`);
    expect(() => decodeShards(files)).toThrow("pairs-0-of-1.csv: row 2: request c|d|a is recorded twice");
    files.set(shardName(0, 1), shard);
    files.set("pairs-copy.csv", shard);
    expect(() => decodeShards(files)).toThrow("pairs-copy.csv: row 1: request c|d|a is recorded twice");
  });

  it("reads a shard written before the due column as it was written, and writes the column from then on", () => {
    const files = encodeShards(
      stateOf([{ ...minimal("a"), state: "pending", due: Date.UTC(2026, 11, 4, 8) }]),
    );
    const shard = files.get(shardName(0, 1))!;
    expect(shard.split("\n")[0]?.endsWith(",forced,due")).toBe(true);
    expect(shard).toContain(",2026-12-04T08:00:00.000Z\n");
    // The same record as an earlier version wrote it: no due column, no due.
    const before = shard.replace(",due\n", "\n").replace(",2026-12-04T08:00:00.000Z\n", "\n");
    files.set(shardName(0, 1), before);
    const read = [...decodeShards(files).records.values()];
    expect(read).toEqual([{ ...minimal("a"), state: "pending" }]);
    // A row of the other width than its header is still refused.
    files.set(shardName(0, 1), `${before.split("\n")[0]}\n${shard.split("\n")[1]}\n`);
    expect(() => decodeShards(files)).toThrow("row 1: 16 cells, not 15");
  });

  it("names the file and row of a hand-edited shard that no longer reads", () => {
    const files = encodeShards(stateOf([minimal("a")]));
    files.set(shardName(0, 1), files.get(shardName(0, 1))!.replace("failed", "done"));
    expect(() => decodeShards(files)).toThrow(ShardError);
    expect(() => decodeShards(files)).toThrow("pairs-0-of-1.csv: row 1: unknown state 'done'");
  });
});
