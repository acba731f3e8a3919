import { promises as fs } from 'node:fs';
import type { Diagnostic } from '../graph/types.js';

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export type ReadOutcome = { text: string } | { diagnostic: Diagnostic };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a source file as UTF-8 text, turning every reason not to parse it into one diagnostic: unreadable,
 * a folder, too large, binary, invalid UTF-8, empty.
 */
export async function readSource(absolutePath: string, file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<ReadOutcome> {
  let bytes: Buffer;
  try {
    const stat = await fs.stat(absolutePath);
    if (stat.isDirectory()) return fail(file, 'read-error', `cannot read ${file}: it is a folder`);
    if (stat.size > maxBytes) {
      return fail(file, 'file-too-large', `${file} is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} limit for one file; it was not scanned`);
    }
    bytes = await fs.readFile(absolutePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return fail(file, 'read-error', `cannot read ${file}: ${reason}`);
  }
  if (bytes.length === 0) {
    return { diagnostic: { file, code: 'empty-file', severity: 'note', message: `${file} is empty; nothing to scan` } };
  }
  const nul = bytes.subarray(0, 8192).indexOf(0);
  if (nul >= 0) return fail(file, 'binary-file', `${file} looks like a binary file (it contains NUL bytes); it was not scanned`);
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    const { offset, line, column } = firstInvalidUtf8(bytes);
    return {
      diagnostic: {
        file,
        code: 'invalid-utf8',
        severity: 'error',
        message: `${file} is not valid UTF-8 (invalid byte 0x${bytes[offset]!.toString(16).padStart(2, '0')} at line ${line}, column ${column}); it was not scanned`,
        location: { file, start: { line, column }, end: { line, column: column + 1 } },
      },
    };
  }
}

function fail(file: string, code: string, message: string): ReadOutcome {
  return { diagnostic: { file, code, severity: 'error', message } };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** Finds the first byte that breaks UTF-8, with its line and (character) column. */
function firstInvalidUtf8(bytes: Uint8Array): { offset: number; line: number; column: number } {
  let line = 1;
  let column = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return { offset: i, line, column };
    for (let k = 1; k < length; k++) {
      if ((bytes[i + k]! & 0xc0) !== 0x80) return { offset: i, line, column };
    }
    if (b === 0x0a) {
      line++;
      column = 1;
    } else {
      column += length === 4 ? 2 : 1; // columns count UTF-16 code units
    }
    i += length;
  }
  return { offset: 0, line: 1, column: 1 };
}
