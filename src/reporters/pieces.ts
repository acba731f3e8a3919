/**
 * Pretty-printed JSON written piece by piece: a report with a hundred thousand findings is never held as one string
 * (nor as one object tree for JSON.stringify), and its text is exactly `JSON.stringify(document, null, 2)`.
 */
import { randomBytes } from 'node:crypto';

/** Array items stringified per piece: large enough that V8 does the indenting, small enough to stay a few MB. */
export const ITEMS_PER_PIECE = 100;

/**
 * Stands in a document for its one large array until the array is written piece by piece. Random per process, so
 * no text from a scanned file (a diagnostic quoting it) can be mistaken for it.
 */
const ITEMS_MARKER = `\u0000s3lint:items:${randomBytes(8).toString('hex')}\u0000`;

/**
 * `items`, each converted by `convert` when its piece is written, as `JSON.stringify` prints the elements of an
 * array nested `depth` spaces deep: comma-separated, one piece per `ITEMS_PER_PIECE` items, each ending with a
 * line break, without the brackets.
 */
export function* arrayItemPieces<T>(items: readonly T[], depth: number, convert: (item: T) => unknown = (item) => item): Generator<string> {
  for (let start = 0; start < items.length; start += ITEMS_PER_PIECE) {
    const last = start + ITEMS_PER_PIECE >= items.length;
    yield `${indentedItems(items.slice(start, start + ITEMS_PER_PIECE).map(convert), depth)}${last ? '' : ','}\n`;
  }
}

/**
 * The text of `JSON.stringify(document, null, 2)` followed by a line break, where `document` holds `[itemsMarker()]`
 * as the array that `items` fills: the text around it at once, the items in pieces.
 */
export function* documentPieces<T>(document: unknown, items: readonly T[], convert: (item: T) => unknown = (item) => item): Generator<string> {
  const text = JSON.stringify(document, null, 2);
  const marker = JSON.stringify(ITEMS_MARKER);
  const at = text.indexOf(marker);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const depth = at - lineStart;
  if (items.length === 0) {
    // `[]` on the opening line, as JSON.stringify prints an empty array.
    const opening = text.lastIndexOf('[', lineStart);
    yield `${text.slice(0, opening)}[]${text.slice(text.indexOf(']', at) + 1)}\n`;
    return;
  }
  yield text.slice(0, lineStart);
  yield* arrayItemPieces(items, depth, convert);
  yield `${text.slice(at + marker.length + 1)}\n`;
}

/** The value to put in a document where `documentPieces` is to write its large array. */
export function itemsMarker(): string {
  return ITEMS_MARKER;
}

/**
 * The items as JSON.stringify prints them `depth` spaces deep (an even number of at least 2): stringified inside
 * arrays nested deep enough, so V8 indents them and no string is rewritten.
 */
function indentedItems(items: readonly unknown[], depth: number): string {
  const levels = depth / 2 - 1;
  let wrapped: unknown = items;
  for (let level = 0; level < levels; level++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // `[\n  [\n    …` opening lines and `…\n  ]\n]` closing lines, one per level.
  let head = 0;
  for (let level = 0; level <= levels; level++) head = text.indexOf('\n', head) + 1;
  let tail = text.length;
  for (let level = 0; level <= levels; level++) tail = text.lastIndexOf('\n', tail - 1);
  return text.slice(head, tail);
}
