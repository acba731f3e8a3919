import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  name: string;
  version: string;
  homepage: string;
  /** The folder holding package.json: docs ship beside it. */
  root: string;
}

let cached: PackageInfo | undefined;

/** s3lint's own package.json, found upward from this module (from `src/` under vitest, from `dist/src/` when built). */
export function packageInfo(): PackageInfo {
  if (cached) return cached;
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(directory, 'package.json');
    try {
      const json = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string; homepage?: string };
      if (json.name === 's3lint') {
        cached = { name: json.name, version: json.version ?? '0.0.0', homepage: json.homepage ?? '', root: directory };
        return cached;
      }
    } catch {
      // keep looking upward
    }
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error('s3lint: cannot find its own package.json');
    directory = parent;
  }
}

/** The absolute URL of a rule's documentation, built from `homepage`. */
export function ruleDocsUrl(ruleId: string): string {
  const base = packageInfo().homepage.replace(/#.*$/, '').replace(/\/$/, '');
  return `${base}/blob/main/rules/${ruleId}.md`;
}
