/**
 * Where each report goes. One scan can feed several outputs: `--format text --format sarif:reports/s3lint.sarif
 * --format junit:reports/junit.xml`. At most one format goes to stdout; `--output FILE` names the file of a single
 * format given without a path.
 */
export const FORMAT_NAMES = ['text', 'json', 'github', 'junit', 'sarif'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export interface OutputSpec {
  format: FormatName;
  /** Undefined: standard output. */
  file?: string;
}

export class OutputSpecError extends Error {}

export function parseOutputSpecs(formats: readonly string[], output: string | undefined): OutputSpec[] {
  const specs = (formats.length > 0 ? formats : ['text']).map(parseOne);
  const toStdout = specs.filter((spec) => spec.file === undefined);
  if (output !== undefined) {
    if (toStdout.length !== 1) {
      throw new OutputSpecError('--output names the file of the one format given without a path; give each format its own path instead (--format sarif:FILE)');
    }
    toStdout[0]!.file = output;
  } else if (toStdout.length > 1) {
    throw new OutputSpecError(`only one format can go to standard output; give the others a file: --format ${toStdout[1]!.format}:FILE`);
  }
  const files = specs.flatMap((spec) => (spec.file === undefined ? [] : [spec.file]));
  const repeated = files.find((file, index) => files.indexOf(file) !== index);
  if (repeated) throw new OutputSpecError(`two formats would write the same file: ${repeated}`);
  return specs;
}

function parseOne(text: string): OutputSpec {
  const colon = text.indexOf(':');
  const name = colon < 0 ? text : text.slice(0, colon);
  const file = colon < 0 ? undefined : text.slice(colon + 1);
  if (!(FORMAT_NAMES as readonly string[]).includes(name)) {
    throw new OutputSpecError(`unknown format "${name}"; choose one of ${FORMAT_NAMES.join(', ')} (optionally as FORMAT:FILE)`);
  }
  if (file === '') throw new OutputSpecError(`--format ${name}: needs a file name after the colon`);
  return { format: name as FormatName, file };
}
