// The GitHub stand-in's request check must reject what GitHub would reject.
import { describe, expect, it } from "vitest";
import { checkGitHubRequest } from "../helpers/github-openapi.js";

describe("GitHub request validation against @octokit/openapi", () => {
  it("accepts the requests the Action sends", () => {
    expect(checkGitHubRequest("GET", "/repos/o/r/issues/8/comments?per_page=100&page=1", undefined)).toEqual(
      [],
    );
    expect(checkGitHubRequest("PATCH", "/repos/o/r/issues/comments/1000", { body: "x" })).toEqual([]);
    expect(
      checkGitHubRequest("POST", "/repos/o/r/check-runs", {
        name: "aep-activation-plans",
        head_sha: "abc",
        status: "in_progress",
        output: { title: "t", summary: "s", text: "x" },
      }),
    ).toEqual([]);
  });

  it("rejects unknown operations, wrong parameter types, undeclared query parameters and bad bodies", () => {
    expect(checkGitHubRequest("GET", "/repos/o/r/nonsense", undefined)[0]).toContain("no such operation");
    expect(checkGitHubRequest("GET", "/repos/o/r/issues/x/comments?perpage=1", undefined)).toEqual([
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments: path parameter issue_number=x data must be integer",
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments: undeclared query parameter 'perpage'",
    ]);
    // The same path again (its operation and validators are cached), a query parameter of the wrong type.
    expect(checkGitHubRequest("GET", "/repos/o/r/issues/x/comments?per_page=many", undefined)).toEqual([
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments: path parameter issue_number=x data must be integer",
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments: query parameter per_page=many data must be integer",
    ]);
    expect(checkGitHubRequest("POST", "/repos/o/r/issues/8/comments", { body: 5 })).toEqual([
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments: body data/body must be string",
    ]);
    expect(
      checkGitHubRequest("POST", "/repos/o/r/check-runs", { name: "x", head_sha: "a", status: "bogus" })[0],
    ).toContain("body data/status must be equal to one of the allowed values");
  });
});
