// What people read (PR comments, job summaries), made comparable from run to run for snapshots: the
// virtual clock starts at the wall clock's time, the simulator's run IDs are random, and the harness
// numbers workflow runs across the files a worker runs.

/** `markdown` with times, durations, workflow run numbers and the given run IDs replaced by placeholders. */
export function view(markdown: string, runIds: Iterable<string> = []): string {
  let out = markdown;
  let n = 0;
  for (const id of runIds) out = out.replaceAll(id, `<run-${++n}>`);
  return out
    .replace(/\brun=\d+/g, "run=<run>")
    .replace(/\/actions\/runs\/\d+/g, "/actions/runs/<run>")
    .replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?Z?/g, "<time>")
    .replace(/\b\d\d:\d\d:\d\d\b/g, "<hh:mm:ss>")
    .replace(/\b\d+(\.\d+)? (ms|s|min)\b/g, "<duration>");
}
