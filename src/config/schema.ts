/**
 * The JSON schema of the configuration file. It is built here from the rule registry and written to
 * `s3lint.schema.json` at the package root for editors; a test fails when the file and `buildConfigSchema(RULES)`
 * differ (update it with `S3LINT_UPDATE_SCHEMA=1 npx vitest run test/config.test.ts`). s3lint validates with the
 * schema built here, which that test keeps identical to the shipped file.
 */
import type { AnyRule } from '../engine/rule.js';
import { PRESET_NAMES } from '../engine/rule.js';

/** Looked for in this order in each folder; the first one present wins. */
export const CONFIG_FILE_NAMES = ['.s3lint.yaml', '.s3lint.yml', 's3lint.config.json'] as const;

/** The settings of a rule, the shorthand strings. */
export const RULE_SEVERITY_SETTINGS = ['off', 'error', 'warning', 'note'] as const;

export const FAIL_ON_VALUES = ['error', 'warning', 'note', 'none'] as const;

/** The configuration's own keys, in the order messages list them (`$schema` is accepted but not listed). */
export const CONFIG_KEYS = ['preset', 'rules', 'ignore', 'varFiles', 'parameters', 'failOn', 'compat'] as const;

export const CONFIG_SCHEMA_ID = 'https://raw.githubusercontent.com/s3lint/s3lint/main/s3lint.schema.json';

/** A negated or empty ignore pattern is rejected: `!` would read as gitignore's negation, which s3lint does not do. */
export const IGNORE_PATTERN_REGEX = '^[^!]';

export type JsonSchema = { [key: string]: unknown };

export function buildConfigSchema(rules: readonly AnyRule[]): JsonSchema {
  const ruleIds = rules.map((rule) => rule.id);
  const ruleProperties: Record<string, JsonSchema> = {};
  for (const rule of rules) {
    ruleProperties[rule.id] = {
      $ref: '#/definitions/ruleSetting',
      description: `${rule.meta.title}. ${rule.meta.description} Default severity: ${rule.meta.severity}.`,
    };
  }
  const severity: JsonSchema = {
    type: 'string',
    enum: [...RULE_SEVERITY_SETTINGS],
    description: '`off` turns the rule off; `error`, `warning` or `note` turns it on with that severity for every finding.',
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: CONFIG_SCHEMA_ID,
    title: 's3lint configuration',
    description:
      'Configuration of s3lint (.s3lint.yaml, .s3lint.yml or s3lint.config.json), found by searching upward from each scanned path to the repository root. Command-line flags override it.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: {
        type: 'string',
        description: 'The schema of this file, for editors. s3lint does not read it.',
      },
      preset: {
        title: 'Preset',
        description: 'The base set of rules: recommended (the default), strict, account-baseline or all. `--preset` overrides it.',
        type: 'string',
        enum: [...PRESET_NAMES],
      },
      rules: {
        title: 'Rules',
        description:
          'Per-rule settings on top of the preset: `off`, a severity (`error`, `warning`, `note`; turns the rule on even when the preset does not run it) or `{ severity, options }`. Keys are rule ids (`s3lint rules` lists them).',
        type: 'object',
        propertyNames: { enum: ruleIds },
        properties: ruleProperties,
      },
      ignore: {
        title: 'Ignored paths',
        description:
          'Glob patterns, relative to the folder of this file, of files and folders not to scan: `*` and `?` within a name, `**` across folders, a trailing `/` for folders only. A pattern without a `/` matches at any depth.',
        type: 'array',
        items: {
          type: 'string',
          pattern: IGNORE_PATTERN_REGEX,
          description: 'A glob such as `build/`, `**/*.generated.tf` or `legacy/**`. Negation (`!`) is not supported.',
        },
      },
      varFiles: {
        title: 'Terraform variable files',
        description: 'Terraform variable files (`.tfvars`, `.tfvars.json`) whose values are used, relative to the folder of this file.',
        type: 'array',
        items: { type: 'string', minLength: 1 },
      },
      parameters: {
        title: 'CloudFormation parameters',
        description: 'Values of CloudFormation template parameters, by parameter name (a list for List<…> parameters).',
        type: 'object',
        additionalProperties: {
          type: ['string', 'number', 'boolean', 'array'],
          items: { type: ['string', 'number', 'boolean'] },
        },
      },
      failOn: {
        title: 'Fail on',
        description: 'The lowest severity that makes the exit code 1 (default error; none never fails). `--fail-on` overrides it.',
        type: 'string',
        enum: [...FAIL_ON_VALUES],
      },
      compat: {
        title: "Other scanners' suppressions",
        description:
          'Honour the suppressions written for checkov (`#checkov:skip=`), trivy and tfsec (`#trivy:ignore:`, `#tfsec:ignore:`), KICS (`# kics-scan …`) and cfn-nag (`Metadata.cfn_nag.rules_to_suppress`): each silences the s3lint rules whose equivalents name its id. Default false.',
        type: 'boolean',
      },
    },
    definitions: {
      ruleSetting: {
        anyOf: [
          severity,
          {
            type: 'object',
            additionalProperties: false,
            properties: {
              severity,
              options: {
                type: 'object',
                description: 'Options of the rule (see its documentation).',
              },
            },
          },
        ],
      },
    },
  };
}

/** The text of `s3lint.schema.json`. */
export function renderConfigSchema(rules: readonly AnyRule[]): string {
  return `${JSON.stringify(buildConfigSchema(rules), null, 2)}\n`;
}
