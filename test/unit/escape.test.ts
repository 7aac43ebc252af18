// Plan text in GitHub Markdown: no invisible reordering, no issue references or mentions.
import { describe, expect, it } from "vitest";
import { code, escapeSentence, escapeText } from "../../src/render/escape.js";

describe("escapeText", () => {
  it("shows bidi controls and zero-width characters instead of obeying them", () => {
    const hostile = "safe\u202Eevil\u200Bname\u2066x\u2069\uFEFF";
    expect(escapeText(hostile)).toBe("safe\uFFFDevil\uFFFDname\uFFFDx\uFFFD\uFFFD");
    expect(code(hostile)).toBe(escapeText(hostile)); // not a code span, where they would still act
  });

  it("breaks issue references and mentions with an invisible word joiner, keeping the text as read", () => {
    const out = escapeText("fixes #12, acme/plans#7, GH-3 and @octocat; &#64; stays text");
    expect(out.replace(/&#64;/g, "@")).not.toMatch(/#\d|GH-\d|@\w/i); // as GitHub reads the text
    expect(out.replace(/\u2060/g, "")).toBe(
      "fixes #12, acme/plans#7, GH-3 and &#64;octocat; &amp;#64; stays text",
    );
  });
});

describe("escapeSentence", () => {
  it("shows our `quoted` parts as code spans and escapes the rest; a stray backtick leaves it all escaped", () => {
    expect(escapeSentence("rule `production` (policy.yaml:8): sandbox `prod` @team")).toBe(
      "rule `production` (policy.yaml:8): sandbox `prod` &#64;\u2060team",
    );
    expect(escapeSentence("a `b` c `d")).toBe("a \\`b\\` c \\`d");
    // Plan text inside a span that could not be code stays escaped: no mention, no markup.
    expect(escapeSentence("name `x|<b>@y` end")).toBe("name x\\|&lt;b&gt;&#64;\u2060y end");
  });
});
