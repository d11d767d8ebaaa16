// Unified diffs as git writes them for one file (a code change's `diff`): parsed into hunks of
// numbered lines for the diff viewer, and applied in order to rebuild a file's text where the
// changes tell all of it (the API serves diffs, not file contents).

export type DiffLineKind = 'context' | 'add' | 'remove' | 'note';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** Line number in the old file (context, remove) and in the new one (context, add). */
  oldNo: number | null;
  newNo: number | null;
}

export interface Hunk {
  header: string;
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  lines: DiffLine[];
}

export interface FileDiff {
  /** `diff --git`, mode, index, rename and ---/+++ lines. */
  headers: string[];
  hunks: Hunk[];
  added: number;
  removed: number;
  binary: boolean;
  renamedFrom: string | null;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;

export function parseDiff(diff: string): FileDiff {
  const result: FileDiff = { headers: [], hunks: [], added: 0, removed: 0, binary: false, renamedFrom: null };
  const lines = diff.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  let hunk: Hunk | null = null;
  let oldNo = 0;
  let newNo = 0;
  for (const line of lines) {
    const start = HUNK.exec(line);
    if (start) {
      hunk = {
        header: line,
        oldStart: Number(start[1]),
        oldCount: start[2] === undefined ? 1 : Number(start[2]),
        newStart: Number(start[3]),
        newCount: start[4] === undefined ? 1 : Number(start[4]),
        lines: [],
      };
      result.hunks.push(hunk);
      oldNo = hunk.oldStart;
      newNo = hunk.newStart;
      continue;
    }
    if (!hunk) {
      result.headers.push(line);
      if (line.startsWith('Binary files ') || line === 'GIT binary patch') result.binary = true;
      if (line.startsWith('rename from ')) result.renamedFrom = line.slice('rename from '.length);
      continue;
    }
    const mark = line[0];
    const text = line.slice(1);
    if (mark === '+') {
      hunk.lines.push({ kind: 'add', text, oldNo: null, newNo: newNo++ });
      result.added++;
    } else if (mark === '-') {
      hunk.lines.push({ kind: 'remove', text, oldNo: oldNo++, newNo: null });
      result.removed++;
    } else if (mark === '\\') {
      hunk.lines.push({ kind: 'note', text: line, oldNo: null, newNo: null });
    } else {
      // ' ' (or an empty line some tools write for an empty context line)
      hunk.lines.push({ kind: 'context', text, oldNo: oldNo++, newNo: newNo++ });
    }
  }
  return result;
}

/**
 * Applies one file's diff to its lines before the change. Strict: every context and removed line
 * must be where the hunk says, else the result is null (the text before was not what the diff was
 * made from, so what comes out would be a guess). Whether the last line ends with a newline is not
 * tracked: the viewer shows lines.
 */
export function applyDiff(before: readonly string[], diff: FileDiff): string[] | null {
  const out: string[] = [];
  let cursor = 0; // the next line of `before` not yet copied
  for (const hunk of diff.hunks) {
    // A hunk with no old lines starts after line N (-N,0); otherwise at line N (-N,M).
    const at = hunk.oldCount === 0 ? hunk.oldStart : hunk.oldStart - 1;
    if (at < cursor || at > before.length) return null;
    // A diff cut short (the API caps it) ends inside a hunk: its lines no longer add up.
    const olds = hunk.lines.filter((l) => l.kind === 'context' || l.kind === 'remove').length;
    const news = hunk.lines.filter((l) => l.kind === 'context' || l.kind === 'add').length;
    if (olds !== hunk.oldCount || news !== hunk.newCount) return null;
    out.push(...before.slice(cursor, at));
    cursor = at;
    for (const line of hunk.lines) {
      if (line.kind === 'note') continue;
      if (line.kind === 'add') {
        out.push(line.text);
        continue;
      }
      if (before[cursor] !== line.text) return null;
      if (line.kind === 'context') out.push(line.text);
      cursor++;
    }
  }
  out.push(...before.slice(cursor));
  return out;
}
