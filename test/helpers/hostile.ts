// Text as a hostile plan author, file name or server would write it: workflow commands at line starts,
// line breaks of every kind, terminal escapes, C1 controls, Markdown that acts; or any code units.
import fc from "fast-check";

/**
 * Any code points, lone surrogates included: what `unit: "binary"` gives, without the reverse table of
 * every code point fast-check builds for it on first use under `oneof` (1.4 s of each test worker).
 */
export const anyText = fc.string({ unit: fc.nat({ max: 0x10ffff }).map((n) => String.fromCodePoint(n)) });

export const hostile = fc.oneof(
  anyText,
  fc
    .array(
      fc.constantFrom(
        "::",
        "::add-mask::",
        "::stop-commands::t",
        "::error::",
        " ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "x",
        "\u001b[2J",
        "\u0085",
        "\u009b",
        "@octocat",
        "#1",
      ),
    )
    .map((parts) => parts.join("")),
);

/** As a file name: no `/` or NUL, no lone surrogate (not UTF-8), not empty, not too long. */
export const hostileFileName = hostile.map(
  (s) =>
    `${s
      .replace(/[/\0]/g, "_")
      .replace(/[\ud800-\udfff]/g, "?")
      .slice(0, 60)}x.yaml`,
);
