// One file's unified diff: hunk by hunk, each line with its old and new number, added lines green,
// removed lines red; the counts of both in the header.
import { useMemo } from 'preact/hooks';
import { parseDiff } from './diff';

export function DiffView({ path, diff, changeType }: { path: string; diff: string; changeType?: string }) {
  const parsed = useMemo(() => parseDiff(diff), [diff]);
  return (
    <div class="diff" data-path={path}>
      <header class="diff-head">
        <code class="diff-path">
          {parsed.renamedFrom ? `${parsed.renamedFrom} → ` : ''}
          {path}
        </code>
        {changeType && <span class={`badge badge-change-${changeType.toLowerCase()}`}>{changeType}</span>}
        <span class="diff-counts">
          <span class="added">+{parsed.added}</span> <span class="removed">−{parsed.removed}</span>
        </span>
      </header>
      {parsed.binary ? (
        <p class="muted small">A binary file: no lines to show.</p>
      ) : parsed.hunks.length === 0 ? (
        <p class="muted small">No line changed (a mode change or an empty file).</p>
      ) : (
        <table class="diff-table">
          <LineColumns />
          {parsed.hunks.map((hunk, h) => (
            <tbody key={h}>
              <tr class="diff-hunk">
                <td colSpan={3}>{hunk.header}</td>
              </tr>
              {hunk.lines.map((line, i) => (
                <tr class={`diff-line diff-${line.kind}`} data-kind={line.kind} key={i}>
                  <td class="ln">{line.oldNo ?? ''}</td>
                  <td class="ln">{line.newNo ?? ''}</td>
                  <td class="code">
                    <span class="mark" aria-hidden="true">
                      {line.kind === 'add' ? '+' : line.kind === 'remove' ? '−' : ' '}
                    </span>
                    <span class="text">{line.text}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      )}
    </div>
  );
}

/** Two narrow number columns and the code (the table's layout is fixed by its first row). */
export function LineColumns({ numbers = 2 }: { numbers?: number }) {
  return (
    <colgroup>
      {Array.from({ length: numbers }, (_, i) => (
        <col class="ln-col" key={i} />
      ))}
      <col />
    </colgroup>
  );
}
