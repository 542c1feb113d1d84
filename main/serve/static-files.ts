/** Serves the built renderer (dist/renderer) read-only, refusing anything outside it. */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../api/safe-path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** A static file ready to send. */
export interface StaticFile {
  body: Buffer;
  type: string;
}

/** Reads `urlPath` under `root`; `/` is index.html. Returns null when absent or outside. */
export async function readStatic(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (relative.split(/[\\/]/).includes('..') || relative.includes('\0')) return null;
  try {
    const realRoot = await realpath(root);
    const real = await realpath(path.join(realRoot, relative));
    if (!isInside(realRoot, real) || !(await stat(real)).isFile()) return null;
    return { body: await readFile(real), type: TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}
