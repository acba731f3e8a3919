import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { detached, StringPool } from '../../parsers/strings.js';

/** Whether V8 stores the string at one byte a character: the value serializer writes those with tag `"`. */
const oneByte = (text: string): boolean => serialize(text)[2] === 0x22;

describe('detached strings', () => {
  const wide = `\u2014 ${'resource "aws_s3_bucket" "logs" { bucket = "acme-logs" } '.repeat(20)}`;

  it('copy short and long slices of a wide text exactly, one byte a character', () => {
    for (const slice of [wide.slice(2, 10), wide.slice(2, 40), wide.slice(2, 600)]) {
      expect(oneByte(slice)).toBe(false);
      expect(detached(slice)).toBe(slice);
      expect(oneByte(detached(slice))).toBe(true);
    }
  });

  it('keep characters beyond Latin-1, astral ones included', () => {
    for (const text of ['bucket \u2014 logs', `\u{1F600} ${'x'.repeat(300)} \u00e9`]) expect(detached(text)).toBe(text);
  });

  it('are pooled: a wide text gives one-byte copies, a Latin-1 text its own short slices', () => {
    const pool = new StringPool(wide);
    expect(oneByte(pool.own(wide.slice(2, 10)))).toBe(true);
    expect(pool.own(wide.slice(2, 40))).toBe(wide.slice(2, 40));
    const narrow = new StringPool('bucket = "caf\u00e9"');
    expect(narrow.own('caf\u00e9')).toBe('caf\u00e9');
  });
});
