// Entry point of the Action (bundled to dist/index.js): runs main.ts and nothing else.
import { realActionsPort } from "./action/actions-port.js";
import { run } from "./main.js";

// The runner cancels a step with SIGINT, then SIGTERM some seconds later, then kills it: the first
// stops new work, and the run writes its state and summary before the kill.
const cancel = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => cancel.abort(signal));
await run({ port: realActionsPort(), env: process.env, signal: cancel.signal });
