/**
 * Loads and saves the investigation (`.leakscope/investigation.json` in the opened
 * folder). Saves are atomic; a file that cannot be understood is moved aside (never
 * overwritten) so nothing the user wrote is lost.
 */
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Investigation, ManualClear } from '../../preload/contract';
import { writeFileAtomic } from './atomic-write';

/** Version of the investigation file format written by this build. */
export const INVESTIGATION_SCHEMA = 1;

/** Path of the investigation file for a project root. */
export function investigationPath(root: string): string {
  return path.join(root, '.leakscope', 'investigation.json');
}

/** A fresh investigation with the engine's default pass order. */
export function freshInvestigation(passOrder: string[]): Investigation {
  return { schema: INVESTIGATION_SCHEMA, passOrder: [...passOrder], disabled: [], manual: [] };
}

const SCOPES = new Set(['site', 'function', 'file', 'directory']);

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isManualClear(value: unknown): value is ManualClear {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return typeof m.id === 'string' && typeof m.scope === 'string' && SCOPES.has(m.scope) && typeof m.target === 'string' && typeof m.note === 'string' && typeof m.at === 'string';
}

/** Checks parsed JSON is an investigation this build understands; returns a problem or the value. */
export function parseInvestigation(value: unknown): Investigation | string {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const v = value as Record<string, unknown>;
  if (typeof v.schema !== 'number' || v.schema > INVESTIGATION_SCHEMA) return `unsupported schema ${String(v.schema)}`;
  if (!isStringArray(v.passOrder) || !isStringArray(v.disabled)) return 'passOrder and disabled must be lists of pass names';
  if (!Array.isArray(v.manual) || !v.manual.every(isManualClear)) return 'manual must be a list of manual clears';
  return { schema: INVESTIGATION_SCHEMA, passOrder: v.passOrder, disabled: v.disabled, manual: v.manual };
}

/** Result of loading: the investigation, and a warning when the saved one was unusable. */
export interface LoadedInvestigation {
  investigation: Investigation;
  warning?: string;
}

/**
 * Loads the project's investigation, or a fresh one when there is none. An unreadable
 * or invalid file is renamed to `investigation.corrupt-<time>.json` and reported.
 */
export async function loadInvestigation(root: string, defaultOrder: string[]): Promise<LoadedInvestigation> {
  const file = investigationPath(root);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { investigation: freshInvestigation(defaultOrder) };
    return { investigation: freshInvestigation(defaultOrder), warning: `could not read ${file}: ${(err as Error).message}` };
  }
  let problem: string;
  try {
    const parsed = parseInvestigation(JSON.parse(text));
    if (typeof parsed !== 'string') return { investigation: withNewPasses(parsed, defaultOrder) };
    problem = parsed;
  } catch (err) {
    problem = (err as Error).message;
  }
  const aside = file.replace(/\.json$/, `.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await rename(file, aside).catch(() => undefined);
  return { investigation: freshInvestigation(defaultOrder), warning: `${path.basename(file)} was not usable (${problem}); kept as ${path.basename(aside)} and started a fresh investigation` };
}

/** Passes added to the engine since the file was saved run last, in default order. */
function withNewPasses(investigation: Investigation, defaultOrder: string[]): Investigation {
  const known = new Set(defaultOrder);
  const order = investigation.passOrder.filter((p) => known.has(p));
  const missing = defaultOrder.filter((p) => !order.includes(p));
  return { ...investigation, passOrder: [...order, ...missing], disabled: investigation.disabled.filter((p) => known.has(p)) };
}

/** Saves atomically (temp file + rename). */
export async function saveInvestigation(root: string, investigation: Investigation): Promise<void> {
  await writeFileAtomic(investigationPath(root), JSON.stringify(investigation, null, 2) + '\n');
}
