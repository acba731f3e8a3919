/**
 * The worker side of the hcl2json pool (hcl2json-pool.ts): loads `@cdktf/hcl2json`, a Go program compiled to
 * WebAssembly, and parses one file per request. It reports what happened and nothing more; the pool decides what
 * a failure means and replaces this worker when the Go runtime may be broken.
 *
 * This file runs in two forms: compiled to ESM (`dist/`, the CLI) and transpiled to a CommonJS `eval` worker
 * (tests on the .ts sources). So it imports only `node:` builtins, never uses `import.meta`, and loads hcl2json
 * through `createRequire` from the module path the pool passes in `workerData`.
 */
import { createRequire } from 'node:module';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';

export interface Hcl2jsonWorkerData {
  /** A file URL or path to resolve `@cdktf/hcl2json` from (the pool module's own location). */
  requireFrom: string;
  /** The file name hcl2json sees; it appears in its error messages, where the pool finds and replaces it. */
  hclFileName: string;
}

export interface ParseRequest {
  id: number;
  text: string;
}

export type WorkerMessage =
  | { kind: 'ready'; loadMs: number }
  | { kind: 'parsed'; id: number }
  | { kind: 'rejected'; id: number; errorName: string; message: string }
  /** The Go runtime died (stack overflow, out of memory …): no later call can succeed in this worker. */
  | { kind: 'go-exited'; reason: string }
  | { kind: 'start-failed'; reason: string };

interface Hcl2jsonModule {
  parse(fileName: string, text: string): Promise<unknown>;
}

/** The part of Go's `wasm_exec.js` glue that we hook: its constructor sets `exit`, called when the Go program ends. */
type GoConstructor = new (...args: unknown[]) => { exit: (code: number) => void };

type WriteCallback = (error: Error | null, written?: number) => void;

const STDOUT_FD = 1;
const STDERR_FD = 2;
/** Enough of a Go crash dump to find its `fatal error: …` line, which comes first. */
const GO_OUTPUT_LIMIT = 4096;

if (!parentPort) throw new Error('hcl2json-worker must run as a worker thread');
const port: MessagePort = parentPort;
const { requireFrom, hclFileName } = workerData as Hcl2jsonWorkerData;

function post(message: WorkerMessage): void {
  port.postMessage(message);
}

/** The start of what the Go runtime and its glue printed: where a crash dump says why. Never shown as is. */
let goOutput = '';
const outputDecoder = new TextDecoder();

function keepOutput(text: string): void {
  if (goOutput.length < GO_OUTPUT_LIMIT) goOutput += text.slice(0, GO_OUTPUT_LIMIT - goOutput.length);
}

function keepGoOutput(bytes: Uint8Array): void {
  keepOutput(outputDecoder.decode(bytes, { stream: true }));
}

/** The first `fatal error: …` / `panic: …` line of what Go wrote before dying: the short reason a user can act on. */
function goCrashReason(exitCode: number): string {
  const fatalLine = /^(?:fatal error|panic|runtime): [^\n]*/m.exec(goOutput);
  return fatalLine ? `Go runtime ${fatalLine[0]}` : `Go runtime exited with code ${exitCode}`;
}

/**
 * Go's wasm glue writes the runtime's stdout and stderr (crash dumps of a few hundred lines) with
 * `globalThis.fs.writeSync`, and hcl2json sets `globalThis.fs = require("fs")`: raw writes to file descriptor 2
 * that would reach the user's terminal from any thread. This keeps whatever is assigned to `globalThis.fs` but
 * serves a view of it whose writes to fd 1 and 2 are kept here instead.
 */
function captureGoOutput(): void {
  let realFs: object = {};
  const writeSync = (fd: number, bytes: Uint8Array): number => {
    if (fd === STDOUT_FD || fd === STDERR_FD) {
      keepGoOutput(bytes);
      return bytes.length;
    }
    return Reflect.apply(Reflect.get(realFs, 'writeSync') as (...args: unknown[]) => number, realFs, [fd, bytes]);
  };
  const write = (fd: number, bytes: Uint8Array, ...rest: unknown[]): void => {
    if (fd === STDOUT_FD || fd === STDERR_FD) {
      keepGoOutput(bytes);
      const callback = rest[rest.length - 1] as WriteCallback;
      callback(null, bytes.length);
      return;
    }
    Reflect.apply(Reflect.get(realFs, 'write') as (...args: unknown[]) => void, realFs, [fd, bytes, ...rest]);
  };
  const quietFs = new Proxy(
    {},
    {
      get: (_target, key) => (key === 'writeSync' ? writeSync : key === 'write' ? write : Reflect.get(realFs, key)),
      has: (_target, key) => Reflect.has(realFs, key),
    },
  );
  Object.defineProperty(globalThis, 'fs', {
    configurable: true,
    get: () => quietFs,
    set: (assigned: object) => {
      realFs = assigned;
    },
  });
}

/**
 * Whatever the glue logs (`console.warn("exit code:", 2)` …) would be printed by the main thread, into the user's
 * terminal or the middle of a JSON report on stdout: keep it with Go's output instead.
 */
function captureConsole(): void {
  const keep = (...values: unknown[]): void => keepOutput(`${values.map(String).join(' ')}\n`);
  for (const method of ['debug', 'error', 'info', 'log', 'trace', 'warn'] as const) {
    console[method] = keep;
  }
}

/**
 * When the Go runtime dies it calls `go.exit(code)` and never answers the call in progress, whose promise then
 * stays pending forever. Hooking `exit` on every `Go` instance the glue creates lets the pool hear of it at once.
 */
function reportGoExit(): void {
  let hookedGo: GoConstructor | undefined;
  Object.defineProperty(globalThis, 'Go', {
    configurable: true,
    get: () => hookedGo,
    set: (OriginalGo: GoConstructor) => {
      hookedGo = class extends OriginalGo {
        constructor(...args: unknown[]) {
          super(...args);
          this.exit = (code: number) => post({ kind: 'go-exited', reason: goCrashReason(code) });
        }
      };
    },
  });
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function parseOne(hcl2json: Hcl2jsonModule, { id, text }: ParseRequest): Promise<void> {
  try {
    await hcl2json.parse(hclFileName, text);
    post({ kind: 'parsed', id });
  } catch (error) {
    post({ kind: 'rejected', id, errorName: errorName(error), message: errorMessage(error) });
  }
}

async function main(): Promise<void> {
  captureGoOutput();
  captureConsole();
  reportGoExit();
  const started = performance.now();
  const hcl2json = createRequire(requireFrom)('@cdktf/hcl2json') as Hcl2jsonModule;
  // hcl2json instantiates its WebAssembly on first use: do that now, so the first file's timeout measures parsing.
  await hcl2json.parse(hclFileName, '');
  port.on('message', (request: ParseRequest) => void parseOne(hcl2json, request));
  post({ kind: 'ready', loadMs: performance.now() - started });
}

// No top-level await: the CommonJS form of this file could not hold one.
main().catch((error: unknown) => post({ kind: 'start-failed', reason: errorMessage(error) }));
