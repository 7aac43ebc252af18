// Reads the activation policy: from a git revision (the Action, `plan`: each change is judged by the
// policy at its first parent) or from the working tree (`validate`). No file: no policy (a caller
// refuses a file named on purpose that is missing). Parsed by the pure policy/parse.ts.
import { lstat, readFile } from "node:fs/promises";
import path from "node:path";
import { parsePolicy, type PolicyResult } from "../policy/parse.js";
import { fileTooLarge } from "../plan/file-problems.js";
import { MAX_PLAN_BYTES } from "../plan/types.js";
import type { GitRepo } from "./git.js";

/** No policy (the default file is absent), the policy, or its problems. */
export type PolicyRead = { absent: true } | PolicyResult;

const SYMLINK_MODE = "120000";

/**
 * A symbolic link reads as its target in the working tree and as the target's path at a commit: the
 * two would disagree, so the policy must be the file itself.
 */
const symlink = (file: string): PolicyResult => ({
  ok: false,
  problems: [
    {
      file,
      line: 1,
      col: 1,
      code: "symlink-outside",
      message: `The policy file ${file} is a symbolic link; a merge reads it from git as the link's target path, not the policy.`,
      hint: "Write the policy in the file itself (replace the link with a copy of its target).",
    },
  ],
});

/** `file` is repository-relative, '/'-separated. */
export async function policyAtRevision(git: GitRepo, rev: string, file: string): Promise<PolicyRead> {
  const blob = await git.readFileAt(rev, file, MAX_PLAN_BYTES);
  if (blob === undefined) return { absent: true };
  if (blob.mode === SYMLINK_MODE) return symlink(file);
  if (blob.bytes === undefined) return { ok: false, problems: [fileTooLarge(file, blob.size)] };
  return parsePolicy(file, blob.bytes);
}

/** The policy in the working tree below `root`. */
export async function policyInWorkingTree(root: string, file: string): Promise<PolicyRead> {
  const info = await lstat(path.resolve(root, file)).catch(() => undefined);
  if (info?.isSymbolicLink() === true) return symlink(file);
  const bytes = await readFile(path.resolve(root, file)).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return undefined;
    throw e;
  });
  if (bytes === undefined) return { absent: true };
  if (bytes.length > MAX_PLAN_BYTES) return { ok: false, problems: [fileTooLarge(file, bytes.length)] };
  return parsePolicy(file, bytes);
}

/** Whether the policy file differs between two revisions (added, removed or edited). */
export async function policyChanged(
  git: GitRepo,
  base: string,
  head: string,
  file: string,
): Promise<boolean> {
  const [a, b] = await Promise.all([git.readFileAt(base, file), git.readFileAt(head, file)]);
  if (a === undefined || b === undefined) return a !== b;
  return a.size !== b.size || Buffer.compare(Buffer.from(a.bytes ?? []), Buffer.from(b.bytes ?? [])) !== 0;
}
