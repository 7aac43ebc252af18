// Octokit for the Action: retry and throttling plugins, GITHUB_API_URL (GitHub Enterprise Server).
import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";

export type GitHubClient = ReturnType<typeof getOctokit>;

export function createGitHubClient(
  token: string,
  apiUrl: string,
  log: (message: string) => void,
  /** Tests on a virtual clock turn off the pacing of writes and the retries' waits, which sleep on the wall clock. */
  options: { pace?: boolean } = {},
): GitHubClient {
  return getOctokit(
    token,
    {
      baseUrl: apiUrl,
      throttle: {
        enabled: options.pace ?? true,
        onRateLimit: (
          after: number,
          options: { method: string; url: string },
          _o: unknown,
          retryCount: number,
        ) => {
          log(`GitHub rate limit on ${options.method} ${options.url}; retrying after ${after} s.`);
          return retryCount < 2;
        },
        onSecondaryRateLimit: (
          after: number,
          options: { method: string; url: string },
          _o: unknown,
          retryCount: number,
        ) => {
          log(`GitHub secondary rate limit on ${options.method} ${options.url}; retrying after ${after} s.`);
          return retryCount < 2;
        },
      },
      retry: { doNotRetry: [400, 401, 403, 404, 422], enabled: options.pace ?? true },
    },
    retry,
    throttling,
  );
}
