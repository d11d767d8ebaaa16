// The quality gates of a goal's policy, judged on its run's latest facts the way the director judges
// them (io.agentry.core.goals.QualityGates), so the page can show each gate while the goal runs:
// `pending` until the fact it needs exists (no test run or review yet in this iteration).

export type GateState = 'passed' | 'failed' | 'pending';

export interface Gate {
  name: string;
  state: GateState;
  detail: string;
}

type Facts = Record<string, unknown>;

export function gates(policy: Record<string, unknown>, facts: Facts): Gate[] {
  const tests = (facts.tests ?? null) as Facts | null;
  const review = (facts.review ?? null) as Facts | null;
  const list: Gate[] = [];
  if (policy.requireTestsPass !== false) {
    list.push(
      !tests
        ? { name: 'tests', state: 'pending', detail: 'no test run yet' }
        : {
            name: 'tests',
            state: tests.success === true ? 'passed' : 'failed',
            detail: `${num(tests.passed)} passed, ${num(tests.failed)} failed, ${num(tests.errors)} errors`,
          },
    );
  }
  if (typeof policy.minCoverage === 'number') {
    const coverage = tests?.coverage;
    list.push(
      typeof coverage !== 'number'
        ? { name: 'coverage', state: tests ? 'failed' : 'pending', detail: tests ? 'not measured' : 'no test run yet' }
        : {
            name: 'coverage',
            state: coverage >= policy.minCoverage ? 'passed' : 'failed',
            detail: `${coverage}% of ${policy.minCoverage}% required`,
          },
    );
  }
  if (policy.requireLintClean === true) {
    const clean = tests?.lintClean;
    list.push(
      typeof clean !== 'boolean'
        ? { name: 'lint', state: tests ? 'failed' : 'pending', detail: tests ? 'not run' : 'no test run yet' }
        : { name: 'lint', state: clean ? 'passed' : 'failed', detail: clean ? 'clean' : String(tests?.lintOutput ?? 'findings') },
    );
  }
  if (policy.requireArchitectApproval !== false) {
    list.push(
      !review
        ? { name: 'architect approval', state: 'pending', detail: 'no review yet' }
        : {
            name: 'architect approval',
            state: review.approved === true ? 'passed' : 'failed',
            detail: review.approved === true ? 'approved' : String(review.comments ?? 'no approval'),
          },
    );
  }
  return list;
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
