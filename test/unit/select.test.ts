// The one selection rule for plan files (working tree and git revisions alike).
import { describe, expect, it } from "vitest";
import {
  DEFAULT_PLAN_GLOB,
  noMatchMessage,
  parseSelection,
  selectionMatcher,
} from "../../src/plan/select.js";

const paths = [
  "activation-plans/a.yaml",
  "activation-plans/b.yml",
  "activation-plans/team/c.YAML",
  "activation-plans/.draft.yaml",
  "activation-plans/.hidden/d.yaml",
  "activation-plans/README.md",
  "other/e.yaml",
];
const pick = (...patterns: string[]) => {
  const m = selectionMatcher(parseSelection(patterns));
  return {
    files: paths.filter((p) => m.matches(p)),
    unmatched: m.unmatched(paths),
  };
};

describe("plan selection", () => {
  it("the default glob: .yml and .yaml below activation-plans/, no dotfiles", () => {
    expect(pick(DEFAULT_PLAN_GLOB).files).toEqual(["activation-plans/a.yaml", "activation-plans/b.yml"]);
  });

  it("a directory picks the plan files below it (case-insensitive extension), not dotfiles or other files", () => {
    expect(pick("activation-plans/").files).toEqual([
      "activation-plans/a.yaml",
      "activation-plans/b.yml",
      "activation-plans/team/c.YAML",
    ]);
    expect(pick(".").files).toHaveLength(4);
  });

  it("a file picks itself, even a dotfile; a glob segment starting with '.' picks dotfiles", () => {
    expect(pick("./activation-plans/.draft.yaml").files).toEqual(["activation-plans/.draft.yaml"]);
    expect(pick("activation-plans/.*.yaml").files).toEqual(["activation-plans/.draft.yaml"]);
  });

  it("`!` excludes; with only exclusions, the default glob is what they trim", () => {
    expect(pick("activation-plans/**/*", "!activation-plans/team/**").files).toEqual([
      "activation-plans/a.yaml",
      "activation-plans/b.yml",
    ]);
    expect(pick("!activation-plans/b.yml").files).toEqual(["activation-plans/a.yaml"]);
  });

  it("names every include pattern that picks nothing, and what excluded its files", () => {
    expect(pick("activation-plans/a.yaml", "activation-plan/**/*.yaml", "nothing").unmatched).toEqual([
      { pattern: "activation-plan/**/*.yaml", excludedBy: [] },
      { pattern: "nothing", excludedBy: [] },
    ]);
    expect(pick("activation-plans/a.yaml", "!activation-plans/*.yaml").unmatched).toEqual([
      { pattern: "activation-plans/a.yaml", excludedBy: ["activation-plans/*.yaml"] },
    ]);
    expect(pick("activation-plans/*.md").unmatched).toEqual([
      { pattern: "activation-plans/*.md", excludedBy: [] },
    ]); // globs pick plan files only
  });

  it("says which exclusion left a pattern with nothing", () => {
    const m = selectionMatcher(parseSelection(["!activation-plans/**"]));
    expect(noMatchMessage(m.unmatched(paths))).toMatch(
      /^every plan file 'activation-plans\/\*\*\/\*\.\{yml,yaml\}' matches is excluded by '!activation-plans\/\*\*'\. /,
    );
    expect(noMatchMessage([{ pattern: "nothing/here", excludedBy: [] }])).toMatch(
      /^no plan files match 'nothing\/here'\. /,
    );
  });
});
