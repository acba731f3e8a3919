/**
 * The progress line of a long scan on a terminal: `scanning 812/2000 files`, redrawn in place on stderr. Shown
 * only when a person watches (stderr and stdout are terminals, not in CI), and only once the scan has taken a
 * second, so that a pre-commit run on a few files prints nothing extra.
 */
export interface ProgressLine {
  /** Called as files are read: what is done, of how many. */
  update(done: number, total: number): void;
  /** Clears the line before the report is written. */
  finish(): void;
}

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

const SHOW_AFTER_MS = 1000;
const REDRAW_EVERY_MS = 100;

/** Whether to show progress at all: a person at a terminal, not a CI log or a pipe. */
export function wantsProgress(stderr: ProgressStream, stdout: ProgressStream, env: NodeJS.ProcessEnv): boolean {
  return stderr.isTTY === true && stdout.isTTY === true && !env.CI && env.TERM !== 'dumb';
}

export function progressLine(stream: ProgressStream, now: () => number = () => performance.now()): ProgressLine {
  const started = now();
  let drawn = false;
  let lastDraw = 0;
  return {
    update(done, total) {
      const time = now();
      if (time - started < SHOW_AFTER_MS || (drawn && time - lastDraw < REDRAW_EVERY_MS && done < total)) return;
      stream.write(`\r\u001b[2Kscanning ${done}/${total} files`);
      drawn = true;
      lastDraw = time;
    },
    finish() {
      if (drawn) stream.write('\r\u001b[2K');
      drawn = false;
    },
  };
}
