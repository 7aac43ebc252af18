// A local stand-in for the GitHub REST API: issue comments, commit → pull request lookups, check runs
// and the Git data API (refs, commits, trees, blobs) over an in-memory object store.
import { closeServers } from "./github-fakes.js";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { checkGitHubRequest } from "./github-openapi.js";
import { GitObjects, type Answer } from "./git-objects.js";

export interface Recorded {
  method: string;
  path: string;
  body: unknown;
  status: number;
}

const servers: Server[] = [];
/** Stand-ins by URL: the harness registers each step's workflow run with the one its GITHUB_API_URL names. */
const byUrl = new Map<string, GitHubStandIn>();

/** A workflow run as `GET /repos/{owner}/{repo}/actions/runs/{run_id}` describes it (the fields we read). */
export interface WorkflowRun {
  event: string;
  head_sha: string;
  /** The workflow file, as GitHub names it: `.github/workflows/x.yml`. */
  path: string;
  /** owner/repo */
  repository: string;
}

/** Who a token's comments are by: the workflow token is the Actions bot; others are a user. */
const BOT = { login: "github-actions[bot]", id: 41898282, type: "Bot" };
/** Closes every stand-in started so far (after each test, from test/setup.ts). */
export async function stopStandIns(): Promise<void> {
  await closeServers(servers);
  byUrl.clear();
}

export class GitHubStandIn {
  url = "";
  readonly requests: Recorded[] = [];
  /** Requests that do not conform to GitHub's OpenAPI description (tests expect none). */
  readonly violations: string[] = [];
  readonly comments = new Map<
    number,
    { id: number; body: string; user: { login: string; type: string } }[]
  >();
  /** merge commit SHA → PR number */
  readonly pulls = new Map<string, number>();
  /** PR number → its head commit (learnt from the PR runs the harness records, or set by a test). */
  readonly prHeads = new Map<number, string>();
  /** PR number → the files it changes (`GET …/pulls/{n}/files`); none unless a test says. */
  readonly prFiles = new Map<number, string[]>();
  /** Workflow runs by ID: the harness records every step's. */
  readonly workflowRuns = new Map<string, WorkflowRun>();
  /** PR number → who opened it (`GET …/pulls/{n}`'s user); `pr-author` unless a test says. */
  readonly prAuthors = new Map<number, string>();
  /** PR number → its reviews, oldest first (`GET …/pulls/{n}/reviews`). */
  readonly reviews = new Map<number, { login: string; state: string; commit: string }[]>();
  /** When set, listing a PR's reviews answers with this status (e.g. 500). */
  reviewsStatus: number | undefined;
  /** `org/slug` → the team's members (`GET /orgs/{org}/teams/{slug}/members`); absent: 404. */
  readonly teams = new Map<string, string[]>();
  /** When set, listing a team's members answers with this status (GITHUB_TOKEN gets 403). */
  teamsStatus: number | undefined;
  /** Someone approves PR `pr` at `commit` (as GitHub records a review's commit_id). */
  approve(pr: number, login: string, commit: string, state = "APPROVED"): void {
    this.reviews.set(pr, [...(this.reviews.get(pr) ?? []), { login, state, commit }]);
  }
  /** Personal tokens → their user's login (other tokens than `ghs_…`). */
  readonly users = new Map<string, string>();

  /** The stand-in serving this API URL, if any. */
  static at(url: string): GitHubStandIn | undefined {
    return byUrl.get(url);
  }

  /** A step ran as workflow run `id`: remember it, and a PR's head, as GitHub would. */
  recordRun(id: string, run: WorkflowRun, pr?: number, prHead?: string): void {
    this.workflowRuns.set(id, run);
    if (pr !== undefined && prHead !== undefined) this.prHeads.set(pr, prHead);
  }
  readOnly = false;
  /** When set, listing a PR's comments answers with this status (e.g. 500). */
  commentsStatus: number | undefined;
  /** Check runs by ID: the rerun ledger lives in one. */
  readonly checkRuns = new Map<
    number,
    {
      id: number;
      name: string;
      head_sha: string;
      status?: string;
      conclusion?: string;
      output: { title?: string; summary?: string; text?: string };
    }
  >();
  private nextId = 1000;
  /** The repository's git objects and refs (the state branch lives here). */
  readonly git = new GitObjects();
  /** When set, a ruleset refuses creating or updating this branch (as GitHub answers a rule violation). */
  protectedBranch: string | undefined;
  /**
   * Called after a comment is updated, with its body before: a test can then write over it, as
   * another job's update from an older copy would.
   */
  afterCommentUpdate: ((comment: { body: string }, before: string) => void) | undefined;
  /** When set, every Git data API read answers with this status (e.g. 500). */
  gitReadStatus: number | undefined;
  /** GitHub truncates a recursive tree listing over its limits; tests lower the limit. */
  truncateTreesOver = Infinity;

  /** The files on a branch (path → text) as people browsing it see them; empty when there is no branch. */
  branchFiles(branch = "aep-activation-state"): Map<string, string> {
    const files = new Map<string, string>();
    const tip = this.git.refs.get(`refs/heads/${branch}`);
    const tree = tip === undefined ? undefined : this.git.commits.get(tip)?.tree;
    for (const e of tree === undefined ? [] : this.git.walk(tree))
      if (e.type === "blob") files.set(e.path, this.git.blobs.get(e.sha)?.toString("utf8") ?? "");
    return files;
  }

  private server: Server | undefined;

  /** Closes the server (vitest closes every stand-in after each test; the benchmarks call this). */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const body: unknown = text === "" ? undefined : JSON.parse(text);
        const url = new URL(req.url ?? "/", "http://x");
        this.violations.push(...checkGitHubRequest(req.method ?? "GET", url.pathname + url.search, body));
        const send = (status: number, payload: unknown) => {
          this.requests.push({ method: req.method ?? "", path: url.pathname + url.search, body, status });
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(payload));
        };
        const token = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
        const author = token.startsWith("ghs_")
          ? BOT
          : { login: this.users.get(token) ?? "octocat", id: 1, type: "User" };
        let m: RegExpExecArray | null;
        if (url.pathname === "/user" && req.method === "GET")
          return token.startsWith("ghs_")
            ? send(403, { message: "Resource not accessible by integration" })
            : send(200, { ...author, node_id: "MDQ6VXNlcjE=" });
        if (
          (m = /^\/repos\/([^/]+\/[^/]+)\/actions\/runs\/(\d+)$/.exec(url.pathname)) &&
          req.method === "GET"
        ) {
          const run = this.workflowRuns.get(m[2]!);
          if (run === undefined) return send(404, { message: "Not Found" });
          return send(200, {
            id: Number(m[2]),
            event: run.event,
            head_sha: run.head_sha,
            path: run.path,
            status: "completed",
            repository: { full_name: run.repository },
          });
        }
        if ((m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/.exec(url.pathname)) && req.method === "GET") {
          const n = Number(m[1]);
          const head = this.prHeads.get(n);
          if (head === undefined) return send(404, { message: "Not Found" });
          const merge = [...this.pulls].find(([, pr]) => pr === n)?.[0] ?? null;
          return send(200, {
            number: n,
            user: { login: this.prAuthors.get(n) ?? "pr-author", id: 3, type: "User" },
            head: { sha: head },
            merge_commit_sha: merge,
            merged: merge !== null,
          });
        }
        if (
          (m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/.exec(url.pathname)) &&
          req.method === "GET"
        ) {
          if (this.reviewsStatus !== undefined) return send(this.reviewsStatus, { message: "Server Error" });
          return send(
            200,
            (this.reviews.get(Number(m[1])) ?? []).map((r, i) => ({
              id: 80_000 + i,
              node_id: `PRR_${i}`,
              user: { login: r.login, id: 7000 + i, type: "User" },
              body: "",
              state: r.state,
              commit_id: r.commit,
              html_url: `https://github.com/o/r/pull/${m![1]}#pullrequestreview-${80_000 + i}`,
              pull_request_url: `https://api.github.com/repos/o/r/pulls/${m![1]}`,
              author_association: "MEMBER",
              _links: { html: { href: "" }, pull_request: { href: "" } },
            })),
          );
        }
        if ((m = /^\/orgs\/([^/]+)\/teams\/([^/]+)\/members$/.exec(url.pathname)) && req.method === "GET") {
          if (this.teamsStatus !== undefined)
            return send(this.teamsStatus, { message: "Resource not accessible by integration" });
          const members = this.teams.get(`${m[1]}/${m[2]}`);
          if (members === undefined) return send(404, { message: "Not Found" });
          return send(
            200,
            members.map((login, i) => ({ login, id: 9000 + i, type: "User" })),
          );
        }
        if ((m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/files$/.exec(url.pathname)) && req.method === "GET") {
          const files = this.prFiles.get(Number(m[1])) ?? [];
          return send(
            200,
            files.map((filename) => ({
              filename,
              status: "modified",
              additions: 1,
              deletions: 1,
              changes: 2,
            })),
          );
        }
        if ((m = /^\/repos\/[^/]+\/[^/]+\/git\/(.+)$/.exec(url.pathname))) {
          const [status, payload] = this.gitRoute(req.method ?? "GET", decodeURIComponent(m[1]!), url, body);
          // A blob asked for with the raw media type: its bytes, as GitHub sends them.
          const blob = payload as { content?: string; encoding?: string };
          if (
            status === 200 &&
            /^blobs\//.test(decodeURIComponent(m[1]!)) &&
            /application\/vnd\.github(\.v3)?\.raw/.test(req.headers.accept ?? "") &&
            blob.encoding === "base64"
          ) {
            this.requests.push({ method: "GET", path: url.pathname + url.search, body, status });
            res.writeHead(200, { "content-type": "application/vnd.github.raw" });
            return res.end(Buffer.from(blob.content ?? "", "base64"));
          }
          return send(status, payload);
        }
        if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname))) {
          const pr = Number(m[1]);
          const list = this.comments.get(pr) ?? [];
          if (req.method === "GET" && this.commentsStatus !== undefined)
            return send(this.commentsStatus, { message: "Server Error" });
          if (req.method === "GET")
            return send(
              200,
              list.map((c) => ({ id: c.id, body: c.body, user: c.user })),
            );
          if (this.readOnly) return send(403, { message: "Resource not accessible by integration" });
          const comment = {
            id: this.nextId++,
            body: (body as { body: string }).body,
            user: { login: author.login, type: author.type },
          };
          this.comments.set(pr, [...list, comment]);
          return send(201, comment);
        }
        if (
          (m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname)) &&
          req.method === "PATCH"
        ) {
          if (this.readOnly) return send(403, { message: "Resource not accessible by integration" });
          for (const list of this.comments.values()) {
            const c = list.find((x) => x.id === Number(m![1]));
            if (c !== undefined) {
              const before = c.body;
              c.body = (body as { body: string }).body;
              const reply = { ...c };
              this.afterCommentUpdate?.(c, before);
              return send(200, reply);
            }
          }
          return send(404, { message: "Not Found" });
        }
        if (
          (m = /^\/repos\/[^/]+\/[^/]+\/commits\/([^/]+)\/check-runs$/.exec(url.pathname)) &&
          req.method === "GET"
        ) {
          const name = url.searchParams.get("check_name");
          const runs = [...this.checkRuns.values()]
            .filter((c) => c.head_sha === m![1] && (name === null || c.name === name))
            .sort((a, b) => b.id - a.id);
          return send(200, { total_count: runs.length, check_runs: runs });
        }
        if (/^\/repos\/[^/]+\/[^/]+\/check-runs$/.test(url.pathname) && req.method === "POST") {
          const b = body as {
            name: string;
            head_sha: string;
            status?: string;
            conclusion?: string;
            output: { text?: string };
          };
          const run = {
            id: this.nextId++,
            name: b.name,
            head_sha: b.head_sha,
            output: b.output,
            ...(b.status ? { status: b.status } : {}),
            ...(b.conclusion ? { conclusion: b.conclusion } : {}),
          };
          this.checkRuns.set(run.id, run);
          return send(201, run);
        }
        if ((m = /^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/.exec(url.pathname)) && req.method === "PATCH") {
          const run = this.checkRuns.get(Number(m[1]));
          if (run === undefined) return send(404, { message: "Not Found" });
          Object.assign(run, body);
          return send(200, run);
        }
        if ((m = /^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]+)\/pulls$/.exec(url.pathname))) {
          const pr = this.pulls.get(m[1]!);
          // Merged PRs whose merge commit this is, and open PRs whose head it is (GitHub lists both).
          const open = [...this.prHeads]
            .filter(([n, sha]) => sha === m![1] && ![...this.pulls.values()].includes(n))
            .map(([n]) => ({ number: n, merge_commit_sha: "0".repeat(40), merged_at: null }));
          return send(200, [
            ...(pr === undefined
              ? []
              : [{ number: pr, merge_commit_sha: m[1], merged_at: "2026-11-30T00:00:00Z" }]),
            ...open,
          ]);
        }
        send(404, { message: "Not Found" });
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    servers.push(server);
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    byUrl.set(this.url, this);
  }

  private gitRoute(method: string, rest: string, url: URL, body: unknown): Answer {
    const git = this.git;
    if (method === "GET" && this.gitReadStatus !== undefined)
      return [this.gitReadStatus, { message: "Server Error" }];
    if (method !== "GET" && this.readOnly)
      return [403, { message: "Resource not accessible by integration" }];
    const refused = (ref: string): Answer | undefined =>
      this.protectedBranch !== undefined && ref === `refs/heads/${this.protectedBranch}`
        ? [
            422,
            {
              message: "Repository rule violations found\n\nCannot update this protected ref.\n\n",
              status: "422",
            },
          ]
        : undefined;
    let m: RegExpExecArray | null;
    if (method === "GET" && (m = /^ref\/(.+)$/.exec(rest))) return git.getRef(`refs/${m[1]}`);
    if (method === "PATCH" && (m = /^refs\/(.+)$/.exec(rest))) {
      const b = body as { sha: string; force?: boolean };
      return refused(`refs/${m[1]}`) ?? git.updateRef(`refs/${m[1]}`, b.sha, b.force ?? false);
    }
    if (method === "POST" && rest === "refs") {
      const b = body as { ref: string; sha: string };
      return refused(b.ref) ?? git.createRef(b.ref, b.sha);
    }
    if (method === "GET" && (m = /^commits\/([0-9a-f]+)$/.exec(rest))) return git.getCommit(m[1]!);
    if (method === "POST" && rest === "commits")
      return git.createCommit(body as Parameters<GitObjects["createCommit"]>[0]);
    if (method === "GET" && (m = /^trees\/([0-9a-f]+)$/.exec(rest)))
      return git.getTree(m[1]!, url.searchParams.has("recursive"), this.truncateTreesOver);
    if (method === "POST" && rest === "trees")
      return git.createTree(body as Parameters<GitObjects["createTree"]>[0]);
    if (method === "GET" && (m = /^blobs\/([0-9a-f]+)$/.exec(rest))) return git.getBlob(m[1]!);
    return [404, { message: "Not Found" }];
  }
}
