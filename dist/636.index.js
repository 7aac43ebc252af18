export const id = 636;
export const ids = [636];
export const modules = {

/***/ 69636:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   preview: () => (/* binding */ preview)
/* harmony export */ });
/* harmony import */ var _activation_stopping_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(25880);
/* harmony import */ var _activation_outcome_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83238);
/* harmony import */ var _github_comment_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(63812);
/* harmony import */ var _render_preview_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(79294);
/* harmony import */ var _render_names_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(28570);
/* harmony import */ var _comment_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(52873);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9323);
/* harmony import */ var _planning_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(41755);
// Preview mode: what a merge would activate, as the sticky PR comment (with the plan hash reviewers
// approve) and the job summary; with credentials, the read-only pre-flight's findings too.








async function preview(ctx, decision) {
    const { settings, port } = ctx;
    let base = decision.base;
    if (base !== undefined && decision.comment !== undefined) {
        // A PR previews its own change: from where it left the base branch, not what the base did since.
        const git = ctx.git;
        const mb = await git.mergeBase(await git.resolve(base), await git.resolve(decision.head));
        if (mb !== undefined)
            base = mb;
        else if (await git.isShallow())
            port.warning("The checkout is shallow, so the PR's merge base cannot be found: the preview compares the base branch's tip with the head. Use fetch-depth: 0 with actions/checkout.");
    }
    const { comment } = decision;
    const outcome = await (0,_planning_js__WEBPACK_IMPORTED_MODULE_6__/* .computeOutcome */ .Sf)(ctx, base, decision.head, false, {
        preview: true,
        // The sticky comment is replaced by the problems: the earlier preview no longer describes the PR.
        // Its marker carries no plan hash a merge could match.
        ...(comment === undefined
            ? {}
            : {
                onInvalid: (markdown) => (0,_comment_js__WEBPACK_IMPORTED_MODULE_4__/* .tryComment */ .h)(ctx, comment, (0,_github_comment_js__WEBPACK_IMPORTED_MODULE_2__.withMarkers)(markdown, "none: the plans are invalid", ctx.settings.stepKey)),
            }),
    });
    let findings = "";
    let blocking = 0;
    let names;
    if (!decision.preflight) {
        port.info(settings.eventName === "pull_request_target"
            ? "pull_request_target: the PR's plans are read as git data only; no pre-flight is run on its behalf."
            : `${settings.eventName}: preview only; nothing is applied and Platform is not called.`);
    }
    else if (settings.credentials !== undefined && settings.preflight && outcome.execution.jobs.length > 0) {
        const report = await (0,_planning_js__WEBPACK_IMPORTED_MODULE_6__/* .runApplier */ .Hv)(ctx, outcome, true);
        const issues = (0,_activation_stopping_js__WEBPACK_IMPORTED_MODULE_0__/* .needsAttention */ .e_)(report);
        names = (0,_render_names_js__WEBPACK_IMPORTED_MODULE_7__/* .namesOf */ .eZ)(report);
        findings =
            (0,_render_preview_js__WEBPACK_IMPORTED_MODULE_3__/* .renderPreflightFindings */ .yt)(issues.map((r) => r.reason ?? "")) + (0,_render_preview_js__WEBPACK_IMPORTED_MODULE_3__/* .renderPreflightNotes */ .Tr)(report.notes ?? []);
        blocking = issues.filter((r) => r.code !== undefined && (0,_activation_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .blocksMerge */ .DH)(r.code)).length;
        if (issues.length > 0) {
            port.warning(`Pre-flight found ${issues.length} problem(s) a merge would hit; they are listed in the preview.`);
        }
    }
    else if (settings.credentials === undefined) {
        port.info("No Platform credentials (as on pull requests from forks): the preview is shown without the pre-flight.");
    }
    // The comment adds two hidden marker lines; the findings come first: they need a person.
    const budget = _render_preview_js__WEBPACK_IMPORTED_MODULE_3__/* .COMMENT_LIMIT */ .W$ - (0,_github_comment_js__WEBPACK_IMPORTED_MODULE_2__.markersLength)(ctx.settings.stepKey) - findings.length;
    const previewed = (0,_render_preview_js__WEBPACK_IMPORTED_MODULE_3__/* .renderPreview */ .Bt)(outcome, {
        budget,
        ...(names === undefined ? {} : { names }),
        ...(settings.runUrl === undefined ? {} : { fullPreviewUrl: settings.runUrl }),
    });
    const markdown = findings === "" ? previewed : `${findings.trimStart()}\n\n${previewed}`;
    await port.appendSummary(markdown);
    port.info(markdown);
    if (decision.comment !== undefined) {
        await (0,_comment_js__WEBPACK_IMPORTED_MODULE_4__/* .tryComment */ .h)(ctx, decision.comment, (0,_github_comment_js__WEBPACK_IMPORTED_MODULE_2__.withMarkers)(markdown, outcome.execution.planHash, ctx.settings.stepKey, ctx.settings.runId === undefined ? undefined : { runId: ctx.settings.runId, head: decision.head }));
    }
    // A pull request's check (the one that has a comment); other previews only report.
    if (blocking > 0 && settings.failOnPreflight && decision.comment !== undefined)
        throw new _context_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionFailure */ .d("preflight-failed", `Pre-flight found ${blocking} problem(s) a merge would hit and could not wait out; they head the preview. Fix them, or set fail-on-preflight: false to keep this check green.`);
}


/***/ })

};
