// An in-memory ActionsPort: records what the Action logged, annotated, output and summarised.
import type { ActionsPort, Annotation } from "../../src/github/actions-port.js";

export class FakePort implements ActionsPort {
  inputs: Record<string, string>;
  logs: string[] = [];
  errors: { message: string; annotation?: Annotation }[] = [];
  warnings: string[] = [];
  outputs: Record<string, string> = {};
  failed: string | undefined;
  secrets: string[] = [];
  summary = "";

  constructor(inputs: Record<string, string> = {}) {
    this.inputs = inputs;
  }
  getInput(name: string): string {
    return this.inputs[name] ?? "";
  }
  info(m: string): void {
    this.logs.push(m);
  }
  warning(m: string): void {
    this.warnings.push(m);
  }
  error(message: string, annotation?: Annotation): void {
    this.errors.push(annotation === undefined ? { message } : { message, annotation });
  }
  notice(m: string): void {
    this.logs.push(m);
  }
  setOutput(n: string, v: string): void {
    this.outputs[n] = v;
  }
  setFailed(m: string): void {
    this.failed = m;
  }
  setSecret(v: string): void {
    this.secrets.push(v);
  }
  startGroup(n: string): void {
    this.logs.push(`::group::${n}`);
  }
  endGroup(): void {
    this.logs.push("::endgroup::");
  }
  async appendSummary(md: string): Promise<void> {
    this.summary += md;
  }
}
