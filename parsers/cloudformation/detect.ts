/**
 * A cheap content sniff that tells CloudFormation templates (YAML or JSON, SAM included) from the other YAML and
 * JSON files a repository holds (package.json, tsconfig, Kubernetes manifests, docker-compose, CI workflows).
 *
 * No parsing: `indexOf` finds candidate keys and a few character checks around each candidate confirm them, so the
 * cost is linear with a small constant and stops at the first decisive match, even on a 30 MB file.
 */

const SAM_TRANSFORM = 'AWS::Serverless-';

export function looksLikeCloudFormation(text: string): boolean {
  const json = isJsonText(text);
  const indent = json ? 0 : topLevelIndent(text);
  const hasKey = (name: string): boolean => (json ? hasJsonKey(text, name) : hasTopLevelYamlKey(text, name, indent));
  // A Kubernetes manifest (or a CRD describing AWS resources) is never a template, even if it embeds one.
  if (!json && hasKey('apiVersion') && hasKey('kind')) return false;
  if (hasKey('AWSTemplateFormatVersion')) return true;
  if (hasKey('Transform') && text.includes(SAM_TRANSFORM)) return true;
  return hasKey('Resources') && hasAwsTypeValue(text);
}

/**
 * The indentation of the first line holding content: top-level keys sit there. Usually 0, but some templates
 * indent the whole document under `---`.
 */
function topLevelIndent(text: string): number {
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (lineStart < text.length) {
    let pos = skipBlanks(text, lineStart, false);
    const c = text.charCodeAt(pos);
    const isBlankOrComment = c === 0x0a || c === 0x0d || c === 0x23 /* # */ || Number.isNaN(c);
    const isMarkup = c === 0x25 /* % directive */ || isDocumentMarker(text, pos);
    if (!isBlankOrComment && !isMarkup) return pos - lineStart;
    pos = text.indexOf('\n', pos);
    if (pos < 0) break;
    lineStart = pos + 1;
  }
  return 0;
}

function isDocumentMarker(text: string, pos: number): boolean {
  return text.startsWith('---', pos) || text.startsWith('...', pos);
}

function isJsonText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) continue;
    return c === 0x7b; // '{'
  }
  return false;
}

/** `"name" :` anywhere: without parsing, JSON nesting is unknown, and real JSON files never use these keys nested. */
function hasJsonKey(text: string, name: string): boolean {
  const needle = `"${name}"`;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
    if (text.charCodeAt(skipBlanks(text, at + needle.length, true)) === 0x3a /* : */) return true;
  }
  return false;
}

/** `name:` at the top-level indentation of a line, the name optionally quoted. */
function hasTopLevelYamlKey(text: string, name: string, indent: number): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
    let start = at;
    let end = at + name.length;
    const before = text.charCodeAt(at - 1);
    if (before === 0x22 || before === 0x27) {
      // quoted key: the same quote must close it
      if (text.charCodeAt(end) !== before) continue;
      start--;
      end++;
    }
    if (!isLineStart(text, start - indent) || !isBlank(text, start - indent, start)) continue;
    if (text.charCodeAt(skipBlanks(text, end, false)) === 0x3a /* : */) return true;
  }
  return false;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 0x20) return false;
  return true;
}

function isLineStart(text: string, offset: number): boolean {
  if (offset < 0) return false;
  if (offset === 0) return true;
  const previous = text.charCodeAt(offset - 1);
  return previous === 0x0a || (offset === 1 && previous === 0xfeff);
}

/** A `Type` key (YAML or JSON, quoted or not) whose value starts with `AWS::`. */
function hasAwsTypeValue(text: string): boolean {
  const needle = 'Type';
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
    if (!isKeyStart(text.charCodeAt(at - 1))) continue;
    let pos = at + needle.length;
    if (isQuote(text.charCodeAt(pos))) pos++;
    pos = skipBlanks(text, pos, false);
    if (text.charCodeAt(pos) !== 0x3a /* : */) continue;
    pos = skipBlanks(text, pos + 1, false);
    if (isQuote(text.charCodeAt(pos))) pos++;
    if (text.startsWith('AWS::', pos)) return true;
  }
  return false;
}

/** What may precede a key: whitespace, a quote, `{` or `,` (flow style), or nothing. Rules out `ContentType`. */
function isKeyStart(code: number): boolean {
  if (Number.isNaN(code) || isQuote(code)) return true;
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x7b || code === 0x2c;
}

function isQuote(code: number): boolean {
  return code === 0x22 || code === 0x27;
}

/** Skips spaces and tabs, and line breaks too when `acrossLines`. */
function skipBlanks(text: string, pos: number, acrossLines: boolean): number {
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c === 0x20 || c === 0x09 || (acrossLines && (c === 0x0a || c === 0x0d))) pos++;
    else return pos;
  }
}
