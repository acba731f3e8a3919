/** s3lint's public API. */
export { lint, type LintOptions } from './engine/lint.js';
export { defineRule, formatMessage, type AnyRule, type Rule, type RuleContext, type RuleMeta, type PresetChoice } from './engine/rule.js';
export { exitCodeFor, type Evaluation, type Finding, type RunResult, type Summary, type FailOn } from './engine/result.js';
export { PRACTICES, type PracticeKey } from './engine/practices.js';
export { RULES, rulesForPreset, findRule } from '../rules/index.js';
export { formatText, type TextOptions } from './reporters/text.js';
export { formatJson } from './reporters/json.js';
export type * from './graph/types.js';
export type { BucketView, S3Views } from './graph/s3.js';
export { loadConfig, findConfigFile, applyConfig, type S3lintConfig, type ConfiguredRule } from './config/config.js';
export {
  applyBaseline,
  applyBaselineToResult,
  createBaseline,
  describeResolved,
  formatBaseline,
  loadBaseline,
  parseBaseline,
  type Baseline,
  type BaselineEntry,
} from './engine/baseline.js';
export { loadPlugins, PLUGIN_API_VERSION, type PluginApi, type LoadedPlugins } from './engine/plugins.js';
export { formatSarif } from './reporters/sarif.js';
export { formatGithub } from './reporters/github.js';
export { formatJunit } from './reporters/junit.js';
