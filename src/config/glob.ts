/**
 * A small glob matcher for `ignore`, with gitignore's reading of paths (no negation):
 *
 * - `*` matches any run of characters within one name, `?` one character, `[abc]` / `[a-z]` / `[!a-z]` one of a set;
 *   `\` escapes the next character;
 * - `**` as a whole name matches any number of folders (`**` alone, `a/**`, `**` + `/b`, `a/**` + `/b`);
 * - a pattern without a `/` (other than a trailing one) matches a name at any depth (`*.tf`, `legacy`); a pattern
 *   with one is anchored at the base folder (`modules/old`, `/build`; a leading `/` or `./` only anchors);
 * - a trailing `/` matches folders only;
 * - a pattern that matches a folder ignores everything inside it.
 *
 * Paths are `/`-separated and relative to the base folder. Matching is case-sensitive; `*` also matches names that
 * start with a dot.
 */

export interface CompiledGlob {
  pattern: string;
  regex: RegExp;
  directoryOnly: boolean;
}

/** Compiles one pattern; `undefined` for a pattern that can match nothing (empty, only slashes). */
export function compileGlob(pattern: string): CompiledGlob | undefined {
  let body = pattern;
  const directoryOnly = body.endsWith('/') && !body.endsWith('\\/');
  while (body.endsWith('/') && !body.endsWith('\\/')) body = body.slice(0, -1);
  let anchored = false;
  for (;;) {
    if (body.startsWith('./')) body = body.slice(2);
    else if (body.startsWith('/')) body = body.slice(1);
    else break;
    anchored = true;
  }
  if (body === '' || body === '.') return undefined;
  const segments = body.split('/').filter((segment) => segment !== '');
  if (segments.length > 1) anchored = true;

  let source = anchored ? '' : '(?:[^/]+/)*';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      source += last ? '.*' : '(?:[^/]+/)*';
      return;
    }
    source += segmentSource(segment);
    if (!last) source += '/';
  });
  let regex: RegExp;
  try {
    regex = new RegExp(`^${source}$`);
  } catch {
    // Only a reversed range (`[z-a]`) gets here: such a pattern matches its own text.
    regex = new RegExp(`^${anchored ? '' : '(?:[^/]+/)*'}${[...segments.join('/')].map(escapeRegex).join('')}$`);
  }
  return { pattern, regex, directoryOnly };
}

/** One path name (no `/`) as a regular expression source. */
function segmentSource(segment: string): string {
  let source = '';
  for (let index = 0; index < segment.length; index++) {
    const char = segment[index]!;
    if (char === '\\' && index + 1 < segment.length) {
      source += escapeRegex(segment[++index]!);
    } else if (char === '*') {
      while (segment[index + 1] === '*') index++; // `a**b` inside a name is just `*`
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const set = bracketSource(segment, index);
      if (set === undefined) {
        source += '\\[';
      } else {
        source += set.source;
        index = set.end;
      }
    } else {
      source += escapeRegex(char);
    }
  }
  return source;
}

/** `[…]` starting at `start`: its regex source and the index of the closing `]`, or undefined when unclosed. */
function bracketSource(segment: string, start: number): { source: string; end: number } | undefined {
  let index = start + 1;
  let negated = false;
  if (segment[index] === '!' || segment[index] === '^') {
    negated = true;
    index++;
  }
  let body = '';
  let first = true;
  for (; index < segment.length; index++) {
    const char = segment[index]!;
    if (char === ']' && !first) {
      if (body === '') return undefined;
      return { source: `${negated ? '[^/' : '['}${body}]`, end: index };
    }
    first = false;
    if (char === '\\' && index + 1 < segment.length) {
      body += escapeClassChar(segment[++index]!);
    } else if (char === '-' && body !== '' && segment[index + 1] !== ']' && index + 1 < segment.length) {
      body += '-';
    } else {
      body += escapeClassChar(char);
    }
  }
  return undefined;
}

function escapeRegex(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}

function escapeClassChar(char: string): string {
  return /[\]\\^\-[]/.test(char) ? `\\${char}` : char;
}

/**
 * Whether `relativePath` (`/`-separated, relative to the patterns' base folder, no `..`) or one of its parent
 * folders matches one of the patterns. `isDirectory` says whether the path itself is a folder.
 */
export function matchesAnyGlob(relativePath: string, globs: readonly CompiledGlob[], isDirectory = false): boolean {
  if (globs.length === 0) return false;
  const names = relativePath.split('/').filter((name) => name !== '' && name !== '.');
  if (names.length === 0) return false;
  for (let length = 1; length <= names.length; length++) {
    const candidate = names.slice(0, length).join('/');
    const candidateIsDirectory = length < names.length || isDirectory;
    for (const glob of globs) {
      if (glob.directoryOnly && !candidateIsDirectory) continue;
      if (glob.regex.test(candidate)) return true;
    }
  }
  return false;
}
