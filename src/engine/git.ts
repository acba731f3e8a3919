import { execFileSync } from 'node:child_process';
import path from 'node:path';

export class GitError extends Error {}

/**
 * Files changed since `ref` (committed, staged, unstaged and untracked), as absolute paths. The only process
 * s3lint ever starts, and only when `--changed-since` asks for it.
 */
export function changedFilesSince(ref: string, cwd: string): string[] {
  const git = (args: string[]): string => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new GitError(`git ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`);
    }
  };
  const root = git(['rev-parse', '--show-toplevel']).trim();
  // `--` keeps a ref that looks like a path from being read as one; the merge base is what a pull request compares.
  const base = git(['merge-base', ref, 'HEAD']).trim();
  const changed = git(['diff', '--name-only', '--no-renames', '--no-relative', base, '--']).split('\n');
  const untracked = git(['ls-files', '--others', '--exclude-standard', '--full-name']).split('\n');
  return [...new Set([...changed, ...untracked].filter(Boolean))].map((file) => path.join(root, file));
}
