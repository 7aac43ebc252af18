// Problems about a plan file as a whole (before its content is read), shared by the working-tree
// and git readers and the parser.
import { MAX_PLAN_BYTES, type Problem } from "./types.js";

export function fileTooLarge(file: string, size: number): Problem {
  return {
    file,
    line: 1,
    col: 1,
    code: "file-too-large",
    message: `The file is ${size} bytes; plan files may be at most 1 MiB (${MAX_PLAN_BYTES} bytes).`,
    hint: "Split the plan into several smaller plans.",
  };
}

export function symlinkOutside(file: string): Problem {
  return {
    file,
    line: 1,
    col: 1,
    code: "symlink-outside",
    message: "This is a symbolic link to a file outside the repository; it is not read.",
    hint: "Keep plan files inside the repository; replace the link with the plan itself.",
  };
}
