/**
 * Validates Terraform files (`.tf`, `.tfvars`) with `@cdktf/hcl2json` and turns every outcome into diagnostics.
 *
 * hcl2json is a Go program compiled to WebAssembly that parses synchronously and can die for good inside a
 * process: deep nesting overflows the stack, a huge file runs the Go runtime out of memory, and afterwards the
 * runtime may deadlock or answer "Go program has already exited" to every call. So:
 * - cheap linear pre-checks (size, nesting depth) keep the known killers away from it;
 * - it runs in worker threads (one per core by default, `--jobs`), each started lazily when files wait for it and
 *   replaced after anything that may have broken it;
 * - each file gets a timeout; nothing ever throws to the caller, every failure is a Diagnostic.
 * Requests are queued; each worker takes one at a time, so files validate in parallel while the main thread
 * builds the positioned tree of those already validated.
 *
 * Measured on the project machine (Node 20, 2 cores): nesting of about 1,500–2,000 levels overflows hcl2json's
 * stack on a main thread, 4,000–8,000 levels in a worker (default 4 MB stack); the deepest file in the corpus nests
 * 20 levels. A 5 MB file parses in 7–25 s and grows the Go heap to about 1 GB; 20 MB takes a minute and 3.5 GB;
 * 30 MB kills the Go runtime ("fatal error: out of memory"). Long chains of operators, conditionals or
 * attributes (20,000 long) parse fine: only bracket and template nesting recurses.
 */
import { Buffer } from 'node:buffer';
import os from 'node:os';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Diagnostic, Position, SourceRange } from '../../src/graph/types.js';
import { capDiagnostics } from '../diagnostics.js';
import type { Hcl2jsonWorkerData, ParseRequest, WorkerMessage } from './hcl2json-worker.js';

export interface ValidateHclOptions {
  /** Files larger than this many bytes (UTF-8) are not parsed. */
  maxBytes?: number;
  /** Files whose brackets nest deeper than this are not parsed. */
  maxDepth?: number;
  /** How long one file may take once it reaches the parser. Default: 10 s plus 5 s per MiB. */
  timeoutMs?: number;
}

const MIB = 1024 * 1024;
/** 5 MiB: far above real Terraform (the largest corpus file is 60 KB), far below the ~30 MB that kills the parser. */
export const DEFAULT_MAX_BYTES = 5 * MIB;
/** Real Terraform nests up to ~20 levels (variable types: `optional(list(object({…})))`); hcl2json overflows at thousands. */
export const DEFAULT_MAX_DEPTH = 256;
/** The timeout catches a hung parser, not a slow one: the slowest measured rate, a cold 5 MB file, is 0.2 MB/s. */
const BASE_TIMEOUT_MS = 10_000;
const TIMEOUT_MS_PER_MIB = 5_000;
/** Loading the WebAssembly takes about 0.4 s; this only guards against a start that never ends. */
const STARTUP_TIMEOUT_MS = 30_000;
/** The Go heap never shrinks: after a file this large the worker is replaced to give its memory back. */
const RECYCLE_AFTER_BYTES = 1 * MIB;
/** The name hcl2json sees. Its messages quote it; it is found there and replaced by the display path. */
const HCL_FILE_NAME = 's3lint-input.tf';
const GO_EXITED = 'Go program has already exited';
const REASON_MAX_LENGTH = 200;

// ---------------------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------------------

/**
 * Checks that `text` is valid HCL. Resolves to no diagnostics when it is, otherwise to `parse-error` diagnostics
 * with hcl2json's positions, or to one diagnostic saying why the file was not validated (`file-too-large`,
 * `nesting-too-deep`, `parse-timeout`, `parser-crashed`, `parser-unavailable`). Never rejects.
 * `file` is the display path used in the diagnostics.
 */
export async function validateHcl(file: string, text: string, options: ValidateHclOptions = {}): Promise<Diagnostic[]> {
  try {
    const bytes = Buffer.byteLength(text, 'utf8');
    const refusal = refuseBeforeParsing(file, text, bytes, options);
    if (refusal) return [refusal];
    return await sharedRunner().validate({ file, text, bytes, timeoutMs: options.timeoutMs ?? defaultTimeoutMs(bytes) });
  } catch (error) {
    return [parserCrashed(file, describeError(error))];
  }
}

/** Stops the worker. For tests: the CLI need not call it, an idle worker does not keep the process alive. */
export async function shutdownHcl2json(): Promise<void> {
  const current = runner;
  runner = undefined;
  await current?.shutdown();
}

let runner: Hcl2jsonRunner | undefined;
let workerCount = defaultWorkerCount();

/**
 * How many hcl2json workers validate files at once (`--jobs`): by default one per core the process may use. Takes
 * effect for workers started after the call.
 */
export function setHcl2jsonWorkers(count: number): void {
  workerCount = Math.max(1, Math.floor(count));
  runner?.resize(workerCount);
}

function defaultWorkerCount(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

function sharedRunner(): Hcl2jsonRunner {
  runner ??= new Hcl2jsonRunner(workerCount);
  return runner;
}

function defaultTimeoutMs(bytes: number): number {
  return Math.round(BASE_TIMEOUT_MS + (TIMEOUT_MS_PER_MIB * bytes) / MIB);
}

// ---------------------------------------------------------------------------------------------------------------
// Pre-checks: linear scans in the calling thread, before anything reaches hcl2json
// ---------------------------------------------------------------------------------------------------------------

function refuseBeforeParsing(file: string, text: string, bytes: number, options: ValidateHclOptions): Diagnostic | undefined {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes > maxBytes) {
    return {
      file,
      code: 'file-too-large',
      severity: 'error',
      message: `file is ${formatBytes(bytes)}, over the ${formatBytes(maxBytes)} limit for HCL files, so it was not validated`,
    };
  }
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const tooDeep = findExcessiveNesting(text, maxDepth);
  if (tooDeep) {
    return {
      file,
      code: 'nesting-too-deep',
      severity: 'error',
      message:
        `brackets nest deeper than ${maxDepth} levels at line ${tooDeep.line}; ` +
        'the HCL parser could overflow its stack on this, so the file was not validated',
      location: { file, start: tooDeep, end: { line: tooDeep.line, column: tooDeep.column + 1 } },
    };
  }
  return undefined;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < MIB) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

/** Where a nesting context was opened: a bracket, or a `${…}`/`%{…}` template in a quoted string or a heredoc. */
type Frame = 'bracket' | 'quoted-template' | { heredocMarker: string };
type ScanMode = 'code' | 'quoted' | 'heredoc' | 'block-comment';

const HEREDOC_START = /<<-?([A-Za-z_][A-Za-z0-9_-]*)(?=\r?\n)/y;

/**
 * Estimates nesting depth the way the HCL parser recurses: `{ [ (` and template interpolations `${ }` / `%{ }`,
 * skipping quoted strings, comments and heredoc text. Returns the 1-based position (UTF-16 column) of the opener
 * that first exceeds `maxDepth`, or undefined. One pass, at most `maxDepth + 1` frames, no allocation per character.
 * An estimate: unbalanced or invalid input is tolerated, hcl2json reports its real errors.
 */
export function findExcessiveNesting(text: string, maxDepth: number): Position | undefined {
  const frames: Frame[] = [];
  let mode: ScanMode = 'code';
  let heredocMarker = '';
  let line = 1;
  let lineStart = 0;
  const open = (frame: Frame, at: number): Position | undefined => {
    frames.push(frame);
    return frames.length > maxDepth ? { line, column: at - lineStart + 1 } : undefined;
  };

  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\n') {
      line++;
      lineStart = i + 1;
      if (mode === 'quoted') mode = 'code'; // quoted strings cannot span lines: stop one stray quote from hiding the rest
      continue;
    }
    switch (mode) {
      case 'block-comment':
        if (char === '*' && text[i + 1] === '/') {
          mode = 'code';
          i++;
        }
        break;

      case 'quoted':
        if (char === '\\') {
          if (text[i + 1] !== '\n') i++;
        } else if (char === '"') {
          mode = 'code';
        } else if (isTemplateEscape(text, i)) {
          i += 2;
        } else if (isTemplateStart(text, i)) {
          i++;
          mode = 'code';
          const exceeded = open('quoted-template', i - 1);
          if (exceeded) return exceeded;
        }
        break;

      case 'heredoc':
        if (i === lineStart && isHeredocEnd(text, i, heredocMarker)) {
          mode = 'code';
          i = endOfLine(text, i) - 1;
        } else if (isTemplateEscape(text, i)) {
          i += 2;
        } else if (isTemplateStart(text, i)) {
          i++;
          mode = 'code';
          const exceeded = open({ heredocMarker }, i - 1);
          if (exceeded) return exceeded;
        }
        break;

      case 'code': {
        const next = text[i + 1];
        if (char === '"') {
          mode = 'quoted';
        } else if (char === '#' || (char === '/' && next === '/')) {
          i = endOfLine(text, i) - 1;
        } else if (char === '/' && next === '*') {
          mode = 'block-comment';
          i++;
        } else if (char === '<' && next === '<') {
          HEREDOC_START.lastIndex = i;
          const heredoc = HEREDOC_START.exec(text);
          if (heredoc) {
            mode = 'heredoc';
            heredocMarker = heredoc[1] ?? '';
            i += heredoc[0].length - 1;
          }
        } else if (char === '{' || char === '[' || char === '(') {
          const exceeded = open('bracket', i);
          if (exceeded) return exceeded;
        } else if (char === '}') {
          const closed = frames.pop();
          if (closed === 'quoted-template') {
            mode = 'quoted';
          } else if (typeof closed === 'object') {
            mode = 'heredoc';
            heredocMarker = closed.heredocMarker;
          }
        } else if ((char === ']' || char === ')') && frames[frames.length - 1] === 'bracket') {
          frames.pop();
        }
        break;
      }
    }
  }
  return undefined;
}

/** `${` or `%{` opens a template interpolation or directive. */
function isTemplateStart(text: string, i: number): boolean {
  const char = text[i];
  return (char === '$' || char === '%') && text[i + 1] === '{';
}

/** `$${` and `%%{` are the literal `${` and `%{`. */
function isTemplateEscape(text: string, i: number): boolean {
  const char = text[i];
  return (char === '$' || char === '%') && text[i + 1] === char && text[i + 2] === '{';
}

function isHeredocEnd(text: string, lineStart: number, marker: string): boolean {
  return text.slice(lineStart, endOfLine(text, lineStart)).trim() === marker;
}

/** The index of the `\n` ending the line that holds `i`, or the text's length. */
function endOfLine(text: string, i: number): number {
  const newline = text.indexOf('\n', i);
  return newline === -1 ? text.length : newline;
}

// ---------------------------------------------------------------------------------------------------------------
// hcl2json's error messages → diagnostics
// ---------------------------------------------------------------------------------------------------------------

type Outcome = { diagnostics: Diagnostic[]; replaceWorker: boolean };

/**
 * A rejected parse is either a syntax error, reported per item, or a sign that the Go runtime is broken (its
 * stack overflowed as a RangeError, it exited, or it failed in a way we do not recognise): then the worker goes.
 */
function outcomeOfRejection(file: string, text: string, errorName: string, message: string): Outcome {
  if (errorName !== 'RangeError' && !message.includes(GO_EXITED)) {
    const syntaxErrors = syntaxDiagnostics(file, text, message);
    if (syntaxErrors) return { diagnostics: syntaxErrors, replaceWorker: false };
  }
  return { diagnostics: [parserCrashed(file, `${errorName}: ${message}`)], replaceWorker: true };
}

const SYNTAX_PREFIX = 'parse config: [';
const escapedName = HCL_FILE_NAME.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `name:2,7-3,1: ` or `name:1,18-19: ` opening one item; `at name:1,1-2.` inside a detail does not match. */
const ITEM_START = new RegExp(`(?:^| )${escapedName}:(\\d+),(\\d+)-(?:(\\d+),)?(\\d+): `, 'g');

/**
 * `parse config: [f.tf:2,7-3,1: Summary; Detail. f.tf:5,1-2: Summary; Detail.]`: hcl2json prints HCL's
 * diagnostics space-separated inside one pair of brackets. Undefined when the message has another shape.
 */
function syntaxDiagnostics(file: string, text: string, message: string): Diagnostic[] | undefined {
  if (!message.startsWith(SYNTAX_PREFIX) || !message.endsWith(']')) return undefined;
  const body = message.slice(SYNTAX_PREFIX.length, -1);
  const position = utf16Positions(text.split('\n'));
  const diagnostics: Diagnostic[] = [];
  const starts = [...body.matchAll(ITEM_START)];
  const preamble = body.slice(0, starts[0]?.index ?? body.length).trim();
  if (preamble) diagnostics.push(parseError(file, preamble));
  starts.forEach((start, n) => {
    const itemText = body.slice(start.index + start[0].length, starts[n + 1]?.index ?? body.length);
    diagnostics.push(parseError(file, itemText, itemRange(file, position, start)));
  });
  return capDiagnostics(file, diagnostics);
}

/** The range of an ITEM_START match; a single-line range (`1,18-19`) gives no end line. */
function itemRange(file: string, position: Utf16Positions, itemStart: RegExpMatchArray): SourceRange {
  const [, startLine, startColumn, endLine, endColumn] = itemStart;
  return {
    file,
    start: position(Number(startLine), Number(startColumn)),
    end: position(Number(endLine ?? startLine), Number(endColumn)),
  };
}

let graphemes: Intl.Segmenter | undefined;

type Utf16Positions = (line: number, hclColumn: number) => Position;

/**
 * HCL counts columns in grapheme clusters (`é` written as e + accent is one column, so is a flag emoji) and does
 * not count a byte-order mark; SourceRange columns count UTF-16 code units. ASCII lines need no conversion; any
 * other line is segmented once, however many positions fall on it: a broken file can carry a hundred thousand
 * errors on one line of a megabyte, and segmenting the line again for each of them never ends.
 */
function utf16Positions(lines: string[]): Utf16Positions {
  /** Per line: the UTF-16 offset of each grapheme cluster, then the line's length; null for a line that needs none. */
  const clusterStarts = new Map<number, number[] | null>();
  const startsOf = (line: number): number[] | null => {
    let starts = clusterStarts.get(line);
    if (starts !== undefined) return starts;
    let lineText = lines[line - 1];
    starts = null;
    if (lineText !== undefined && !/^[\x20-\x7e\t\r]*$/.test(lineText)) {
      if (line === 1 && lineText.startsWith('\uFEFF')) lineText = lineText.slice(1);
      starts = graphemeStarts(lineText);
      starts.push(lineText.length);
    }
    clusterStarts.set(line, starts);
    return starts;
  };
  return (line, hclColumn) => {
    const starts = startsOf(line);
    if (starts === null) return { line, column: hclColumn };
    const cluster = hclColumn - 1;
    const lineLength = starts[starts.length - 1]!;
    // Past the end of the line (an error at the newline, or beyond): one column per missing cluster.
    if (cluster >= starts.length - 1) return { line, column: lineLength + 1 + (cluster - (starts.length - 1)) };
    return { line, column: starts[Math.max(0, cluster)]! + 1 };
  };
}

/** Characters per call to the segmenter: V8's segment iterator costs time in the length of the whole string per step. */
const SEGMENT_WINDOW = 256;

/**
 * The UTF-16 offset where each grapheme cluster of `text` starts. `Intl.Segmenter` is quadratic in the length of
 * the string it iterates (Node 20: 2 s for 40,000 characters, 45 s for 160,000), so the text is segmented in
 * windows. Each window starts on a true cluster boundary and ends on a whole code point, and its last cluster,
 * which may go on past the window, is left for the next one: a boundary depends only on the characters before it
 * within its cluster (and the parity of a run of regional indicators, kept by restarting on a boundary) and on the
 * code point after it.
 */
export function graphemeStarts(text: string): number[] {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const starts: number[] = [];
  let from = 0;
  let window = SEGMENT_WINDOW;
  while (from < text.length) {
    let end = Math.min(text.length, from + window);
    // Never half a surrogate pair: the code point after a boundary decides it (a regional indicator pairs up).
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++;
    const found: number[] = [];
    for (const { index } of graphemes.segment(text.slice(from, end))) found.push(index);
    if (end === text.length) {
      for (const index of found) starts.push(from + index);
      break;
    }
    if (found.length < 2) {
      window *= 2; // one cluster longer than the window (a letter with hundreds of combining marks): widen it
      continue;
    }
    for (let k = 0; k < found.length - 1; k++) starts.push(from + found[k]!);
    from += found[found.length - 1]!;
    window = SEGMENT_WINDOW;
  }
  return starts;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function parseError(file: string, message: string, location?: SourceRange): Diagnostic {
  const diagnostic: Diagnostic = { file, code: 'parse-error', severity: 'error', message: message.split(HCL_FILE_NAME).join(file) };
  if (location) diagnostic.location = location;
  return diagnostic;
}

function parserCrashed(file: string, reason: string): Diagnostic {
  return {
    file,
    code: 'parser-crashed',
    severity: 'error',
    message: `the HCL parser failed on this file: ${shorten(reason)}; the rest of the scan goes on`,
  };
}

function parseTimeout(file: string, timeoutMs: number): Diagnostic {
  return {
    file,
    code: 'parse-timeout',
    severity: 'error',
    message: `the HCL parser did not finish this file within ${formatDuration(timeoutMs)}, so it was stopped; the rest of the scan goes on`,
  };
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

function parserUnavailable(file: string, reason: string): Diagnostic {
  return {
    file,
    code: 'parser-unavailable',
    severity: 'error',
    message: `the HCL parser is not available (${shorten(reason)}), so this file was not validated`,
  };
}

/** The first line of a reason, bounded: a diagnostic is no place for a stack trace. */
function shorten(reason: string): string {
  const firstLine = reason.split('\n', 1)[0]?.trim() ?? '';
  return firstLine.length > REASON_MAX_LENGTH ? `${firstLine.slice(0, REASON_MAX_LENGTH - 1)}…` : firstLine;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

// ---------------------------------------------------------------------------------------------------------------
// The worker
// ---------------------------------------------------------------------------------------------------------------

interface WorkerEntry {
  source: string | URL;
  eval: boolean;
}

let transpiledWorker: Promise<WorkerEntry> | undefined;

/**
 * Where the worker comes from. Compiled (`dist/`, the CLI), the worker is the sibling `hcl2json-worker.js`.
 * Under vitest this module is the `.ts` source and Node 20 cannot run a `.ts` worker, so the sibling
 * `hcl2json-worker.ts` is transpiled to CommonJS with the TypeScript compiler (a devDependency, present wherever
 * the `.ts` sources run) and started as an `eval` worker: one source of truth, no dependency on a possibly stale
 * `dist/`. The transpiled text is kept for the restarts that follow a crash.
 */
function workerEntry(): Promise<WorkerEntry> {
  if (import.meta.url.endsWith('.js')) {
    return Promise.resolve({ source: new URL('./hcl2json-worker.js', import.meta.url), eval: false });
  }
  transpiledWorker ??= transpileWorkerSource().catch((error: unknown) => {
    transpiledWorker = undefined; // let the next start try again
    throw error;
  });
  return transpiledWorker;
}

async function transpileWorkerSource(): Promise<WorkerEntry> {
  const sourcePath = fileURLToPath(new URL('./hcl2json-worker.ts', import.meta.url));
  const [{ default: ts }, source] = await Promise.all([import('typescript'), readFile(sourcePath, 'utf8')]);
  const { outputText } = ts.transpileModule(source, {
    fileName: sourcePath,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  return { source: outputText, eval: true };
}

interface Job {
  file: string;
  text: string;
  bytes: number;
  timeoutMs: number;
  settle: (diagnostics: Diagnostic[]) => void;
}

/** One worker from start to termination. Events from a slot that is no longer the runner's current one are ignored. */
interface WorkerSlot {
  worker?: Worker;
  ready: boolean;
  inFlight?: { id: number; job: Job };
  /** The startup timeout until ready, then the timeout of the job in flight. */
  timer?: NodeJS.Timeout;
}

/**
 * Queues validations and feeds them, one at a time each, to up to `size` hcl2json workers, replacing a worker when
 * it breaks. A worker starts only when the queue holds more jobs than the workers already there can take, so a
 * pre-commit run on one file starts one.
 */
class Hcl2jsonRunner {
  private readonly queue: Job[] = [];
  private readonly slots = new Set<WorkerSlot>();
  private nextRequestId = 1;
  private readonly terminating = new Set<Promise<unknown>>();

  constructor(private size: number) {}

  resize(size: number): void {
    this.size = size;
    this.pump();
  }

  validate(request: Omit<Job, 'settle'>): Promise<Diagnostic[]> {
    return new Promise((settle) => {
      this.queue.push({ ...request, settle });
      this.pump();
    });
  }

  async shutdown(): Promise<void> {
    for (const slot of [...this.slots]) {
      this.discard(slot);
      if (slot.inFlight) slot.inFlight.job.settle([parserUnavailable(slot.inFlight.job.file, 'it was shut down')]);
    }
    for (const job of this.queue.splice(0)) job.settle([parserUnavailable(job.file, 'it was shut down')]);
    await Promise.all(this.terminating);
  }

  /** Moves the queue along: hands jobs to ready, idle workers, and starts workers while jobs wait for one. */
  private pump(): void {
    for (const slot of this.slots) {
      const next = this.queue[0];
      if (!next) break;
      if (slot.ready && !slot.inFlight) {
        this.queue.shift();
        this.dispatch(slot, next);
      }
    }
    const starting = [...this.slots].filter((slot) => !slot.ready).length;
    if (this.queue.length > starting && this.slots.size < this.size) this.slots.add(this.start());
    this.keepProcessAliveOnlyWhileBusy();
  }

  /** An idle worker must not keep the CLI running: it is referenced only while a job waits or it runs one. */
  private keepProcessAliveOnlyWhileBusy(): void {
    for (const slot of this.slots) {
      const worker = slot.worker;
      if (!worker) continue;
      if (this.queue.length > 0 || slot.inFlight) worker.ref();
      else worker.unref();
    }
  }

  private start(): WorkerSlot {
    const slot: WorkerSlot = { ready: false };
    slot.timer = setTimeout(
      () => this.startFailed(slot, `no answer within ${STARTUP_TIMEOUT_MS / 1000} s`),
      STARTUP_TIMEOUT_MS,
    );
    workerEntry().then(
      (entry) => this.spawn(slot, entry),
      (error: unknown) => this.startFailed(slot, describeError(error)),
    );
    return slot;
  }

  private spawn(slot: WorkerSlot, entry: WorkerEntry): void {
    if (!this.slots.has(slot)) return;
    const workerData: Hcl2jsonWorkerData = { requireFrom: import.meta.url, hclFileName: HCL_FILE_NAME };
    let worker: Worker;
    try {
      // execArgv: [] because a worker inherits the parent's flags, and some of them (`--input-type`, `--eval`
      // forms) make it refuse to start; it needs none. Not `stdout/stderr: true`: reading a worker's stdio streams
      // keeps the process alive even when the worker is unreferenced. The worker silences its own output instead.
      // No resourceLimits: the Go heap lives in WebAssembly memory, which they do not cover (a 5 MB file parses
      // with a 32 MB JS heap); the Go runtime's own out-of-memory death is caught as a Go exit.
      worker = new Worker(entry.source, { eval: entry.eval, workerData, execArgv: [] });
    } catch (error) {
      this.startFailed(slot, describeError(error));
      return;
    }
    slot.worker = worker;
    worker.on('message', (message: WorkerMessage) => this.onMessage(slot, message));
    worker.on('error', (error) => this.onWorkerDied(slot, describeError(error)));
    worker.on('exit', (code) => this.onWorkerDied(slot, `the parser thread stopped with exit code ${code}`));
    this.keepProcessAliveOnlyWhileBusy();
  }

  private onMessage(slot: WorkerSlot, message: WorkerMessage): void {
    if (!this.slots.has(slot)) return;
    switch (message.kind) {
      case 'ready':
        clearTimeout(slot.timer);
        slot.ready = true;
        this.pump();
        return;
      case 'start-failed':
        this.startFailed(slot, message.reason);
        return;
      case 'go-exited':
        this.onWorkerDied(slot, message.reason);
        return;
      case 'parsed':
        this.finish(slot, message.id, () => ({ diagnostics: [], replaceWorker: false }));
        return;
      case 'rejected':
        this.finish(slot, message.id, (job) => outcomeOfRejection(job.file, job.text, message.errorName, message.message));
        return;
    }
  }

  private dispatch(slot: WorkerSlot, job: Job): void {
    const worker = slot.worker;
    if (!worker) return;
    const id = this.nextRequestId++;
    slot.inFlight = { id, job };
    slot.timer = setTimeout(() => this.onTimeout(slot), job.timeoutMs);
    const request: ParseRequest = { id, text: job.text };
    worker.postMessage(request);
  }

  private finish(slot: WorkerSlot, id: number, outcomeOf: (job: Job) => Outcome): void {
    const inFlight = slot.inFlight;
    if (!inFlight || inFlight.id !== id) return;
    clearTimeout(slot.timer);
    slot.inFlight = undefined;
    const { diagnostics, replaceWorker } = outcomeOf(inFlight.job);
    if (replaceWorker || inFlight.job.bytes > RECYCLE_AFTER_BYTES) this.discard(slot);
    inFlight.job.settle(diagnostics);
    this.pump();
  }

  private onTimeout(slot: WorkerSlot): void {
    if (!this.slots.has(slot) || !slot.inFlight) return;
    const { job } = slot.inFlight;
    this.discard(slot);
    job.settle([parseTimeout(job.file, job.timeoutMs)]);
    this.pump();
  }

  /** The worker or its Go runtime died: the job in flight gets the blame, the next job a fresh worker. */
  private onWorkerDied(slot: WorkerSlot, reason: string): void {
    if (!this.slots.has(slot)) return;
    if (!slot.ready) {
      this.startFailed(slot, reason);
      return;
    }
    this.discard(slot);
    slot.inFlight?.job.settle([parserCrashed(slot.inFlight.job.file, reason)]);
    this.pump();
  }

  /**
   * A worker that cannot start says nothing about the files waiting for it: they are all reported as not
   * validated, rather than each paying for another failing start. The next call tries again.
   */
  private startFailed(slot: WorkerSlot, reason: string): void {
    if (!this.slots.has(slot)) return;
    this.discard(slot);
    // Other workers, running or starting, go on with the queue; with none, nothing would take it.
    if (this.slots.size > 0) return;
    for (const job of this.queue.splice(0)) job.settle([parserUnavailable(job.file, `it could not start: ${reason}`)]);
  }

  private discard(slot: WorkerSlot): void {
    this.slots.delete(slot);
    clearTimeout(slot.timer);
    const worker = slot.worker;
    if (!worker) return;
    const terminated = worker.terminate().catch(() => undefined);
    this.terminating.add(terminated);
    void terminated.then(() => this.terminating.delete(terminated));
  }
}
