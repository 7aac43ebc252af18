// GitHub's answers as data for the state branch, and the sentences people get when GitHub refuses.
// Octokit throws on any non-2xx; the store needs to branch on a few answers (no branch yet, not a
// fast-forward, the branch already exists) and turn the rest into StateUnavailable with a remedy.
import { createHash } from "node:crypto";
import { StringDecoder } from "node:string_decoder";
import { redactShapes } from "../redact.js";
import { StateUnavailable } from "../state/types.js";
import type { GitHubClient } from "./client.js";
import type { Entry } from "./state-layout.js";

export type Reply<T> = { ok: true; data: T } | { ok: false; status: number | undefined; message: string };

/** GitHub's message, one line, with anything shaped like a credential removed. */
function clean(message: string): string {
  return redactShapes(message.split("\n").find((l) => l.trim() !== "") ?? "").slice(0, 200);
}

export async function reply<T>(call: Promise<{ data: T }>): Promise<Reply<T>> {
  try {
    return { ok: true, data: (await call).data };
  } catch (e) {
    const err = e as { status?: unknown; message?: unknown; response?: { data?: { message?: unknown } } };
    const body = err.response?.data?.message;
    return {
      ok: false,
      status: typeof err.status === "number" ? err.status : undefined,
      message: clean(typeof body === "string" ? body : String(err.message ?? e)),
    };
  }
}

export interface TreeRequest {
  base_tree?: string;
  tree: Entry[];
}

// Characters JSON must escape other than the quote and the line feed, which CSV text has plenty of,
// and surrogates (JSON.stringify escapes a lone one, which UTF-8 could not carry).
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const RARE = /[\\\u0000-\u0009\u000b-\u001f\ud800-\udfff]/;

/** A JSON string: JSON.stringify's own result, in a tenth of its time for CSV text. */
export function jsonString(s: string): string {
  if (RARE.test(s)) return JSON.stringify(s);
  const quoted = s.includes('"') ? s.replaceAll('"', '\\"') : s;
  return `"${quoted.replaceAll("\n", "\\n")}"`;
}

/**
 * POST …/git/trees with the body serialized here: Octokit's serializer (json-with-bigint) took 2 s
 * of CPU, and JSON.stringify 0.8 s, for the 40 MB of shards that 100,000 pairs make.
 */
export function createTree(gh: GitHubClient, repo: { owner: string; repo: string }, body: TreeRequest) {
  const entries = body.tree.map((e) =>
    "content" in e
      ? `{"path":${JSON.stringify(e.path)},"mode":"100644","type":"blob","content":${jsonString(e.content)}}`
      : JSON.stringify(e),
  );
  const base = body.base_tree === undefined ? "" : `"base_tree":${JSON.stringify(body.base_tree)},`;
  // The route as a plain string: its typed form wants `tree` as an object, which Octokit would serialize.
  return gh.request({
    method: "POST",
    url: "/repos/{owner}/{repo}/git/trees",
    ...repo,
    data: Buffer.from(`{${base}"tree":[${entries.join(",")}]}`, "utf8"),
  }) as Promise<{ data: { sha: string } }>;
}

/** Git's own object ID of a file's content: an unchanged file is not uploaded again. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/**
 * A blob's text from getBlob's answer, read as the stream it arrives in: with the raw media type the
 * blob's bytes; from a server that ignores the media type (a JSON content type), JSON with base64.
 * The text comes back in the pieces it was decoded in (one when JSON), so that the blob's bytes are
 * never gathered into one more copy (a state read is 40 MB at 100,000 pairs). A byte-order mark is
 * kept, as the file holds it.
 */
export async function blobText(
  body: AsyncIterable<Uint8Array> | null | undefined,
  contentType: string | undefined,
): Promise<string[]> {
  const decoder = new StringDecoder("utf8");
  const pieces: string[] = [];
  for await (const chunk of body ?? [])
    pieces.push(decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  pieces.push(decoder.end());
  if (!/[/+]json\b/i.test(contentType ?? "")) return pieces;
  const { content, encoding } = JSON.parse(pieces.join("")) as { content: string; encoding?: string };
  return [Buffer.from(content, encoding === "base64" ? "base64" : "utf8").toString("utf8")];
}

const RULES = /rule|protected|declined|bypass/i;

/** The failure of one call, for people: what happened and what to do about it. */
export function unavailable(
  r: { status: number | undefined; message: string },
  doing: string,
  where: { branch: string; repo: string; write: boolean },
): StateUnavailable {
  const { status, message } = r;
  const said = `GitHub answered ${status ?? "nothing"} while ${doing} (branch ${where.branch} of ${where.repo})${message === "" ? "" : `: ${message}`}`;
  if (status === undefined || status >= 500)
    return new StateUnavailable(
      said,
      "GitHub could not be reached; nothing was submitted. Run the workflow again when GitHub answers.",
    );
  if ((status === 422 || status === 403) && RULES.test(message))
    return new StateUnavailable(
      said,
      `A ruleset or branch protection refuses updates to branch \`${where.branch}\`. Exempt that branch (the Action writes only its state there), or let the workflow's token bypass the rule.`,
    );
  if (status === 403 && /rate limit/i.test(message))
    return new StateUnavailable(
      said,
      "GitHub's rate limit is spent; run the workflow again after it resets.",
    );
  if (status === 401)
    return new StateUnavailable(said, "GitHub refused the token; check the `github-token` input.");
  if ((status === 403 || status === 404) && where.write)
    return new StateUnavailable(
      said,
      `The workflow needs \`permissions: contents: write\` to keep its state on branch \`${where.branch}\`.`,
    );
  if (status === 403 || status === 404)
    return new StateUnavailable(
      said,
      "The workflow needs `permissions: contents: read` (and write, to apply).",
    );
  if (status === 409)
    return new StateUnavailable(
      said,
      "The repository is empty: GitHub keeps no git objects until it has a commit.",
    );
  return new StateUnavailable(said);
}
