// One long-lived `git cat-file --batch` per repository: revisions, commits and blobs are read through it
// instead of a git process each (a spawn costs more than the lookup). The process holds the event loop
// only while a request is pending, so a caller that never closes it cannot keep Node alive.
import { spawn, type ChildProcess } from "node:child_process";

export interface GitObject {
  oid: string;
  type: string;
  size: number;
  /** Undefined when the object is larger than the limit it was read with (its bytes are skipped, never held). */
  content: Buffer | undefined;
}

interface Pending {
  maxBytes: number;
  resolve: (object: GitObject | undefined) => void;
  reject: (error: Error) => void;
}

export class CatFileBatch {
  private child: ChildProcess | undefined;
  private readonly pending: Pending[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes the object being received still needs in all: chunks are joined once, not per chunk. */
  private need = 0;
  /** Bytes of an over-limit object (and its newline) still to discard, and the answer to give after. */
  private skip: { bytes: number; object: GitObject } | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly root: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /**
   * The object a name resolves to (any revision expression git accepts), or undefined when none does;
   * its content only when it is at most `maxBytes`.
   */
  read(name: string, maxBytes = Infinity): Promise<GitObject | undefined> {
    // A line is one name: a name with a line break cannot be asked, and names no object.
    if (/[\n\r\0]/.test(name)) return Promise.resolve(undefined);
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.pending.push({ maxBytes, resolve, reject });
      this.hold(true);
      child.stdin?.write(`${name}\n`);
    });
  }

  close(): void {
    this.child?.stdin?.end();
    this.child = undefined;
  }

  private start(): ChildProcess {
    if (this.child !== undefined) return this.child;
    const child = spawn("git", ["cat-file", "--batch"], {
      cwd: this.root,
      stdio: ["pipe", "pipe", "ignore"],
      env: this.env,
    });
    child.stdin?.on("error", () => {}); // a git that exited is reported by 'close'
    child.stdout?.on("data", (d: Buffer) => this.receive(d));
    child.on("error", (e) => this.fail(child, new Error(`could not run git: ${e.message}`)));
    child.on("close", (code) => this.fail(child, new Error(`git cat-file ended (exit ${code ?? "signal"})`)));
    this.child = child;
    return child;
  }

  private hold(busy: boolean): void {
    const child = this.child;
    if (child === undefined) return;
    const stdout = child.stdout as (NodeJS.ReadableStream & { ref?(): void; unref?(): void }) | null;
    if (busy) {
      child.ref();
      stdout?.ref?.();
    } else {
      child.unref();
      stdout?.unref?.();
      (child.stdin as { unref?(): void } | null)?.unref?.();
    }
  }

  private receive(data: Buffer): void {
    if (this.skip !== undefined) {
      const taken = Math.min(this.skip.bytes, data.length);
      this.skip.bytes -= taken;
      data = data.subarray(taken);
      if (this.skip.bytes > 0) return;
      this.answer(this.skip.object);
      this.skip = undefined;
      if (data.length === 0) return;
    }
    this.chunks.push(data);
    this.buffered += data.length;
    if (this.buffered < this.need) return;
    let buffer = this.chunks.length === 1 ? data : Buffer.concat(this.chunks);
    for (;;) {
      const nl = buffer.indexOf(0x0a);
      if (nl < 0) break;
      const header = buffer.subarray(0, nl).toString("utf8").split(" ");
      const used = nl + 1;
      // "<name> missing" or "<name> ambiguous": no object (the name may itself hold spaces).
      const last = header.at(-1);
      if (header.length !== 3 || last === "missing" || last === "ambiguous") {
        buffer = buffer.subarray(used);
        this.answer(undefined);
        continue;
      }
      const size = Number(header[2]);
      const object: GitObject = { oid: header[0] ?? "", type: header[1] ?? "", size, content: undefined };
      if (size > (this.pending[0]?.maxBytes ?? Infinity)) {
        const here = Math.min(buffer.length - used, size + 1);
        buffer = buffer.subarray(used + here);
        if (here < size + 1) {
          this.skip = { bytes: size + 1 - here, object };
          break;
        }
        this.answer(object);
        continue;
      }
      if (buffer.length < used + size + 1) {
        this.need = used + size + 1; // the rest is still on its way
        break;
      }
      object.content = buffer.subarray(used, used + size);
      buffer = buffer.subarray(used + size + 1);
      this.answer(object);
    }
    this.chunks = buffer.length === 0 ? [] : [buffer];
    this.buffered = buffer.length;
  }

  private answer(object: GitObject | undefined): void {
    this.need = 0;
    this.pending.shift()?.resolve(object);
    if (this.pending.length === 0) this.hold(false);
  }

  private fail(child: ChildProcess, error: Error): void {
    if (this.child !== child) return; // a process closed on purpose
    this.failure = error;
    this.child = undefined;
    for (const p of this.pending.splice(0)) p.reject(error);
  }
}
