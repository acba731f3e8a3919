import { describe, expect, it } from 'vitest';
import { OutputSpecError, parseOutputSpecs } from '../src/reporters/outputs.js';

describe('parseOutputSpecs', () => {
  it('defaults to text on standard output', () => {
    expect(parseOutputSpecs([], undefined)).toEqual([{ format: 'text', file: undefined }]);
  });

  it('sends the one pathless format to --output', () => {
    expect(parseOutputSpecs(['json'], 'report.json')).toEqual([{ format: 'json', file: 'report.json' }]);
  });

  it('feeds several outputs from one scan', () => {
    expect(parseOutputSpecs(['text', 'sarif:reports/s3lint.sarif', 'junit:reports/junit.xml'], undefined)).toEqual([
      { format: 'text', file: undefined },
      { format: 'sarif', file: 'reports/s3lint.sarif' },
      { format: 'junit', file: 'reports/junit.xml' },
    ]);
  });

  it('keeps a Windows drive letter in the file name', () => {
    expect(parseOutputSpecs(['sarif:C:\\reports\\s3lint.sarif'], undefined)).toEqual([{ format: 'sarif', file: 'C:\\reports\\s3lint.sarif' }]);
  });

  it.each([
    [['json', 'sarif'], undefined, /only one format can go to standard output/],
    [['yaml'], undefined, /unknown format "yaml"/],
    [['sarif:'], undefined, /needs a file name/],
    [['json:a.json', 'sarif:a.json'], undefined, /same file: a.json/],
    [['json:a.json'], 'b.json', /--output names the file/],
  ])('rejects %j with --output %s', (formats, output, message) => {
    expect(() => parseOutputSpecs(formats, output)).toThrow(OutputSpecError);
    expect(() => parseOutputSpecs(formats, output)).toThrow(message);
  });
});
