/**
 * Resolves a path the renderer asked for to a real file inside the opened folder.
 * Refuses absolute paths, `..` segments and anything whose real path (after
 * following symlinks) leaves the folder, so a crafted request or a symlink in the
 * project cannot read the rest of the disk.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApiFailure } from './result';

/** True when `child` is `parent` or below it (both absolute, normalised). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The real path of `relative` inside `realRoot` (which must already be a real path).
 * Throws an `ApiFailure` with `outside-folder`, `not-found` or `unreadable`.
 */
export async function resolveInside(realRoot: string, relative: string): Promise<string> {
  const outside = (): ApiFailure => new ApiFailure({ code: 'outside-folder', message: `${relative} is outside the opened folder`, path: relative });
  if (path.isAbsolute(relative) || path.win32.isAbsolute(relative)) throw outside();
  const segments = relative.split(/[\\/]+/);
  if (segments.includes('..')) throw outside();
  const joined = path.resolve(realRoot, relative);
  if (!isInside(realRoot, joined)) throw outside();
  let real: string;
  try {
    real = await realpath(joined);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ApiFailure({ code: 'not-found', message: `${relative} does not exist`, path: relative });
    throw new ApiFailure({ code: 'unreadable', message: `${relative} cannot be read (${code ?? 'error'})`, path: relative });
  }
  if (!isInside(realRoot, real)) throw outside();
  const info = await stat(real);
  if (!info.isFile()) throw new ApiFailure({ code: 'unreadable', message: `${relative} is not a file`, path: relative });
  return real;
}
