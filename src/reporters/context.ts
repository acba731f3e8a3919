import type { AnyRule } from '../engine/rule.js';

/** What reporters know beyond the RunResult. Reporters stay pure functions of (result, context). */
export interface ReporterContext {
  /** The rules the run used, in registry order: SARIF's driver rules, JUnit's suites. */
  rules: readonly AnyRule[];
  /** Absolute path of the folder that report paths are relative to (SARIF's SRCROOT). */
  cwd: string;
}
