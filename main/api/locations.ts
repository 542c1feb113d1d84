/** Where the app finds the bundled sample and keeps its cache, in dev and when packaged. */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The bundled sample project (`examples/nswap`): beside the app's resources when
 * packaged (electron-builder extraResources), else at the repository root, which is
 * two levels above both `dist/main/*.cjs` and `main/api/*.ts`.
 */
export function findSampleFolder(resourcesPath: string | undefined = (process as { resourcesPath?: string }).resourcesPath): string {
  const candidates = [
    ...(resourcesPath ? [path.join(resourcesPath, 'examples', 'nswap')] : []),
    path.join(__dirname, '..', '..', 'examples', 'nswap'),
    path.join(process.cwd(), 'examples', 'nswap'),
  ];
  return candidates.find((c) => existsSync(c)) ?? candidates[candidates.length - 1]!;
}

/** The per-user cache directory for indexed facts (`$XDG_CACHE_HOME/leakscope`). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'leakscope');
}
