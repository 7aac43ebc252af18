// Problems → GitHub annotations, capped at what GitHub shows for one step; the overflow is counted.
import type { Problem } from "../plan/types.js";
import { formatProblem } from "../render/problems.js";
import type { ActionsPort } from "./actions-port.js";

/** GitHub shows at most 10 error annotations per step. */
export const MAX_ERROR_ANNOTATIONS = 10;

export function annotateProblems(
  port: ActionsPort,
  problems: readonly Problem[],
  title = "Invalid plan",
): void {
  problems.forEach((p, i) => {
    const text = p.hint === undefined ? p.message : `${p.message}\nHint: ${p.hint}`;
    if (i < MAX_ERROR_ANNOTATIONS) {
      port.error(text, {
        file: p.file,
        line: p.line,
        col: p.col,
        title: `${p.code.startsWith("policy-") ? "Activation policy" : title} (${p.code})`,
      });
    } else {
      port.info(formatProblem(p));
    }
  });
  const overflow = problems.length - MAX_ERROR_ANNOTATIONS;
  if (overflow > 0) {
    port.warning(
      `${overflow} more plan problem${overflow === 1 ? " is" : "s are"} listed in the log but not annotated: GitHub shows at most ${MAX_ERROR_ANNOTATIONS} error annotations per step.`,
    );
  }
}
