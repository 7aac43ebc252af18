// What the triggering event asks of the Action, decided on purpose for every event. Pure: the event
// name and payload in, one decision out. Nothing here reads files, the network or the environment.
import type { Mode } from "./settings.js";

/** What one run does. `base`/`head` are revisions; `comment` is the PR whose sticky comment is kept. */
export type Decision =
  | { run: "validate" }
  | { run: "preview"; base?: string; head: string; comment?: number; preflight: boolean }
  | {
      run: "apply";
      base?: string;
      head: string;
      manual: boolean;
      /** A `schedule` run: catch up, from the state's last reconciled commit, the merges no run applied. */
      scheduled?: boolean;
    }
  | { run: "nothing"; why: string };

export const SUPPORTED_EVENTS =
  "pull_request, pull_request_target, merge_group, push, workflow_dispatch and schedule";

interface Payload {
  action?: string;
  number?: number;
  ref?: string;
  before?: string;
  after?: string;
  deleted?: boolean;
  repository?: { default_branch?: string };
  pull_request?: {
    number?: number;
    base?: { sha?: string };
    head?: { sha?: string };
  };
  merge_group?: { base_sha?: string; head_sha?: string };
}

export class EventError extends Error {}

const ZERO = /^0+$/;

function sha(value: unknown, what: string): string {
  if (typeof value !== "string" || !/^[0-9a-f]{7,64}$/i.test(value)) {
    throw new EventError(
      `the event payload has no valid ${what}; is GITHUB_EVENT_PATH the runner's event file?`,
    );
  }
  return value;
}

function asPayload(payload: unknown): Payload {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw new EventError(
      "the event payload is not a JSON object; is GITHUB_EVENT_PATH the runner's event file?",
    );
  }
  return payload as Payload;
}

/**
 * Decide what to do. `mode` is the `mode` input: `auto` follows the event; an explicit mode is honoured
 * where it is safe, and `apply` is refused on events that carry untrusted or unmerged code.
 */
export function decide(eventName: string, raw: unknown, mode: Mode, fallbackSha?: string): Decision {
  if (mode === "validate") return { run: "validate" };
  const event = asPayload(raw);
  const wantApply = mode === "apply";
  switch (eventName) {
    case "pull_request":
    case "pull_request_target": {
      const pr = event.pull_request;
      const number = pr?.number ?? event.number;
      if (typeof number !== "number") throw new EventError("the pull_request payload has no PR number");
      if (wantApply) return refuseApply(eventName);
      if (event.action === "closed")
        return { run: "nothing", why: `PR #${number} was closed; nothing to preview.` };
      const target = eventName === "pull_request_target";
      return {
        run: "preview",
        base: sha(pr?.base?.sha, "pull_request.base.sha"),
        head: sha(pr?.head?.sha, "pull_request.head.sha"),
        comment: number,
        // pull_request_target runs with the base's secrets: the PR's plans are read as git data, never
        // checked out or run, and nothing is sent to Platform on their behalf.
        preflight: !target,
      };
    }
    case "merge_group": {
      if (wantApply) return refuseApply(eventName);
      const group = event.merge_group;
      return {
        run: "preview",
        base: sha(group?.base_sha, "merge_group.base_sha"),
        head: sha(group?.head_sha, "merge_group.head_sha"),
        preflight: false,
      };
    }
    case "push": {
      const ref = event.ref ?? "";
      if (event.deleted === true || (event.after !== undefined && ZERO.test(event.after))) {
        return { run: "nothing", why: `${ref || "A ref"} was deleted; there is nothing to activate.` };
      }
      if (ref.startsWith("refs/tags/")) {
        return { run: "nothing", why: `${ref} is a tag push; plans are applied from branch pushes only.` };
      }
      const head = sha(event.after ?? fallbackSha, "after");
      const base = event.before === undefined ? `${head}~1` : sha(event.before, "before");
      const branch = ref.replace(/^refs\/heads\//, "");
      const defaultBranch = event.repository?.default_branch;
      if (mode === "plan") return { run: "preview", base, head, preflight: false };
      if (wantApply || defaultBranch === undefined || branch === defaultBranch) {
        return { run: "apply", base, head, manual: false };
      }
      return { run: "preview", base, head, preflight: false };
    }
    case "workflow_dispatch":
      if (mode === "plan") return { run: "preview", head: fallbackSha ?? "HEAD", preflight: true };
      return { run: "apply", head: fallbackSha ?? "HEAD", manual: true };
    case "schedule":
      if (mode === "plan") return { run: "preview", head: fallbackSha ?? "HEAD", preflight: true };
      return { run: "apply", head: fallbackSha ?? "HEAD", manual: false, scheduled: true };
    default:
      return {
        run: "nothing",
        why: `The event '${eventName || "none"}' is not one this Action handles (it handles ${SUPPORTED_EVENTS}); nothing was done.`,
      };
  }
}

function refuseApply(eventName: string): never {
  throw new EventError(
    `mode 'apply' is refused on ${eventName}: it would activate code that is not merged. Use mode 'auto' or 'plan' here, and apply on push to the default branch or workflow_dispatch.`,
  );
}
