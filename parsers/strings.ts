/**
 * Strings a parsed tree keeps, made independent of the file's text. In V8 a slice of a string may keep the whole
 * string alive, and a text with one character beyond Latin-1 (an em dash in a comment) is stored at two bytes a
 * character, as is every slice and concatenation of it. The graph of 2,000 generated `.tf` files kept 18 MB of file
 * texts alive that way, and every name and message built from them took twice the bytes.
 */

/** Longer strings are copied by a JSON round trip, which needs no list of their characters. */
const LONGEST_COPIED_BY_CODES = 256;

/**
 * A flat copy of `text` that shares no memory with it, at one byte a character when its characters allow: V8 builds
 * a string from character codes, or from JSON, that way. From codes is twice as fast for the short strings of a tree.
 */
export function detached(text: string): string {
  if (text.length > LONGEST_COPIED_BY_CODES) return JSON.parse(JSON.stringify(text)) as string;
  const codes = new Array<number>(text.length);
  for (let index = 0; index < text.length; index++) codes[index] = text.charCodeAt(index);
  return String.fromCharCode(...codes);
}

/**
 * V8 copies a slice shorter than this rather than pointing into its parent: from a one-byte text, such a slice is
 * already a string of its own.
 */
const SHORTEST_SHARED_SLICE = 13;

/** Strings of one source text, each detached once: a file names `aws_s3_bucket_policy` many times. */
export class StringPool {
  private readonly strings = new Map<string, string>();
  /** Whether the text holds a character beyond Latin-1, so that every slice of it is two bytes a character. */
  private readonly wide: boolean;

  constructor(sourceText: string) {
    this.wide = /[^\u0000-\u00ff]/.test(sourceText);
  }

  /** `text`, a slice of the source text or a string built from slices, as a string the tree may keep. */
  own(text: string): string {
    if (!this.wide && text.length < SHORTEST_SHARED_SLICE) return text;
    let owned = this.strings.get(text);
    if (owned === undefined) {
      owned = detached(text);
      this.strings.set(owned, owned);
    }
    return owned;
  }
}
