/**
 * The investigation file, `.leakscope/investigation.json` in the opened folder: manual
 * clears with their notes, the pass order and the disabled passes. Versioned (`schema`)
 * with a migration from older files; written pretty-printed and atomically (temporary
 * file, fsync, rename) so a crash never leaves half a file; a file that cannot be
 * understood is moved aside to `investigation.json.corrupt-<time>` and reported,
 * never overwritten. Edits are pure functions returning a new value, so the host can
 * keep an undo/redo history of values.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Investigation, ManualClear } from '../../preload/contract';
import { writeFileAtomic } from '../common/atomic-write';

/** Version written by this build. */
export const INVESTIGATION_SCHEMA = 1;

/** Path of the investigation file for an opened folder. */
export function investigationFile(root: string): string {
  return path.join(root, '.leakscope', 'investigation.json');
}

/** A fresh investigation with the given default pass order. */
export function newInvestigation(passOrder: readonly string[]): Investigation {
  return { schema: INVESTIGATION_SCHEMA, passOrder: [...passOrder], disabled: [], manual: [] };
}

/** A file that exists but cannot be used; `movedTo` is where it was kept. */
export class InvestigationError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly movedTo: string,
  ) {
    super(message);
    this.name = 'InvestigationError';
  }
}

const SCOPES: readonly ManualClear['scope'][] = ['site', 'function', 'file', 'directory'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(v: unknown, key: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`${key} must be a list of strings`);
  return v as string[];
}

function manualClear(v: unknown, i: number): ManualClear {
  if (!isRecord(v)) throw new Error(`manual[${i}] must be an object`);
  const scope = v.scope;
  if (typeof scope !== 'string' || !SCOPES.includes(scope as ManualClear['scope'])) throw new Error(`manual[${i}].scope must be one of ${SCOPES.join(', ')}`);
  for (const k of ['id', 'target', 'note', 'at']) if (typeof v[k] !== 'string') throw new Error(`manual[${i}].${k} must be a string`);
  return { id: v.id as string, scope: scope as ManualClear['scope'], target: v.target as string, note: v.note as string, at: v.at as string };
}

/**
 * Brings parsed JSON of any known schema to the current one; throws with the key at
 * fault otherwise. Schema 0 (files written before versioning) had no `schema` and
 * called the manual clears `clears`.
 */
export function migrateInvestigation(raw: unknown, defaultOrder: readonly string[]): Investigation {
  if (!isRecord(raw)) throw new Error('the file is not a JSON object');
  const schema = raw.schema === undefined ? 0 : raw.schema;
  if (typeof schema !== 'number' || !Number.isInteger(schema) || schema < 0) throw new Error('schema must be a whole number');
  if (schema > INVESTIGATION_SCHEMA) throw new Error(`schema ${schema} is newer than this Leakscope understands (${INVESTIGATION_SCHEMA})`);
  const manualRaw = schema === 0 ? (raw.clears ?? raw.manual ?? []) : (raw.manual ?? []);
  if (!Array.isArray(manualRaw)) throw new Error('manual must be a list');
  const passOrder = raw.passOrder === undefined ? [...defaultOrder] : stringList(raw.passOrder, 'passOrder');
  // Passes added since the file was written run where the default order puts them.
  for (const p of defaultOrder) if (!passOrder.includes(p)) passOrder.push(p);
  return { schema: INVESTIGATION_SCHEMA, passOrder, disabled: stringList(raw.disabled, 'disabled'), manual: manualRaw.map(manualClear) };
}

/** Loads the investigation of a folder; a missing file gives a fresh one. */
export async function loadInvestigation(root: string, defaultOrder: readonly string[], now: () => Date = () => new Date()): Promise<Investigation> {
  const file = investigationFile(root);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return newInvestigation(defaultOrder);
    throw new InvestigationError(`cannot read ${file}: ${(err as Error).message}`, file, '');
  }
  try {
    return migrateInvestigation(JSON.parse(text) as unknown, defaultOrder);
  } catch (err) {
    const movedTo = `${file}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, movedTo);
    throw new InvestigationError(`${file} is not a usable investigation (${(err as Error).message}); it was kept as ${path.basename(movedTo)} and nothing was overwritten`, file, movedTo);
  }
}

/** Saves atomically (temporary file, fsync, rename), so a crash never leaves half a file. */
export async function saveInvestigation(root: string, investigation: Investigation): Promise<void> {
  await writeFileAtomic(investigationFile(root), JSON.stringify(investigation, null, 2) + '\n');
}

/** Adds a manual clear (a new value; the old one is unchanged). */
export function addManualClear(inv: Investigation, scope: ManualClear['scope'], target: string, note: string, at: Date = new Date(), id: string = randomUUID()): Investigation {
  return { ...inv, manual: [...inv.manual, { id, scope, target, note, at: at.toISOString() }] };
}

/** Removes a manual clear by id (unknown ids leave it unchanged). */
export function removeManualClear(inv: Investigation, id: string): Investigation {
  return { ...inv, manual: inv.manual.filter((m) => m.id !== id) };
}

/** Changes the note of a manual clear. */
export function editManualNote(inv: Investigation, id: string, note: string): Investigation {
  return { ...inv, manual: inv.manual.map((m) => (m.id === id ? { ...m, note } : m)) };
}

/** Sets the pass order and the disabled passes; unknown names are dropped, missing ones appended. */
export function setPasses(inv: Investigation, order: readonly string[], disabled: readonly string[], known: readonly string[]): Investigation {
  const passOrder = order.filter((p, i) => known.includes(p) && order.indexOf(p) === i);
  for (const p of known) if (!passOrder.includes(p)) passOrder.push(p);
  return { ...inv, passOrder, disabled: disabled.filter((p, i) => known.includes(p) && disabled.indexOf(p) === i) };
}
