import type { RunResult } from '../engine/result.js';

/** The JSON report: the RunResult as is (the contract in the README), pretty-printed, ending with a newline. */
export function formatJson(result: RunResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
