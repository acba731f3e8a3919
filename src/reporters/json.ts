import type { RunResult } from '../engine/result.js';

/** The JSON report: the RunResult as is (the contract in the README), pretty-printed, ending with a newline. */
export function formatJson(result: RunResult): string {
  return [...jsonChunks(result)].join('');
}

/** Array items stringified per piece: large enough that V8 does the indenting, small enough to stay a few MB. */
export const ITEMS_PER_PIECE = 100;

/**
 * The same text as `formatJson`, piece by piece (up to `ITEMS_PER_PIECE` findings, evaluations or diagnostics
 * each), so that a scan with a hundred thousand findings is written without ever holding the whole report as one
 * string.
 */
export function* jsonChunks(result: RunResult): Generator<string> {
  const entries = Object.entries(result).filter(([, value]) => value !== undefined);
  yield '{\n';
  for (const [index, [key, value]] of entries.entries()) {
    const comma = index < entries.length - 1 ? ',' : '';
    if (Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      for (let start = 0; start < value.length; start += ITEMS_PER_PIECE) {
        const last = start + ITEMS_PER_PIECE >= value.length;
        yield `${itemsAtDepthTwo(value.slice(start, start + ITEMS_PER_PIECE))}${last ? '' : ','}\n`;
      }
      yield `  ]${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replaceAll('\n', '\n  ')}${comma}\n`;
    }
  }
  yield '}\n';
}

/**
 * The items as `JSON.stringify(result, null, 2)` prints them inside a top-level array property, comma-separated,
 * without the brackets: stringified inside a wrapper of that shape, so V8 indents them and no string is rewritten.
 */
function itemsAtDepthTwo(items: readonly unknown[]): string {
  const text = JSON.stringify({ items }, null, 2);
  // `{\n  "items": [\n` … `\n  ]\n}`
  return text.slice('{\n  "items": [\n'.length, text.length - '\n  ]\n}'.length);
}
