// What a manual (workflow_dispatch) run is asked for: a person's yes for merges a run did not send
// (input confirm), a reconcile like a scheduled run (no plans named: safe to click), or the named
// plans in full.
import { ActionFailure, type ActionContext } from "./context.js";

export function manualRoute(
  ctx: ActionContext,
  manual: boolean,
): "confirm" | "reconcile" | "full" | undefined {
  const { settings, port } = ctx;
  if (manual && settings.confirm.length > 0) return "confirm";
  if (settings.confirm.length > 0)
    port.warning("confirm is only read on a manual (workflow_dispatch) run; it is ignored here.");
  if (!manual) return undefined;
  if (settings.init || settings.resolve.length > 0) return "full";
  if (settings.plansByDefault) {
    if (settings.force)
      throw new ActionFailure(
        "configuration",
        "force: true sends plans again even where they succeeded: name them in the input 'plans' (a manual run with no plans named only reconciles). Nothing was sent.",
      );
    port.info(
      "A manual run with no plans named reconciles like a scheduled run (missed merges, pending pairs, retries); name plans in the input 'plans' to run them in full.",
    );
    return "reconcile";
  }
  port.info(
    "A manual run naming plans runs them in full: every pair of the selected plans, as a request of this commit (pairs that succeeded for this commit are not sent again). Leave 'plans' empty to reconcile instead.",
  );
  return "full";
}
