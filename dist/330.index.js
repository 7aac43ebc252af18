export const id = 330;
export const ids = [330];
export const modules = {

/***/ 26330:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createGitHubClient: () => (/* binding */ createGitHubClient)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(11758);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(49735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(86856);
// Octokit for the Action: retry and throttling plugins, GITHUB_API_URL (GitHub Enterprise Server).



function createGitHubClient(token, apiUrl, log, 
/** Tests on a virtual clock turn off the pacing of writes and the retries' waits, which sleep on the wall clock. */
options = {}) {
    return (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, {
        baseUrl: apiUrl,
        throttle: {
            enabled: options.pace ?? true,
            onRateLimit: (after, options, _o, retryCount) => {
                log(`GitHub rate limit on ${options.method} ${options.url}; retrying after ${after} s.`);
                return retryCount < 2;
            },
            onSecondaryRateLimit: (after, options, _o, retryCount) => {
                log(`GitHub secondary rate limit on ${options.method} ${options.url}; retrying after ${after} s.`);
                return retryCount < 2;
            },
        },
        retry: { doNotRetry: [400, 401, 403, 404, 422], enabled: options.pace ?? true },
    }, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_1__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__/* .throttling */ .A);
}


/***/ })

};
