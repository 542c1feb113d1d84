/**
 * Runtime validation of every channel's arguments. Both adapters receive untrusted
 * JSON (IPC from a renderer, HTTP bodies), so each argument is checked for type,
 * length and allowed values before the API sees it. Hand-written rather than a
 * schema library: the contract has fourteen small channels and this keeps the
 * checks next to the limits they enforce.
 */
import { API_CHANNELS, type ApiChannel, type ApiError, type LeakscopeApi, type Result } from '../../preload/contract';

/** Longest path, note or id accepted (characters). */
export const LIMITS = {
  path: 4096,
  id: 512,
  note: 10_000,
  name: 255,
  passes: 64,
  /** Export payloads (base64 PNGs at 4× can be large). */
  data: 64 * 1024 * 1024,
  files: 256,
} as const;

const SCOPES = ['site', 'function', 'file', 'directory'] as const;
const EXPORT_KINDS = ['png', 'svg', 'md', 'csv', 'json'] as const;

type Check = (value: unknown, name: string) => string | null;

const str =
  (max: number, { nonEmpty = true } = {}): Check =>
  (value, name) => {
    if (typeof value !== 'string') return `${name} must be a string`;
    if (nonEmpty && value.length === 0) return `${name} must not be empty`;
    if (value.length > max) return `${name} is longer than ${max} characters`;
    if (value.includes('\0')) return `${name} contains a NUL character`;
    return null;
  };

const oneOf =
  (allowed: readonly string[]): Check =>
  (value, name) =>
    typeof value === 'string' && allowed.includes(value) ? null : `${name} must be one of ${allowed.join(', ')}`;

const listOf =
  (item: Check, max: number): Check =>
  (value, name) => {
    if (!Array.isArray(value)) return `${name} must be an array`;
    if (value.length > max) return `${name} has more than ${max} items`;
    for (let i = 0; i < value.length; i++) {
      const problem = item(value[i], `${name}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };

/** A file name placed beside an export: a bare name, no folders, no dot-files. */
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;

const fileName: Check = (value, name) => {
  const problem = str(LIMITS.name)(value, name);
  if (problem) return problem;
  return FILE_NAME.test(value as string) ? null : `${name} must be a plain file name (letters, digits, _ . -)`;
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const exportFile: Check = (value, name) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${name} must be an object`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length !== 2 || !('name' in record) || !('base64' in record)) return `${name} must have exactly name and base64`;
  const problem = fileName(record.name, `${name}.name`) ?? str(LIMITS.data)(record.base64, `${name}.base64`);
  if (problem) return problem;
  return BASE64.test(record.base64 as string) ? null : `${name}.base64 is not base64`;
};

const optional =
  (check: Check): Check =>
  (value, name) =>
    value === undefined || value === null ? null : check(value, name);

/** The checks for each channel's positional arguments. */
const SCHEMAS: { [C in ApiChannel]: Check[] } = {
  openFolder: [str(LIMITS.path)],
  openSample: [],
  chooseFolder: [],
  cancel: [],
  getSnapshot: [],
  readSource: [str(LIMITS.path)],
  addManualClear: [oneOf(SCOPES), str(LIMITS.path), str(LIMITS.note, { nonEmpty: false })],
  removeManualClear: [str(LIMITS.id)],
  setPasses: [listOf(str(LIMITS.id), LIMITS.passes), listOf(str(LIMITS.id), LIMITS.passes)],
  undo: [],
  redo: [],
  getWriteup: [],
  saveExport: [oneOf(EXPORT_KINDS), fileName, str(LIMITS.data, { nonEmpty: false }), optional(listOf(exportFile, LIMITS.files))],
  recentFolders: [],
};

const ARG_NAMES: { [C in ApiChannel]: string[] } = {
  openFolder: ['path'],
  openSample: [],
  chooseFolder: [],
  cancel: [],
  getSnapshot: [],
  readSource: ['file'],
  addManualClear: ['scope', 'target', 'note'],
  removeManualClear: ['id'],
  setPasses: ['order', 'disabled'],
  undo: [],
  redo: [],
  getWriteup: [],
  saveExport: ['kind', 'suggestedName', 'data', 'files'],
  recentFolders: [],
};

/** True when `name` is one of the contract's channels. */
export function isChannel(name: unknown): name is ApiChannel {
  return typeof name === 'string' && (API_CHANNELS as readonly string[]).includes(name);
}

/**
 * Checks untrusted arguments for a channel. On success the same array, now typed as
 * the channel's parameters; otherwise an `invalid-argument` error naming the problem.
 */
export function validateArgs<C extends ApiChannel>(channel: C, args: unknown): Result<Parameters<LeakscopeApi[C]>> {
  const invalid = (message: string): Result<never> => ({ ok: false, error: { code: 'invalid-argument', message: `${channel}: ${message}` } satisfies ApiError });
  if (!Array.isArray(args)) return invalid('arguments must be an array');
  const checks = SCHEMAS[channel];
  const names = ARG_NAMES[channel];
  // Trailing optional arguments may be left out; extra arguments are refused.
  if (args.length > checks.length) return invalid(`expected at most ${checks.length} arguments, got ${args.length}`);
  for (let i = 0; i < checks.length; i++) {
    const problem = checks[i]!(args[i], names[i] ?? `argument ${i}`);
    if (problem) return invalid(problem);
  }
  return { ok: true, value: args as Parameters<LeakscopeApi[C]> };
}
