// A goal's code: its changes commit by commit (who, why, which files) with the diff of the picked
// file, and its files as a tree with the picked file's text (rebuilt from the diffs) and history.
import { useMemo, useState } from 'preact/hooks';
import { Badge, Empty, Panel, Time } from '../../components/bits';
import { DiffView, LineColumns } from '../../components/DiffView';
import { ErrorNotice } from '../../components/ErrorNotice';
import { diffOf, filesOf, treeOf, type FileState, type TreeNode } from './files';
import { useCodeChanges, type CodeChange } from './records';

type Tab = 'changes' | 'files';

interface Commit {
  id: string;
  role: string;
  agent: string | null;
  jobId: string | null;
  reasoning: string;
  createdAt: string;
  changes: CodeChange[];
}

function commitsOf(changes: readonly CodeChange[]): Commit[] {
  const commits: Commit[] = [];
  for (const change of changes) {
    let commit = commits.find((c) => c.id === change.commitId);
    if (!commit) {
      commit = {
        id: change.commitId,
        role: change.role,
        agent: change.agent?.name ?? null,
        jobId: change.job?.id ?? null,
        reasoning: change.reasoning,
        createdAt: change.createdAt,
        changes: [],
      };
      commits.push(commit);
    }
    commit.changes.push(change);
  }
  return commits;
}

export function CodePanel({ taskId }: { taskId: string }) {
  const records = useCodeChanges(taskId);
  const changes = records.data?.nodes ?? [];
  const [tab, setTab] = useState<Tab>('changes');
  const [selected, setSelected] = useState<string | null>(null);
  const [file, setFile] = useState<string | null>(null);
  const commits = useMemo(() => commitsOf(changes), [changes]);
  const files = useMemo(() => filesOf(changes), [changes]);
  const shown = changes.find((c) => c.id === selected) ?? null;
  const openChange = (id: string) => {
    setSelected(id);
    setTab('changes');
  };

  return (
    <Panel
      title={`Code (${commits.length} ${commits.length === 1 ? 'commit' : 'commits'}, ${files.size} ${files.size === 1 ? 'file' : 'files'})`}
      class="code-panel"
      actions={
        <div class="tabs" role="tablist">
          {(['changes', 'files'] as const).map((t) => (
            <button type="button" role="tab" aria-selected={tab === t} class={`chip ${tab === t ? 'on' : ''}`} onClick={() => setTab(t)} key={t}>
              {t}
            </button>
          ))}
        </div>
      }
    >
      <ErrorNotice error={records.error} />
      {records.data?.truncated && <p class="small muted">Only the first 1,000 changes are shown.</p>}
      {changes.length === 0 ? (
        <Empty>{records.loading ? 'Reading the changes…' : 'No code changes yet: they appear as the roles commit.'}</Empty>
      ) : tab === 'changes' ? (
        <div class="code-split">
          <ol class="commits" aria-label="Commits">
            {commits.map((commit) => (
              <li class="commit" data-commit={commit.id} key={commit.id}>
                <header>
                  <Badge value={commit.role} kind="role" />
                  {commit.agent && <span class="small">{commit.agent}</span>}
                  <code class="small muted" title={commit.id}>
                    {commit.id.slice(0, 10)}
                  </code>
                  {commit.jobId && <span class="small muted">job #{commit.jobId}</span>}
                  <span class="small muted">
                    <Time at={commit.createdAt} />
                  </span>
                </header>
                <p class="reasoning" title={commit.reasoning}>
                  {commit.reasoning || <span class="muted">no reasoning given</span>}
                </p>
                <ul class="commit-files">
                  {commit.changes.map((change) => {
                    const diff = diffOf(change);
                    return (
                      <li key={change.id}>
                        <button
                          type="button"
                          class={`link change ${selected === change.id ? 'selected' : ''}`}
                          data-change-id={change.id}
                          data-path={change.path}
                          aria-pressed={selected === change.id}
                          onClick={() => setSelected(change.id)}
                        >
                          <span class={`badge badge-change-${change.changeType.toLowerCase()}`}>{change.changeType}</span>
                          <code>{change.path}</code>
                          <span class="diff-counts small">
                            <span class="added">+{diff.added}</span> <span class="removed">−{diff.removed}</span>
                          </span>
                        </button>
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
          </ol>
          <div class="code-view">
            {shown ? <DiffView path={shown.path} diff={shown.diff} changeType={shown.changeType} /> : <Empty>Pick a file of a commit to see its diff.</Empty>}
          </div>
        </div>
      ) : (
        <div class="code-split">
          <nav class="file-tree" aria-label="Files">
            <Tree node={treeOf(files.keys())} files={files} picked={file} onPick={setFile} />
          </nav>
          <div class="code-view">
            {file && files.get(file) ? <FileView file={files.get(file)!} onChange={openChange} /> : <Empty>Pick a file.</Empty>}
          </div>
        </div>
      )}
    </Panel>
  );
}

function Tree({ node, files, picked, onPick }: { node: TreeNode; files: Map<string, FileState>; picked: string | null; onPick: (path: string) => void }) {
  return (
    <ul class="tree">
      {node.children.map((child) =>
        child.path === null ? (
          <li key={`d:${child.name}`}>
            <details open>
              <summary class="folder">{child.name}/</summary>
              <Tree node={child} files={files} picked={picked} onPick={onPick} />
            </details>
          </li>
        ) : (
          <li key={child.path}>
            <button
              type="button"
              class={`link file ${picked === child.path ? 'selected' : ''} ${files.get(child.path)?.deleted ? 'deleted' : ''}`}
              data-path={child.path}
              onClick={() => onPick(child.path!)}
            >
              {child.name}
              <span class="muted small"> ({files.get(child.path)?.changes.length ?? 0})</span>
            </button>
          </li>
        ),
      )}
    </ul>
  );
}

function FileView({ file, onChange }: { file: FileState; onChange: (id: string) => void }) {
  return (
    <div class="file-view" data-path={file.path}>
      <header class="diff-head">
        <code class="diff-path">{file.path}</code>
        {file.deleted && <Badge value="deleted" kind="change-delete" />}
        <span class="small muted">
          {file.changes.length} {file.changes.length === 1 ? 'change' : 'changes'}
        </span>
      </header>
      {file.lines ? (
        <table class="diff-table file-text" aria-label={`Text of ${file.path}`}>
          <LineColumns numbers={1} />
          <tbody>
            {file.lines.map((line, i) => (
              <tr key={i}>
                <td class="ln">{i + 1}</td>
                <td class="code">
                  <span class="text">{line}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted small file-unknown">The text is not known here: {file.unknown}. Its changes tell what is:</p>
      )}
      <h3>History</h3>
      <ol class="file-history">
        {file.changes.map((change) => (
          <li key={change.id}>
            <button type="button" class="link" onClick={() => onChange(change.id)}>
              <span class={`badge badge-change-${change.changeType.toLowerCase()}`}>{change.changeType}</span>
              {change.role} · <code>{change.commitId.slice(0, 10)}</code> · <Time at={change.createdAt} />
            </button>
            <span class="small muted"> {change.reasoning.split('\n')[0]}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
