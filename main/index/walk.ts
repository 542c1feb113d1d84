/**
 * Finds the C sources (`*.c`, `*.h`) under a folder. Inside a git work tree it honours
 * `.gitignore` files at every level, from the work tree's top down (the `ignore` package
 * implements git's rules); outside one it applies none, as git and ripgrep do: a source
 * tarball's `.gitignore` belongs to somebody else's repository (Debian's linux-source
 * ships one whose `/*` would hide the whole kernel). Skips VCS folders,
 * node_modules and build output, applies the config's include/exclude globs
 * (picomatch), and follows symlinks without looping by remembering the device and
 * inode of every folder entered. Problems become warnings naming the path; the walk
 * goes on. The result is sorted so every run sees the same order.
 */
import type { Dirent, Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { FileWarning } from './facts';

/** One source file found by the walk. */
export interface WalkedFile {
  /** Path relative to the root, `/` separators. */
  rel: string;
  /** Absolute path as reached (through symlinks, not resolved). */
  abs: string;
  size: number;
  mtimeMs: number;
  /** `dev:ino` of the file, used by the cache to trust an unchanged file without reading it. */
  id: string;
}

/** What to walk. */
export interface WalkOptions {
  /** Globs relative to the root that a file must match; empty = all `*.c`/`*.h`. */
  include?: readonly string[];
  /** Globs relative to the root of files or folders to skip. */
  exclude?: readonly string[];
  signal?: AbortSignal;
}

/** The files found, sorted by `rel`, and what could not be walked. */
export interface WalkResult {
  files: WalkedFile[];
  warnings: FileWarning[];
  /** Folders skipped because they are VCS, dependency or build output folders (relative paths). */
  skippedDirs: string[];
  /** Source files left out one by one by `.gitignore` rules (folders left out whole are not counted), so "no C files" can say why. */
  ignoredFiles: number;
}

/**
 * Folders never entered: version control, dependencies, caches, Leakscope's own state, and
 * quilt's `.pc` (in every `apt-get source` tree that carries patches: the files as they were
 * before each patch). Indexing `.pc` defines each patched function twice, and its copy sorts
 * first, so calls resolved to the unpatched text.
 */
const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn', '.bzr', '.pc', 'node_modules', '.leakscope', '.cache', 'CMakeFiles', '.deps', '.libs', '__pycache__']);

/** Folder names that are build output when they carry a build system's marker file. */
const BUILD_DIR_NAMES = new Set(['build', 'out', '_build', 'builddir', 'objdir', 'obj', 'dist', 'release', 'debug', 'Release', 'Debug']);
const BUILD_MARKERS = ['CMakeCache.txt', 'build.ninja', 'config.status', 'meson-info', '.ninja_log', 'compile_commands.json', 'Makefile.gen'];

function isSource(name: string): boolean {
  return name.endsWith('.c') || name.endsWith('.h');
}

function errorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (err instanceof Error ? err.message : String(err));
}

function describe(code: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'disappeared during the walk';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return code;
  }
}

/**
 * A `.gitignore` and where its patterns are relative to: `base`, a folder below the root
 * (relative to it), or, for a `.gitignore` above the opened folder, `above`, the path
 * from that folder down to the root (its patterns see `above/rel`).
 */
interface IgnoreLevel {
  base: string;
  above?: string;
  rules: Ignore;
}

function isIgnored(levels: readonly IgnoreLevel[], rel: string, isDir: boolean): boolean {
  let ignored = false;
  for (const level of levels) {
    const sub = level.above !== undefined ? `${level.above}/${rel}` : level.base === '' ? rel : rel.slice(level.base.length + 1);
    const result = level.rules.test(isDir ? `${sub}/` : sub);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/**
 * A matcher for globs relative to the root, like .gitignore's: a glob with a `/` is
 * matched against the whole relative path, one without against the last name
 * (`*.h`, `generated`). (picomatch's own `basename` option mishandles the former.)
 */
function globMatcher(globs: readonly string[] | undefined): ((rel: string) => boolean) | undefined {
  if (!globs || globs.length === 0) return undefined;
  const options = { dot: true } as const;
  const withSlash = globs.filter((g) => g.includes('/')).map((g) => g.replace(/^\.?\//, ''));
  const bare = globs.filter((g) => !g.includes('/'));
  const full = withSlash.length > 0 ? picomatch(withSlash, options) : undefined;
  const base = bare.length > 0 ? picomatch(bare, options) : undefined;
  return (rel) => (full?.(rel) ?? false) || (base?.(rel.slice(rel.lastIndexOf('/') + 1)) ?? false);
}

/** Walks `root` (an existing folder) for C sources. Never throws for problems below the root. */
export async function walkSourceTree(root: string, options: WalkOptions = {}): Promise<WalkResult> {
  const files: WalkedFile[] = [];
  const warnings: FileWarning[] = [];
  const skippedDirs: string[] = [];
  let ignoredFiles = 0;
  const include = globMatcher(options.include);
  const exclude = globMatcher(options.exclude);
  // Folders entered, by dev:ino: a symlink back to an ancestor (or a second link to the same folder) is entered once.
  const enteredDirs = new Set<string>();
  const seenFiles = new Set<string>();

  const warn = (rel: string, message: string): void => {
    warnings.push({ file: rel === '' ? '.' : rel, line: 0, message });
  };

  async function looksLikeBuildOutput(abs: string): Promise<boolean> {
    for (const marker of BUILD_MARKERS) {
      try {
        await stat(path.join(abs, marker));
        return true;
      } catch {
        // no such marker
      }
    }
    return false;
  }

  async function loadGitignore(abs: string, rel: string, levels: IgnoreLevel[], above?: string): Promise<IgnoreLevel[]> {
    let text: string;
    try {
      text = await readFile(path.join(abs, '.gitignore'), 'utf8');
    } catch (err) {
      const code = errorCode(err);
      const shown = above !== undefined ? path.join(abs, '.gitignore') : rel === '' ? '.gitignore' : `${rel}/.gitignore`;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') warn(shown, `cannot read .gitignore (${describe(code)}); its rules are not applied`);
      return levels;
    }
    return [...levels, { base: rel, above, rules: ignore().add(text) }];
  }

  /** The `.gitignore` levels above the root, from the work tree's top (an ancestor of the root) down to the root's parent. */
  async function levelsAbove(top: string): Promise<IgnoreLevel[]> {
    const chain: string[] = [];
    for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
      chain.unshift(dir);
      if (dir === top || path.dirname(dir) === dir) break;
    }
    let levels: IgnoreLevel[] = [];
    for (const dir of chain) levels = await loadGitignore(dir, '', levels, path.relative(dir, root).split(path.sep).join('/'));
    return levels;
  }

  // Folders reached through a symlink are walked after the real tree, so a folder that is
  // both linked and present keeps its real path, whatever the names sort like.
  const deferred: { abs: string; rel: string; stats: Stats; levels: IgnoreLevel[] }[] = [];
  const linkedFiles = new Set<string>();

  async function visit(abs: string, rel: string, dirStats: Stats, inherited: IgnoreLevel[], viaLink = false): Promise<void> {
    if (options.signal?.aborted) return;
    const key = `${dirStats.dev}:${dirStats.ino}`;
    if (enteredDirs.has(key)) {
      if (rel !== '') warn(rel, 'symlink loop or repeated folder: already walked, skipped');
      return;
    }
    enteredDirs.add(key);

    let entries: Dirent[];
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch (err) {
      warn(rel, `cannot read directory (${describe(errorCode(err))}); skipped`);
      return;
    }
    const levels = gitTop !== undefined && entries.some((e) => e.name === '.gitignore') ? await loadGitignore(abs, rel, inherited) : inherited;

    // Stat the candidates in parallel, then descend in name order so the walk (and which of two
    // links to one folder wins) is the same on every run.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const candidates = entries.filter((e) => e.isDirectory() || e.isSymbolicLink() || (e.isFile() && isSource(e.name)));
    const stated = await Promise.all(
      candidates.map(async (entry) => {
        const childAbs = path.join(abs, entry.name);
        try {
          return { entry, childAbs, stats: await stat(childAbs) };
        } catch (err) {
          return { entry, childAbs, error: errorCode(err) };
        }
      }),
    );
    for (const item of stated) {
      const name = item.entry.name;
      const childRel = rel === '' ? name : `${rel}/${name}`;
      if (item.stats === undefined) {
        const code = item.error ?? 'unknown';
        warn(childRel, item.entry.isSymbolicLink() ? `broken or looping symlink (${describe(code)}); skipped` : `cannot stat (${describe(code)}); skipped`);
        continue;
      }
      const stats = item.stats;
      if (stats.isDirectory()) {
        if (ALWAYS_SKIPPED.has(name) || name.startsWith('cmake-build-')) {
          skippedDirs.push(childRel);
          continue;
        }
        if (isIgnored(levels, childRel, true) || exclude?.(childRel)) continue;
        if (BUILD_DIR_NAMES.has(name) && (await looksLikeBuildOutput(item.childAbs))) {
          skippedDirs.push(childRel);
          continue;
        }
        if (item.entry.isSymbolicLink() && !viaLink) deferred.push({ abs: item.childAbs, rel: childRel, stats, levels });
        else await visit(item.childAbs, childRel, stats, levels, viaLink);
        continue;
      }
      if (!stats.isFile() || !isSource(name)) continue;
      if (isIgnored(levels, childRel, false)) {
        ignoredFiles++;
        continue;
      }
      if (exclude?.(childRel)) continue;
      if (include && !include(childRel)) continue;
      files.push({ rel: childRel, abs: item.childAbs, size: stats.size, mtimeMs: stats.mtimeMs, id: `${stats.dev}:${stats.ino}` });
      if (viaLink || item.entry.isSymbolicLink()) linkedFiles.add(childRel);
    }
  }

  let rootStats: Stats;
  try {
    rootStats = await stat(root);
  } catch (err) {
    warn('', `cannot stat the folder (${describe(errorCode(err))})`);
    return { files, warnings, skippedDirs, ignoredFiles };
  }
  const gitTop = await gitWorkTreeOf(root);
  await visit(root, '', rootStats, gitTop !== undefined && gitTop !== root ? await levelsAbove(gitTop) : []);
  for (let i = 0; i < deferred.length; i++) {
    const d = deferred[i];
    await visit(d.abs, d.rel, d.stats, d.levels, true);
  }

  const byPath = (a: { rel: string }, b: { rel: string }): number => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0);
  // The same file reached through two paths is indexed once: under its real path if walked, else the first link.
  const realFirst = [...files.filter((f) => !linkedFiles.has(f.rel)), ...files.filter((f) => linkedFiles.has(f.rel))];
  const unique = realFirst.filter((file) => {
    if (seenFiles.has(file.id)) return false;
    seenFiles.add(file.id);
    return true;
  });
  unique.sort(byPath);
  warnings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.message < b.message ? -1 : 1));
  skippedDirs.sort();
  return { files: unique, warnings, skippedDirs, ignoredFiles };
}

/** The top of the git work tree holding `folder` (the nearest folder with a `.git` entry), if any. */
async function gitWorkTreeOf(folder: string): Promise<string | undefined> {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    try {
      await stat(path.join(dir, '.git'));
      return dir;
    } catch {
      // not here; try the parent
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
