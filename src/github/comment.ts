// The sticky PR comment: one per PR, found by a hidden marker, updated in place. It carries the hash
// of the plan it previews, so a merge can check that it applies what was reviewed.
import type { GitHubClient } from "./client.js";

export const MARKER = "<!-- aep-activation-plans:sticky -->";
const HASH = /<!-- aep-activation-plans:plan-hash=(sha256:[0-9a-f]{64}) -->/;

/** The first line of a step's sticky comment: steps with their own `step-key` keep their own comment. */
export const stickyMarker = (stepKey = ""): string =>
  stepKey === "" ? MARKER : `<!-- aep-activation-plans:sticky:${encodeURIComponent(stepKey)} -->`;

/** Characters the two marker lines add to a body. */
export const markersLength = (stepKey = ""): number =>
  withMarkers("", `sha256:${"0".repeat(64)}`, stepKey).length;
export const MARKERS_LENGTH = markersLength();

export function withMarkers(body: string, planHash: string, stepKey = ""): string {
  return `${stickyMarker(stepKey)}\n<!-- aep-activation-plans:plan-hash=${planHash} -->\n${body}`;
}

export function reviewedHash(body: string): string | undefined {
  return HASH.exec(body)?.[1];
}

export interface Repo {
  owner: string;
  repo: string;
}

export async function findSticky(
  gh: GitHubClient,
  repo: Repo,
  pr: number,
  stepKey = "",
): Promise<{ id: number; body: string } | undefined> {
  const marker = `${stickyMarker(stepKey)}\n`;
  const pages = gh.paginate.iterator(gh.rest.issues.listComments, {
    ...repo,
    issue_number: pr,
    per_page: 100,
  });
  for await (const { data } of pages) {
    const found = data.find((c) => c.body?.startsWith(marker) === true);
    if (found !== undefined) return { id: found.id, body: found.body ?? "" };
  }
  return undefined;
}

export async function upsertSticky(
  gh: GitHubClient,
  repo: Repo,
  pr: number,
  body: string,
  stepKey = "",
): Promise<void> {
  const existing = await findSticky(gh, repo, pr, stepKey);
  if (existing === undefined) await gh.rest.issues.createComment({ ...repo, issue_number: pr, body });
  else await gh.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
}

/** The PR whose merge commit is `sha` (for a push to the default branch). */
export async function pullRequestForCommit(
  gh: GitHubClient,
  repo: Repo,
  sha: string,
): Promise<number | undefined> {
  const { data } = await gh.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha });
  return data.find((p) => p.merge_commit_sha === sha)?.number ?? data[0]?.number;
}
