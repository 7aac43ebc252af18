import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FileStateStore } from "../../src/sources/state-file.js";
import { StateConflict, StateUnavailable, type ActivationState } from "../../src/state/types.js";
import { tempDir } from "../helpers/tmp.js";

const key = { org: "ORG1@AdobeOrg", sandbox: "prod", stepKey: "" };
const state = (holder: string): ActivationState => ({ key, records: new Map(), lock: { holder, until: 1 } });

describe("the CLI's state file", () => {
  it("waits for another process's write (its lock file) instead of calling it a conflict", async () => {
    const file = path.join(tempDir(), "state.json");
    const store = new FileStateStore(file);
    const version = await store.write(state("run 1"), undefined);
    writeFileSync(`${file}.lock`, ""); // another process is between its check and its rename
    const freed = new Promise((resolve) => setTimeout(resolve, 40)).then(() =>
      import("node:fs/promises").then((fs) => fs.rm(`${file}.lock`)),
    );
    const next = await store.write(state("run 1, later"), version);
    await freed;
    expect((await store.read(key)).version).toBe(next);
    expect((await store.read(key)).state?.lock?.holder).toBe("run 1, later");
  });

  it("a lock file left by a killed writer: a clear error naming it and what to do, not an endless retry", async () => {
    const file = path.join(tempDir(), "state.json");
    const store = new FileStateStore(file, 50);
    writeFileSync(`${file}.lock`, "");
    const error = await store.write(state("run 1"), undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateUnavailable);
    expect((error as StateUnavailable).message).toContain(`${file}.lock has existed for`);
    expect((error as StateUnavailable).remedy).toContain(`delete ${file}.lock`);
  });

  it("a write against a version that moved is still a conflict", async () => {
    const file = path.join(tempDir(), "state.json");
    const store = new FileStateStore(file);
    const first = await store.write(state("run 1"), undefined);
    await store.write(state("run 2"), first);
    await expect(store.write(state("run 1 again"), first)).rejects.toBeInstanceOf(StateConflict);
  });
});
