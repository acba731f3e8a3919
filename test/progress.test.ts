/** The terminal's progress line: silent for short scans and outside an interactive terminal, in place otherwise. */
import { describe, expect, it } from 'vitest';
import { progressLine, wantsProgress } from '../src/progress.js';

function recorder() {
  const writes: string[] = [];
  return { writes, stream: { isTTY: true, write: (text: string) => writes.push(text) } };
}

describe('progress line', () => {
  it('says nothing during the first second, then redraws one line in place and clears it at the end', () => {
    let clock = 0;
    const { writes, stream } = recorder();
    const progress = progressLine(stream, () => clock);
    progress.update(1, 10);
    clock = 999;
    progress.update(2, 10);
    expect(writes).toEqual([]);
    clock = 1000;
    progress.update(3, 10);
    clock = 1050;
    progress.update(4, 10); // throttled: drawn 50 ms ago
    clock = 1100;
    progress.update(5, 10);
    clock = 1110;
    progress.update(10, 10); // the last one is always drawn
    progress.finish();
    expect(writes).toEqual(['\r\u001b[2Kscanning 3/10 files', '\r\u001b[2Kscanning 5/10 files', '\r\u001b[2Kscanning 10/10 files', '\r\u001b[2K']);
  });

  it('a scan shorter than a second leaves the terminal untouched', () => {
    const { writes, stream } = recorder();
    const progress = progressLine(stream, () => 0);
    progress.update(1, 1);
    progress.finish();
    expect(writes).toEqual([]);
  });

  it('is wanted only when both streams are terminals and not in CI', () => {
    const tty = { isTTY: true, write: () => true };
    const pipe = { isTTY: false, write: () => true };
    expect(wantsProgress(tty, tty, {})).toBe(true);
    expect(wantsProgress(tty, pipe, {})).toBe(false); // the report is piped: machine-read
    expect(wantsProgress(pipe, tty, {})).toBe(false);
    expect(wantsProgress(tty, tty, { CI: 'true' })).toBe(false);
    expect(wantsProgress(tty, tty, { TERM: 'dumb' })).toBe(false);
  });
});
