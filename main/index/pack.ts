/**
 * Row packing for the cache's light JSON: an array of objects that all have the same
 * keys in the same order is written as `{ k: [keys], r: [[values]…] }`, which halves
 * the tokens JSON.parse must read for functions and address-taken facts (the bulk of
 * the light part). Arrays whose objects differ in shape are left as they are, so
 * fields added to the facts later survive the cache unchanged.
 */
import type { AddressTakenFact, FileFacts, FunctionFact } from './facts';

/** Objects of one shape as a key list and value rows. */
export interface PackedRows {
  k: string[];
  r: unknown[][];
}

/** FileFacts as stored in the cache index: functions and addressTaken possibly packed. */
export type PackedFacts = Omit<FileFacts, 'functions' | 'addressTaken'> & {
  functions: FunctionFact[] | PackedRows;
  addressTaken: AddressTakenFact[] | PackedRows;
};

/** True for a packed array. */
export function isPackedRows(value: unknown): value is PackedRows {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray((value as PackedRows).k) && Array.isArray((value as PackedRows).r);
}

/** Packs `rows` when they share one shape; otherwise returns them unchanged. */
export function packRows<T extends object>(rows: readonly T[]): T[] | PackedRows {
  if (rows.length < 2) return [...rows];
  const keys = Object.keys(rows[0]);
  const signature = keys.join('\u0000');
  for (const row of rows) if (Object.keys(row).join('\u0000') !== signature) return [...rows];
  return { k: keys, r: rows.map((row) => keys.map((key) => (row as Record<string, unknown>)[key])) };
}

/** The objects back from `packRows`. */
export function unpackRows<T>(packed: T[] | PackedRows): T[] {
  if (!isPackedRows(packed)) return packed;
  const { k, r } = packed;
  return r.map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < k.length; i++) row[k[i]] = values[i];
    return row as T;
  });
}

/** Number of rows, packed or not. */
export function rowCount(value: unknown[] | PackedRows): number {
  return isPackedRows(value) ? value.r.length : value.length;
}

/** Packs the light facts of a file for the cache index. */
export function packFacts(meta: FileFacts): PackedFacts {
  return { ...meta, functions: packRows(meta.functions), addressTaken: packRows(meta.addressTaken) };
}

/** Light facts back from the cache index. */
export function unpackFacts(packed: PackedFacts): FileFacts {
  return { ...packed, functions: unpackRows(packed.functions), addressTaken: unpackRows(packed.addressTaken) };
}
