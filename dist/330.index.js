export const id = 330;
export const ids = [330];
export const modules = {

/***/ 26330:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GITHUB_TIMEOUT_MS: () => (/* binding */ GITHUB_TIMEOUT_MS),
/* harmony export */   MAX_RATE_LIMIT_WAIT_S: () => (/* binding */ MAX_RATE_LIMIT_WAIT_S),
/* harmony export */   createGitHubClient: () => (/* binding */ createGitHubClient)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(11758);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(49735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(86856);
// Octokit for the Action: retry and throttling plugins, GITHUB_API_URL (GitHub Enterprise Server).



/** A GitHub call that has not answered in this long is abandoned (a silent GitHub must not hang the job). */
const GITHUB_TIMEOUT_MS = 120_000;
/** A rate limit that resets later than this is not waited out: the run fails, saying when it resets. */
const MAX_RATE_LIMIT_WAIT_S = 300;
function createGitHubClient(token, apiUrl, log, 
/** Tests on a virtual clock turn off the pacing of writes and the retries' waits, which sleep on the wall clock. */
options = {}) {
    const timeoutMs = options.timeoutMs ?? GITHUB_TIMEOUT_MS;
    const timed = (input, init) => {
        const limit = AbortSignal.timeout(timeoutMs);
        return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, limit]) : limit });
    };
    const octokit = Object.assign((0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, {
        baseUrl: apiUrl,
        request: { fetch: timed },
        throttle: {
            enabled: options.pace ?? true,
            onRateLimit: (after, options, _o, retryCount) => {
                if (after > MAX_RATE_LIMIT_WAIT_S) {
                    log(`GitHub's rate limit on ${options.method} ${options.url} resets in ${Math.ceil(after / 60)} min; not waiting that long.`);
                    return false;
                }
                log(`GitHub rate limit on ${options.method} ${options.url}; retrying after ${after} s.`);
                return retryCount < 2;
            },
            onSecondaryRateLimit: (after, options, _o, retryCount) => {
                if (after > MAX_RATE_LIMIT_WAIT_S)
                    return false;
                log(`GitHub secondary rate limit on ${options.method} ${options.url}; retrying after ${after} s.`);
                return retryCount < 2;
            },
        },
        retry: { doNotRetry: [400, 401, 403, 404, 422], enabled: options.pace ?? true },
    }, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_1__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__/* .throttling */ .A), { requests: { reads: 0, writes: 0 } });
    // Every request sent, retries included: the run's share of the repository's hourly budget.
    octokit.hook.before("request", (o) => {
        const kind = o.method === "GET" || o.method === "HEAD" ? "reads" : "writes";
        octokit.requests[kind]++;
    });
    return octokit;
}


/***/ })

};
