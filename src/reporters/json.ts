import type { RunResult } from '../engine/result.js';

/** The JSON report: the RunResult as is (the contract in the README), pretty-printed, ending with a newline. */
export function formatJson(result: RunResult): string {
  return [...jsonChunks(result)].join('');
}

/**
 * The same text as `formatJson`, piece by piece: one piece per finding, evaluation and diagnostic, so that a scan
 * with a hundred thousand findings is written without ever holding the whole report as one string.
 */
export function* jsonChunks(result: RunResult): Generator<string> {
  const entries = Object.entries(result).filter(([, value]) => value !== undefined);
  yield '{\n';
  for (const [index, [key, value]] of entries.entries()) {
    const comma = index < entries.length - 1 ? ',' : '';
    if (Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      for (let i = 0; i < value.length; i++) yield `    ${indented(value[i], 4)}${i < value.length - 1 ? ',' : ''}\n`;
      yield `  ]${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: ${indented(value, 2)}${comma}\n`;
    }
  }
  yield '}\n';
}

/** `JSON.stringify(value, null, 2)` as it reads nested `depth` spaces deep (strings never hold a raw newline). */
function indented(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${' '.repeat(depth)}`);
}
