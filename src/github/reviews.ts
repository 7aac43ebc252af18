// Who approved a pull request at a given commit, and who is in a team: the facts an activation
// policy's approval rules are judged on. A GitHub that cannot be read throws; callers fail closed.
import type { GitHubClient } from "./client.js";

type Repo = { owner: string; repo: string };

/**
 * The logins whose latest review of the PR (comments aside) approves it at `commit`: an approval given
 * on an older head does not count, and a later "changes requested" or a dismissal withdraws one.
 */
export async function approvalsAt(
  gh: GitHubClient,
  repo: Repo,
  pr: number,
  commit: string,
): Promise<string[]> {
  const reviews = await gh.paginate(gh.rest.pulls.listReviews, { ...repo, pull_number: pr, per_page: 100 });
  const latest = new Map<string, { state: string; commit: string | null | undefined }>();
  for (const r of reviews) {
    const login = r.user?.login;
    if (login === undefined || r.state === "COMMENTED" || r.state === "PENDING") continue;
    latest.set(login.toLowerCase(), { state: r.state, commit: r.commit_id });
  }
  const logins = new Map(
    reviews.flatMap((r) => (r.user === null ? [] : [[r.user.login.toLowerCase(), r.user.login]])),
  );
  return [...latest]
    .filter(([, r]) => r.state === "APPROVED" && r.commit === commit)
    .map(([key]) => logins.get(key) ?? key);
}

/** A team's members (`@org/slug`); throws when the token cannot read them (GITHUB_TOKEN cannot). */
export async function teamMembers(gh: GitHubClient, team: string): Promise<string[]> {
  const [org = "", slug = ""] = team.replace(/^@/, "").split("/");
  const members = await gh.paginate(gh.rest.teams.listMembersInOrg, { org, team_slug: slug, per_page: 100 });
  return members.map((m) => m.login);
}

/** A pull request's head commit now. */
export async function pullHead(gh: GitHubClient, repo: Repo, pr: number): Promise<string> {
  const { data } = await gh.rest.pulls.get({ ...repo, pull_number: pr });
  return data.head.sha;
}

/** Who opened a pull request (GitHub never lets them approve it). */
export async function pullAuthor(gh: GitHubClient, repo: Repo, pr: number): Promise<string | undefined> {
  const { data } = await gh.rest.pulls.get({ ...repo, pull_number: pr });
  return data.user?.login;
}
