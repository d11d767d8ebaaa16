// The files of a goal's workspace as far as its code changes tell them: every path a change
// touched, its changes in order, and its text rebuilt by applying the diffs from the change that
// added it. The API serves no file contents, so a file whose history does not start with its
// addition (it was there before the first recorded commit), or whose diff does not apply, is shown
// by its changes only.
import { applyDiff, parseDiff, type FileDiff } from '../../components/diff';
import type { CodeChange } from './records';

export interface FileState {
  path: string;
  /** Oldest first. */
  changes: CodeChange[];
  /** The text after the last change; null when the changes do not tell it (see `unknown`). */
  lines: string[] | null;
  unknown: string | null;
  deleted: boolean;
}

const parsed = new WeakMap<CodeChange, FileDiff>();

export function diffOf(change: CodeChange): FileDiff {
  let diff = parsed.get(change);
  if (!diff) {
    diff = parseDiff(change.diff);
    parsed.set(change, diff);
  }
  return diff;
}

/** Every file the changes touched, by path. */
export function filesOf(changes: readonly CodeChange[]): Map<string, FileState> {
  const files = new Map<string, FileState>();
  const state = (path: string) => {
    let file = files.get(path);
    if (!file) {
      file = { path, changes: [], lines: null, unknown: 'it existed before the first change recorded here', deleted: false };
      files.set(path, file);
    }
    return file;
  };
  for (const change of changes) {
    const diff = diffOf(change);
    const file = state(change.path);
    file.changes.push(change);
    let before: readonly string[] | null;
    if (change.changeType === 'ADD') {
      before = [];
    } else if ((change.changeType === 'RENAME' || change.changeType === 'COPY') && diff.renamedFrom) {
      const source = state(diff.renamedFrom);
      before = source.lines;
      if (change.changeType === 'RENAME') {
        source.deleted = true;
        source.changes.push(change);
      }
      if (!before) file.unknown = source.unknown;
    } else {
      before = file.lines;
    }
    if (change.changeType === 'DELETE') {
      file.deleted = true;
      file.lines = null;
      file.unknown = 'deleted';
      continue;
    }
    file.deleted = false;
    if (diff.binary) {
      file.lines = null;
      file.unknown = 'a binary file';
    } else if (before) {
      file.lines = applyDiff(before, diff);
      file.unknown = file.lines ? null : `the change of ${change.createdAt} does not apply to the text before it (a diff cut short, or a change not recorded)`;
    }
  }
  return files;
}

export interface TreeNode {
  name: string;
  /** The file's path; null for a folder. */
  path: string | null;
  children: TreeNode[];
}

/** The paths as folders and files, folders first, each level by name. */
export function treeOf(paths: Iterable<string>): TreeNode {
  const root: TreeNode = { name: '', path: null, children: [] };
  for (const path of paths) {
    const parts = path.split('/');
    let node = root;
    parts.forEach((part, i) => {
      const leaf = i === parts.length - 1;
      let child = node.children.find((c) => c.name === part && (c.path === null) === !leaf);
      if (!child) {
        child = { name: part, path: leaf ? path : null, children: [] };
        node.children.push(child);
      }
      node = child;
    });
  }
  const sort = (node: TreeNode) => {
    node.children.sort((a, b) => (a.path === null) !== (b.path === null) ? (a.path === null ? -1 : 1) : a.name.localeCompare(b.name));
    node.children.forEach(sort);
  };
  sort(root);
  return root;
}
