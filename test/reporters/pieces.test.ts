/** Documents written piece by piece are exactly JSON.stringify(document, null, 2) plus a newline. */
import { describe, expect, it } from 'vitest';
import { documentPieces, itemsMarker, ITEMS_PER_PIECE } from '../../src/reporters/pieces.js';

const item = (index: number) => ({ id: `r${index}`, at: { line: index, column: 1 }, tags: [], note: 'a "quoted"\nline' });

/** The same document shape with the array in three places: top level, nested in an object, nested in a list. */
const shapes: Record<string, (items: unknown[]) => unknown> = {
  'a top-level key': (items) => ({ version: 1, items, after: { n: 2 } }),
  'an object in a list': (items) => ({ runs: [{ tool: { name: 't' }, results: items, columnKind: 'x' }] }),
  'a list in a list': (items) => ({ deep: [[[{ items }]]] }),
};

describe('documentPieces', () => {
  for (const [where, shape] of Object.entries(shapes)) {
    for (const count of [0, 1, ITEMS_PER_PIECE, ITEMS_PER_PIECE + 1, 2 * ITEMS_PER_PIECE + 37]) {
      it(`writes ${count} items in ${where} exactly as JSON.stringify does`, () => {
        const items = Array.from({ length: count }, (_, index) => index);
        const pieces = [...documentPieces(shape([itemsMarker()]), items, item)];
        expect(pieces.join('')).toBe(`${JSON.stringify(shape(items.map(item)), null, 2)}\n`);
        // The text around the array, then one piece per ITEMS_PER_PIECE items (or one piece for an empty array).
        expect(pieces.length).toBe(count === 0 ? 1 : 2 + Math.ceil(count / ITEMS_PER_PIECE));
      });
    }
  }

  it('converts items only as their piece is written', () => {
    const converted: number[] = [];
    const pieces = documentPieces({ items: [itemsMarker()] }, Array.from({ length: 3 * ITEMS_PER_PIECE }, (_, index) => index), (index) => {
      converted.push(index);
      return index;
    });
    pieces.next(); // the text before the array
    pieces.next(); // the first piece
    expect(converted).toHaveLength(ITEMS_PER_PIECE);
  });
});
