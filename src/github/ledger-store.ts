// Where the rerun ledger lives: a check run named "aep-activation-plans" on the applied commit, which
// users see on the commit and the PR. One lookup, one create, then one update per wave and at the end.
import { decodeLedger, encodeLedger, type Ledger } from "../ledger/ledger.js";
import type { GitHubClient } from "./client.js";
import type { Repo } from "./comment.js";

export const LEDGER_CHECK = "aep-activation-plans";

export class LedgerStore {
  private checkRunId: number | undefined;

  constructor(
    private readonly gh: GitHubClient,
    private readonly repo: Repo,
    private readonly sha: string,
  ) {}

  /** The newest ledger recorded on this commit, if any. */
  async read(): Promise<Ledger | undefined> {
    const { data } = await this.gh.rest.checks.listForRef({
      ...this.repo,
      ref: this.sha,
      check_name: LEDGER_CHECK,
      filter: "latest",
      per_page: 10,
    });
    for (const run of data.check_runs) {
      const ledger = decodeLedger(run.output.text ?? "");
      if (ledger !== undefined) {
        this.checkRunId = run.id;
        return ledger;
      }
    }
    return undefined;
  }

  async write(ledger: Ledger, summary: string, done?: "success" | "failure"): Promise<void> {
    const output = {
      title: "Activation ledger",
      summary: summary.slice(0, 65_000),
      text: encodeLedger(ledger),
    };
    const state =
      done === undefined
        ? { status: "in_progress" as const }
        : { status: "completed" as const, conclusion: done };
    if (this.checkRunId === undefined) {
      const { data } = await this.gh.rest.checks.create({
        ...this.repo,
        name: LEDGER_CHECK,
        head_sha: this.sha,
        ...state,
        output,
      });
      this.checkRunId = data.id;
    } else {
      await this.gh.rest.checks.update({ ...this.repo, check_run_id: this.checkRunId, ...state, output });
    }
  }
}
