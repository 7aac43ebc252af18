// The local home of the activation state, for the CLI and other CI systems: one JSON file holding
// every key. Compare-and-swap: the version is the SHA-256 of the file as read; a write takes an
// exclusive lock file (O_EXCL), checks the version, writes a temporary file and renames it over.
import { createHash } from "node:crypto";
import { open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { setTimeout as delay } from "node:timers/promises";
import { decodeState, encodeState, type StateFileJson } from "../state/json.js";
import {
  keyPath,
  StateConflict,
  StateUnavailable,
  type ActivationState,
  type StateKey,
  type StateSnapshot,
  type StateStore,
} from "../state/types.js";

const digest = (text: string) => createHash("sha256").update(text).digest("hex");

// The lock file guards a few milliseconds of read-check-rename, so another writer's is waited for
// (in real time: it is a mutex between processes, not a poll interval); one that stays is a writer
// that was killed mid-write.
const WRITE_LOCK = { waitMs: 10_000, firstMs: 5, maxMs: 200 };

export class FileStateStore implements StateStore {
  readonly where: string;

  constructor(
    private readonly file: string,
    private readonly writeLockWaitMs = WRITE_LOCK.waitMs,
  ) {
    this.where = `the state file ${file}`;
  }

  private async load(): Promise<{ json: StateFileJson; text: string | undefined }> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { json: { keys: {} }, text: undefined };
      throw new StateUnavailable(`could not read ${this.where}: ${(error as Error).message}`);
    }
    try {
      const json = JSON.parse(text) as StateFileJson;
      if (typeof json !== "object" || json === null || typeof json.keys !== "object" || json.keys === null)
        throw new Error("no keys");
      return { json, text };
    } catch (error) {
      throw new StateUnavailable(
        `${this.where} is not a state file (${(error as Error).message})`,
        "restore it from a backup or its history; nothing is submitted without it",
      );
    }
  }

  /** The keys the file holds states for (a reconcile key, with no sandbox, included). */
  async keys(): Promise<StateKey[]> {
    const { json } = await this.load();
    return Object.values(json.keys).flatMap((e) => (typeof e?.key?.org === "string" ? [e.key] : []));
  }

  async read(key: StateKey): Promise<StateSnapshot> {
    const { json } = await this.load();
    const entry = json.keys[keyPath(key)];
    if (entry === undefined) return { state: undefined, version: undefined };
    try {
      return { state: decodeState(key, entry), version: digest(JSON.stringify(entry)) };
    } catch (error) {
      throw new StateUnavailable(
        `${this.where} holds a state for ${keyPath(key)} that cannot be read (${(error as Error).message})`,
        "restore the file from a backup or its history; nothing is submitted without it",
      );
    }
  }

  async write(state: ActivationState, version: string | undefined): Promise<string> {
    const lockFile = `${this.file}.lock`;
    let lock;
    for (let waited = 0, pause = WRITE_LOCK.firstMs; lock === undefined;) {
      try {
        lock = await open(lockFile, "wx");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST")
          throw new StateUnavailable(`could not lock ${this.where}: ${(error as Error).message}`);
        if (waited >= this.writeLockWaitMs)
          throw new StateUnavailable(
            `${lockFile} has existed for ${waited} ms: another process is writing ${this.where}, or one was killed while writing it`,
            `if no aep-activate is running on this state file, delete ${lockFile} and run again`,
          );
        await delay(pause);
        waited += pause;
        pause = Math.min(WRITE_LOCK.maxMs, pause * 2);
      }
    }
    try {
      const { json } = await this.load();
      const path = keyPath(state.key);
      const current = json.keys[path];
      const currentVersion = current === undefined ? undefined : digest(JSON.stringify(current));
      if (currentVersion !== version)
        throw new StateConflict(`${this.where} changed for ${path} since it was read`);
      const entry = encodeState(state);
      json.keys[path] = entry;
      const tmp = `${this.file}.${process.pid}.tmp`;
      try {
        await writeFile(tmp, `${JSON.stringify(json, null, 1)}\n`);
        await rename(tmp, this.file);
      } catch (error) {
        await rm(tmp, { force: true });
        throw new StateUnavailable(`could not write ${this.where}: ${(error as Error).message}`);
      }
      return digest(JSON.stringify(entry));
    } finally {
      await lock.close();
      await rm(lockFile, { force: true });
    }
  }
}
