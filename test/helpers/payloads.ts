// GitHub's own example webhook payloads (@octokit/webhooks-examples), with their SHAs, refs and
// repository rewritten to a test repository's. The harness runs the Action on these, never on payloads
// we wrote ourselves.
import { createRequire } from "node:module";

interface Example {
  name: string;
  examples: Record<string, unknown>[];
}
const examples = createRequire(import.meta.url)(
  "@octokit/webhooks-examples/api.github.com/index.json",
) as Example[];

export const OWNER = "acme";
export const REPO = "plans";
export const DEFAULT_BRANCH = "main";

function example(
  name: string,
  pick: (e: Record<string, unknown>) => boolean = () => true,
): Record<string, unknown> {
  const found = examples.find((e) => e.name === name)?.examples.find(pick);
  if (found === undefined) throw new Error(`@octokit/webhooks-examples has no ${name} example that fits`);
  const copy = structuredClone(found);
  const repo = copy.repository as Record<string, unknown> | undefined;
  if (repo !== undefined) {
    Object.assign(repo, { name: REPO, full_name: `${OWNER}/${REPO}`, default_branch: DEFAULT_BRANCH });
    if (repo.master_branch !== undefined) repo.master_branch = DEFAULT_BRANCH;
    Object.assign(repo.owner as object, { login: OWNER });
  }
  return copy;
}

type Pull = { number: number; base: Record<string, unknown>; head: Record<string, unknown> };

export function pullRequestEvent(o: {
  number: number;
  base: string;
  head: string;
  action?: string;
  fork?: boolean;
}): Record<string, unknown> {
  const action = o.action ?? "synchronize";
  const e = example("pull_request", (x) => x.action === action);
  const pr = e.pull_request as Pull;
  e.number = o.number;
  pr.number = o.number;
  Object.assign(pr.base, { sha: o.base, ref: DEFAULT_BRANCH });
  Object.assign(pr.head, { sha: o.head, ref: "change" });
  const headRepo = pr.head.repo as Record<string, unknown>;
  if (o.fork === true) Object.assign(headRepo, { fork: true, full_name: `someone/${REPO}`, name: REPO });
  else Object.assign(headRepo, { fork: false, full_name: `${OWNER}/${REPO}`, name: REPO });
  if (action === "synchronize") Object.assign(e, { before: o.base, after: o.head });
  return e;
}

export function pushEvent(o: { before: string; after: string; ref?: string }): Record<string, unknown> {
  const e = example("push", (x) => String(x.ref).startsWith("refs/heads/") && x.deleted === false);
  Object.assign(e, { before: o.before, after: o.after, ref: o.ref ?? `refs/heads/${DEFAULT_BRANCH}` });
  Object.assign(e.head_commit as object, { id: o.after });
  return e;
}

export function branchDeletedEvent(o: { before: string; ref: string }): Record<string, unknown> {
  const e = example("push", (x) => x.deleted === true);
  Object.assign(e, { before: o.before, ref: o.ref });
  return e;
}

export function tagPushEvent(o: { after: string; tag: string }): Record<string, unknown> {
  const e = example("push", (x) => String(x.ref).startsWith("refs/tags/") && x.deleted === false);
  Object.assign(e, { after: o.after, ref: `refs/tags/${o.tag}` });
  return e;
}

export function mergeGroupEvent(o: { base: string; head: string; pr: number }): Record<string, unknown> {
  const e = example("merge_group");
  Object.assign(e.merge_group as object, {
    base_sha: o.base,
    head_sha: o.head,
    base_ref: `refs/heads/${DEFAULT_BRANCH}`,
    head_ref: `refs/heads/gh-readonly-queue/${DEFAULT_BRANCH}/pr-${o.pr}-${o.base}`,
  });
  return e;
}

export function workflowDispatchEvent(inputs: Record<string, string> = {}): Record<string, unknown> {
  const e = example("workflow_dispatch");
  Object.assign(e, { inputs, ref: `refs/heads/${DEFAULT_BRANCH}` });
  return e;
}

/** The package has no `schedule` example: the runner's payload is the cron and the repository. */
export function scheduleEvent(cron = "*/15 * * * *"): Record<string, unknown> {
  const { repository, sender } = example("workflow_dispatch");
  return { schedule: cron, repository, sender };
}

/** Another event the Action does not handle, e.g. an issue comment. */
export function issueCommentEvent(): Record<string, unknown> {
  return example("issue_comment");
}
