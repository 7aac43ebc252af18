// The Action's view of the runner: inputs, log, annotations, outputs, summary. The real one wraps
// @actions/core; tests pass their own. Nothing else in the Action touches @actions/core.
import * as core from "@actions/core";

export interface Annotation {
  file: string;
  line: number;
  col: number;
  title: string;
}

export interface ActionsPort {
  getInput(name: string): string;
  info(message: string): void;
  warning(message: string): void;
  error(message: string, annotation?: Annotation): void;
  notice(message: string): void;
  setOutput(name: string, value: string): void;
  setFailed(message: string): void;
  setSecret(value: string): void;
  startGroup(name: string): void;
  endGroup(): void;
  appendSummary(markdown: string): Promise<void>;
}

export function realActionsPort(): ActionsPort {
  const props = (a?: Annotation): core.AnnotationProperties | undefined =>
    a === undefined ? undefined : { file: a.file, startLine: a.line, startColumn: a.col, title: a.title };
  return {
    getInput: (name) => core.getInput(name),
    info: (m) => core.info(m),
    warning: (m) => core.warning(m),
    error: (m, a) => core.error(m, props(a)),
    notice: (m) => core.notice(m),
    setOutput: (n, v) => core.setOutput(n, v),
    setFailed: (m) => core.setFailed(m),
    setSecret: (v) => core.setSecret(v),
    startGroup: (n) => core.startGroup(n),
    endGroup: () => core.endGroup(),
    appendSummary: async (md) => {
      await core.summary.addRaw(md, true).write();
    },
  };
}
