import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keyPath, type StateKey } from "../../src/state/types.js";

const runs = Number(process.env.PROPERTY_DEPTH ?? 1) * 100;
// Values that collided before: characters below 0x10, non-ASCII, `%` and its escapes, dots, empty.
const part = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 6 }),
  fc.string({ unit: fc.constantFrom("%", "4", "0", "@", ".", "\t", "é", "/", "A", "default"), maxLength: 5 }),
  fc.constantFrom("", ".", "..", "default", "%40", "@", "%", "%64efault"),
);
const key: fc.Arbitrary<StateKey> = fc.record({ org: part, sandbox: part, stepKey: part });

describe("keyPath", () => {
  it("gives distinct keys distinct paths of three safe segments", () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        if (JSON.stringify(a) !== JSON.stringify(b)) expect(keyPath(a)).not.toBe(keyPath(b));
        const segments = keyPath(a).split("/");
        expect(segments).toHaveLength(3);
        for (const s of segments) {
          expect(s).toMatch(/^([A-Za-z0-9._-]|%[0-9A-F]{2}|^%$)+$/);
          expect([".", "..", ""]).not.toContain(s);
        }
      }),
      { numRuns: runs },
    );
  });

  it("escapes each UTF-8 byte as %XX, and dots, empty and `default` step keys unambiguously", () => {
    expect(keyPath({ org: "ORG1@AdobeOrg", sandbox: "prod", stepKey: "" })).toBe(
      "ORG1%40AdobeOrg/prod/default",
    );
    // `@` and a literal "%40" no longer share a directory, nor "\t" and "%9".
    expect(keyPath({ org: "%40", sandbox: "\t", stepKey: "x y" })).toBe("%2540/%09/x%20y");
    expect(keyPath({ org: "é", sandbox: "日", stepKey: "😀" })).toBe("%C3%A9/%E6%97%A5/%F0%9F%98%80");
    expect(keyPath({ org: ".", sandbox: "..", stepKey: "..." })).toBe("%2E/%2E%2E/...");
    expect(keyPath({ org: "", sandbox: "a/b", stepKey: "default" })).toBe("%/a%2Fb/%64efault");
  });
});
