/**
 * The project config, `<root>/.leakscope/config.json`: extra allocators, include /
 * exclude globs, preprocessor defines and the file size limit. A missing file means
 * defaults; an invalid one is a `ConfigError` whose message names the offending key,
 * so the user can fix it without guessing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Where the config lives, relative to the opened folder. */
export const CONFIG_RELATIVE_PATH = '.leakscope/config.json';

/**
 * Files larger than this are skipped with a warning unless the config says otherwise
 * (16 MB: a real single-file C program such as SQLite's 9 MB amalgamation must be
 * indexed; generated files past this size are tables, not code to read).
 */
export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;

/** One allocator, deallocator or reallocator added (or overridden) by the project. */
export interface AllocatorConfigEntry {
  name: string;
  family: string;
  kind: 'alloc' | 'free' | 'realloc';
  /** free/realloc: which argument is released (default 0); alloc: -1 = the returned value (default), i = out-parameter. */
  arg?: number;
  /** Managed memory (freed by its owner, like devm_*): never a suspect. */
  managed?: boolean;
}

/** The validated project config, with every key filled in. */
export interface ProjectConfig {
  allocators: AllocatorConfigEntry[];
  /** Globs (relative to the root) a file must match to be indexed; empty = every *.c / *.h. */
  include: string[];
  /** Globs (relative to the root) of files or folders to skip. */
  exclude: string[];
  /** `-D NAME=value`: macros taken as defined when deciding which `#if` branches are active. */
  defines: Record<string, string>;
  /** `-U NAME`: macros taken as undefined. */
  undefines: string[];
  /** Every macro starting with one of these prefixes and not in `defines` is taken as undefined (e.g. `CONFIG_`). */
  undefinedPrefixes: string[];
  /** Files above this size are skipped with a warning. */
  maxFileBytes: number;
  /**
   * Decisions about derived wrappers (analysis/ownership.ts): function names confirmed as
   * allocators, as deallocators (`name` or `name:argIndex`), or denied as either.
   */
  wrappers?: { allocators: string[]; deallocators: string[]; deny: string[] };
}

/** An invalid config file: `message` names the file and the key. */
export class ConfigError extends Error {
  /** Absolute path of the config file. */
  readonly path: string;
  /** The offending key, e.g. `allocators[2].kind`; `` for a file that is not JSON at all. */
  readonly key: string;

  constructor(file: string, label: string, key: string, problem: string) {
    super(key === '' ? `${label}: ${problem}` : `${label}: ${key} ${problem}`);
    this.name = 'ConfigError';
    this.path = file;
    this.key = key;
  }
}

/** The config used when the project has none. */
export function defaultConfig(): ProjectConfig {
  return { allocators: [], include: [], exclude: [], defines: {}, undefines: [], undefinedPrefixes: [], maxFileBytes: DEFAULT_MAX_FILE_BYTES };
}

const KNOWN_KEYS = new Set(['allocators', 'include', 'exclude', 'defines', 'undefines', 'undefinedPrefixes', 'maxFileBytes', 'wrappers']);
const WRAPPER_KEYS = new Set(['allocators', 'deallocators', 'deny']);
const ALLOCATOR_KEYS = new Set(['name', 'family', 'kind', 'arg', 'managed']);
const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates parsed JSON as a config. `label` is how the file is named in messages
 * (`.leakscope/config.json`), `file` its absolute path for the error object.
 */
export function validateConfig(raw: unknown, label = CONFIG_RELATIVE_PATH, file = label): ProjectConfig {
  const fail = (key: string, problem: string): never => {
    throw new ConfigError(file, label, key, problem);
  };
  if (!isRecord(raw)) return fail('', 'must be a JSON object');
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(key)) fail(key, `is not a known key (expected one of ${[...KNOWN_KEYS].join(', ')})`);
  }
  const config = defaultConfig();

  const stringList = (key: string): string[] => {
    const value = raw[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) return fail(key, 'must be an array of strings');
    value.forEach((item, i) => {
      if (typeof item !== 'string' || item === '') fail(`${key}[${i}]`, 'must be a non-empty string');
    });
    return value as string[];
  };
  config.include = stringList('include');
  config.exclude = stringList('exclude');
  config.undefines = stringList('undefines');
  config.undefinedPrefixes = stringList('undefinedPrefixes');
  config.undefines.forEach((name, i) => {
    if (!C_IDENTIFIER.test(name)) fail(`undefines[${i}]`, 'must be a C identifier');
  });

  if (raw.defines !== undefined) {
    if (!isRecord(raw.defines)) fail('defines', 'must be an object mapping macro names to values');
    for (const [name, value] of Object.entries(raw.defines as Record<string, unknown>)) {
      if (!C_IDENTIFIER.test(name)) fail(`defines.${name}`, 'is not a C identifier');
      if (typeof value === 'number' || typeof value === 'boolean') config.defines[name] = String(Number(value));
      else if (typeof value === 'string') config.defines[name] = value;
      else fail(`defines.${name}`, 'must be a string or a number');
    }
  }

  if (raw.maxFileBytes !== undefined) {
    const value = raw.maxFileBytes;
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) fail('maxFileBytes', 'must be a positive integer (bytes)');
    config.maxFileBytes = value as number;
  }

  if (raw.wrappers !== undefined) {
    const w = raw.wrappers;
    if (!isRecord(w)) return fail('wrappers', 'must be an object with allocators, deallocators and deny lists');
    for (const key of Object.keys(w)) if (!WRAPPER_KEYS.has(key)) fail(`wrappers.${key}`, `is not a known key (expected one of ${[...WRAPPER_KEYS].join(', ')})`);
    const names = (key: string, withArg: boolean): string[] => {
      const value = w[key];
      if (value === undefined) return [];
      if (!Array.isArray(value)) return fail(`wrappers.${key}`, 'must be an array of function names');
      value.forEach((item, i) => {
        const ok = typeof item === 'string' && (withArg ? /^[A-Za-z_][A-Za-z0-9_]*(:\d+)?$/ : C_IDENTIFIER).test(item);
        if (!ok) fail(`wrappers.${key}[${i}]`, withArg ? 'must be a C identifier, optionally with :argIndex' : 'must be a C identifier');
      });
      return value as string[];
    };
    config.wrappers = { allocators: names('allocators', false), deallocators: names('deallocators', true), deny: names('deny', false) };
  }

  if (raw.allocators !== undefined) {
    if (!Array.isArray(raw.allocators)) fail('allocators', 'must be an array');
    (raw.allocators as unknown[]).forEach((item, i) => {
      const at = `allocators[${i}]`;
      if (!isRecord(item)) return fail(at, 'must be an object');
      for (const key of Object.keys(item)) {
        if (!ALLOCATOR_KEYS.has(key)) fail(`${at}.${key}`, `is not a known key (expected one of ${[...ALLOCATOR_KEYS].join(', ')})`);
      }
      if (typeof item.name !== 'string' || !C_IDENTIFIER.test(item.name)) fail(`${at}.name`, 'must be a C identifier');
      if (typeof item.family !== 'string' || item.family === '') fail(`${at}.family`, 'must be a non-empty string');
      if (item.kind !== 'alloc' && item.kind !== 'free' && item.kind !== 'realloc') fail(`${at}.kind`, 'must be "alloc", "free" or "realloc"');
      const entry: AllocatorConfigEntry = { name: item.name as string, family: item.family as string, kind: item.kind as AllocatorConfigEntry['kind'] };
      if (item.arg !== undefined) {
        const min = entry.kind === 'alloc' ? -1 : 0;
        if (typeof item.arg !== 'number' || !Number.isInteger(item.arg) || item.arg < min) {
          fail(`${at}.arg`, entry.kind === 'alloc' ? 'must be -1 (returned) or an argument index ≥ 0' : 'must be an argument index ≥ 0');
        }
        entry.arg = item.arg as number;
      }
      if (item.managed !== undefined) {
        if (typeof item.managed !== 'boolean') fail(`${at}.managed`, 'must be true or false');
        entry.managed = item.managed as boolean;
      }
      config.allocators.push(entry);
    });
  }
  return config;
}

/**
 * Reads `<root>/.leakscope/config.json`; a missing file gives the defaults.
 * Throws `ConfigError` for unreadable or invalid files.
 */
export async function loadProjectConfig(root: string): Promise<ProjectConfig> {
  const file = path.join(root, CONFIG_RELATIVE_PATH);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return defaultConfig();
    throw new ConfigError(file, CONFIG_RELATIVE_PATH, '', `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(file, CONFIG_RELATIVE_PATH, '', `is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  return validateConfig(raw, CONFIG_RELATIVE_PATH, file);
}
