// Untrusted text made inert where it is printed: no line of a log can start a runner workflow command
// (`::add-mask::`, `::stop-commands::`, `::error` …), and no control character reaches a terminal.

/** A zero-width space between the colons: the line reads the same and the runner sees no command. */
export function inertLog(text: string): string {
  return text.replace(/^([ \t]*):(?=:)/gm, "$1:\u200b");
}

// C0 (but tab and newline), DEL and C1: escapes, carriage returns, bells and terminal controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** For terminals: control characters become U+FFFD, so data cannot move the cursor or recolour the screen. */
export function inertTerminal(text: string): string {
  return text.replace(CONTROL, "\ufffd");
}

/**
 * For the CLI's output streams: a terminal, or a CI step's log where the runner reads workflow
 * commands (control characters first, so a carriage return cannot start a line).
 */
export function inertOutput(text: string): string {
  return inertLog(inertTerminal(text));
}
