/**
 * Reads one source file for the parser, turning every way a file can be unfit into a
 * warning that names it: unreadable, deleted since the walk, larger than the limit
 * (checked before reading, so a 50 MB generated file costs nothing), binary (NUL
 * bytes near the start) or not UTF-8 (decoded as Latin-1, which never fails and keeps
 * the ASCII of C syntax intact).
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileWarning } from './facts';

/** How far into a file to look for NUL bytes when deciding it is binary. */
const BINARY_PROBE_BYTES = 8192;

/** Bytes of a readable source file and their sha1. */
export interface SourceBytes {
  bytes: Uint8Array;
  /** sha1 of the bytes, hex. */
  hash: string;
}

/** Either the bytes, or why the file was skipped. */
export type ReadBytesOutcome = ({ ok: true } & SourceBytes) | { ok: false; warning: FileWarning };

/** Decoded text; `warning` is set when the file was not valid UTF-8. */
export interface DecodedSource {
  text: string;
  warning?: FileWarning;
}

/** A readable file, decoded, or why it was skipped. */
export type ReadSourceOutcome = ({ ok: true; hash: string } & DecodedSource) | { ok: false; warning: FileWarning };

/** sha1 of some bytes, hex. */
export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

function reasonFor(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'cannot read: permission denied';
    case 'ENOENT':
      return 'deleted before it could be read';
    case 'EISDIR':
      return 'is a directory, not a file';
    default:
      return `cannot read (${code ?? (err instanceof Error ? err.message : String(err))})`;
  }
}

/** The warning for a file over the size limit. */
function tooLarge(size: number, maxBytes: number): string {
  return `skipped: ${formatBytes(size)} is over the ${formatBytes(maxBytes)} limit (raise maxFileBytes in .leakscope/config.json to index it)`;
}

/** The checks every read file passes: the size limit (the file may have grown since stat) and no NUL bytes near the start. */
function checkedBytes(bytes: Uint8Array, rel: string, maxBytes: number): ReadBytesOutcome {
  if (bytes.length > maxBytes) return { ok: false, warning: { file: rel, line: 0, message: tooLarge(bytes.length, maxBytes) } };
  const nul = bytes.subarray(0, BINARY_PROBE_BYTES).indexOf(0);
  if (nul !== -1) return { ok: false, warning: { file: rel, line: 0, message: `skipped: binary file (NUL byte at offset ${nul})` } };
  return { ok: true, bytes, hash: hashBytes(bytes) };
}

/**
 * Reads a file's bytes. `rel` names the file in warnings. Files above `maxBytes`
 * and binary files are skipped with a warning; I/O errors become warnings too.
 */
export async function readSourceBytes(abs: string, rel: string, maxBytes: number): Promise<ReadBytesOutcome> {
  const skip = (message: string): ReadBytesOutcome => ({ ok: false, warning: { file: rel, line: 0, message } });
  let handle;
  try {
    handle = await open(abs, 'r');
  } catch (err) {
    return skip(reasonFor(err));
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) return skip(tooLarge(size, maxBytes));
    return checkedBytes(await handle.readFile(), rel, maxBytes);
  } catch (err) {
    return skip(reasonFor(err));
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * `readSourceBytes` for a parse worker, which has nothing else to do while it reads:
 * synchronous, so a file costs two system calls and no promise machinery.
 */
export function readSourceBytesSync(abs: string, rel: string, maxBytes: number): ReadBytesOutcome {
  const skip = (message: string): ReadBytesOutcome => ({ ok: false, warning: { file: rel, line: 0, message } });
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch (err) {
    return skip(reasonFor(err));
  }
  try {
    const { size } = fstatSync(fd);
    if (size > maxBytes) return skip(tooLarge(size, maxBytes));
    // Read to EOF, not to `size`: the file may have grown or shrunk since stat. One spare
    // byte lets the usual read end at EOF without growing the buffer.
    let bytes = Buffer.allocUnsafe(size + 1);
    let done = 0;
    for (;;) {
      if (done === bytes.length) {
        if (bytes.length > maxBytes) break;
        const bigger = Buffer.allocUnsafe(bytes.length * 2);
        bytes.copy(bigger, 0, 0, done);
        bytes = bigger;
      }
      const n = readSync(fd, bytes, done, bytes.length - done, null);
      if (n === 0) break;
      done += n;
    }
    return checkedBytes(bytes.subarray(0, done), rel, maxBytes);
  } catch (err) {
    return skip(reasonFor(err));
  } finally {
    closeSync(fd);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** Decodes source bytes as UTF-8, falling back to Latin-1 with a warning naming the first bad byte's line. */
export function decodeSource(bytes: Uint8Array, rel: string): DecodedSource {
  // Pure ASCII is by far the common case and needs no validation beyond the decoder's fast path.
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    const line = firstInvalidUtf8Line(bytes);
    return {
      text: latin1.decode(bytes),
      warning: { file: rel, line, message: `not valid UTF-8 (first bad byte on line ${line}); read as Latin-1` },
    };
  }
}

/** The 1-based line of the first byte sequence that is not valid UTF-8. */
function firstInvalidUtf8Line(bytes: Uint8Array): number {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b === 0x0a) line++;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xf0 && b <= 0xf4 ? 3 : b >= 0xe0 ? 2 : b >= 0xc2 && b <= 0xdf ? 1 : -1;
    if (need < 0 || b > 0xf4) return line;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return line;
    }
    i += need + 1;
  }
  return line;
}

/** Reads and decodes a file in one step (the worker pool splits these two). */
export async function readSourceFile(abs: string, rel: string, maxBytes: number): Promise<ReadSourceOutcome> {
  const read = await readSourceBytes(abs, rel, maxBytes);
  if (!read.ok) return read;
  return { ok: true, hash: read.hash, ...decodeSource(read.bytes, rel) };
}
