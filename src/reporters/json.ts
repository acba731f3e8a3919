import type { RunResult } from '../engine/result.js';
import { arrayItemPieces } from './pieces.js';

/** The JSON report: the RunResult as is (the contract in the README), pretty-printed, ending with a newline. */
export function formatJson(result: RunResult): string {
  return [...jsonChunks(result)].join('');
}

/**
 * The same text as `formatJson`, piece by piece (findings, evaluations and diagnostics a hundred at a time), so
 * that a scan with a hundred thousand findings is written without ever holding the whole report as one string.
 */
export function* jsonChunks(result: RunResult): Generator<string> {
  const entries = Object.entries(result).filter(([, value]) => value !== undefined);
  yield '{\n';
  for (const [index, [key, value]] of entries.entries()) {
    const comma = index < entries.length - 1 ? ',' : '';
    if (Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      yield* arrayItemPieces(value, 4);
      yield `  ]${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replaceAll('\n', '\n  ')}${comma}\n`;
    }
  }
  yield '}\n';
}
