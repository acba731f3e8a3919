import path from 'node:path';

/** The path as reports show it: relative to `cwd` with `/` separators, or absolute when it lies outside `cwd`. */
export function displayPath(absolutePath: string, cwd: string): string {
  const relative = path.relative(cwd, absolutePath);
  if (relative === '') return '.';
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  if (outside) return absolutePath.split(path.sep).join('/');
  return relative.split(path.sep).join('/');
}
