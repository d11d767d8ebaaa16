// A goal's test runs (the tester runs the suite itself): one row per run with its counts, coverage
// and lint, green or red; a row opens to the runner's output.
import { useState } from 'preact/hooks';
import { Badge, Empty, Panel, Time } from '../../components/bits';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useTestResults, type TestResult } from './records';

export function TestResultsPanel({ taskId }: { taskId: string }) {
  const results = useTestResults(taskId);
  const runs = results.data?.nodes ?? [];
  const [open, setOpen] = useState<string | null>(null);
  const last = runs[runs.length - 1];
  return (
    <Panel
      title={`Test runs (${runs.length})`}
      class="tests-panel"
      actions={last && <Badge value={last.success ? 'green' : 'red'} kind={last.success ? 'succeeded' : 'failed'} />}
    >
      <ErrorNotice error={results.error} />
      {runs.length === 0 ? (
        <Empty>{results.loading ? 'Reading the test runs…' : 'No test run yet: the tester runs the suite after the code.'}</Empty>
      ) : (
        <table class="table tests-table">
          <thead>
            <tr>
              <th>Iteration</th>
              <th>Result</th>
              <th>Passed</th>
              <th>Failed</th>
              <th>Errors</th>
              <th>Skipped</th>
              <th>Coverage</th>
              <th>Lint</th>
              <th>When</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <Run run={run} open={open === run.id} onToggle={() => setOpen(open === run.id ? null : run.id)} key={run.id} />
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

function Run({ run, open, onToggle }: { run: TestResult; open: boolean; onToggle: () => void }) {
  const lint = run.details.lintClean;
  return (
    <>
      <tr class="clickable" data-test-run={run.id} data-success={String(run.success)} onClick={onToggle} aria-expanded={open}>
        <td>{run.iteration}</td>
        <td>
          <Badge value={run.success ? 'passed' : 'failed'} kind={run.success ? 'succeeded' : 'failed'} /> <span class="muted small">{run.framework}</span>
        </td>
        <td>{run.passed}</td>
        <td class={run.failed ? 'error-text' : ''}>{run.failed}</td>
        <td class={run.errors ? 'error-text' : ''}>{run.errors}</td>
        <td>{run.skipped}</td>
        <td>{run.coverage == null ? <span class="muted">—</span> : `${run.coverage}%`}</td>
        <td>{typeof lint === 'boolean' ? (lint ? 'clean' : <span class="error-text">findings</span>) : <span class="muted">—</span>}</td>
        <td class="small">
          <Time at={run.createdAt} />
        </td>
      </tr>
      {open && (
        <tr class="details">
          <td colSpan={9}>
            <pre class="console">{run.output || '(no output)'}</pre>
            {typeof run.details.lintOutput === 'string' && run.details.lintOutput && <pre class="console">{run.details.lintOutput}</pre>}
          </td>
        </tr>
      )}
    </>
  );
}
