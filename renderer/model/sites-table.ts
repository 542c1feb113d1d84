/**
 * The sites table as data: rows with the seed's columns (File | Function | Line | Code)
 * plus state, sorting by any column, filtering by text and state, and CSV export.
 */
import type { Site } from '../../preload/model';
import type { SiteState } from './pass-steps';

/** One row of the table. */
export interface SiteRow {
  site: Site;
  functionName: string;
  state: SiteState;
}

/** Sortable columns. */
export type SiteColumn = 'file' | 'function' | 'line' | 'code' | 'kind' | 'state';

/** Current sort and filter. */
export interface TableQuery {
  sortBy: SiteColumn;
  descending: boolean;
  text: string;
  /** Only rows in these states; empty means all. */
  states: ReadonlySet<SiteState>;
  /** Only this kind; `all` for both. */
  kind: 'all' | 'alloc' | 'free';
}

const STATE_ORDER: Record<SiteState, number> = { suspect: 0, live: 1, cleared: 2 };

function compare(a: SiteRow, b: SiteRow, col: SiteColumn): number {
  switch (col) {
    case 'line':
      return a.site.line - b.site.line;
    case 'state':
      return STATE_ORDER[a.state] - STATE_ORDER[b.state];
    case 'file':
      return a.site.file.localeCompare(b.site.file);
    case 'function':
      return a.functionName.localeCompare(b.functionName);
    case 'code':
      return a.site.code.localeCompare(b.site.code);
    case 'kind':
      return a.site.kind.localeCompare(b.site.kind);
  }
}

/** Filter then sort; ties fall back to file, then line, so the order is stable and readable. */
export function queryRows(rows: readonly SiteRow[], q: TableQuery): SiteRow[] {
  const text = q.text.trim().toLowerCase();
  const kept = rows.filter((r) => {
    if (q.states.size > 0 && !q.states.has(r.state)) return false;
    if (q.kind === 'alloc' && r.site.kind === 'free') return false;
    if (q.kind === 'free' && r.site.kind !== 'free') return false;
    if (!text) return true;
    return [r.site.file, r.functionName, r.site.code, r.site.api, String(r.site.line)].some((v) => v.toLowerCase().includes(text));
  });
  const dir = q.descending ? -1 : 1;
  return kept.sort((a, b) => dir * compare(a, b, q.sortBy) || compare(a, b, 'file') || compare(a, b, 'line'));
}

/** Quote one CSV field (RFC 4180). */
function csvField(value: string | number): string {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV of rows with a header line; CRLF line ends as spreadsheet tools expect. */
export function rowsToCsv(rows: readonly SiteRow[]): string {
  const header = ['File', 'Function', 'Line', 'Code', 'Kind', 'API', 'Family', 'State', 'Site'];
  const lines = [header.join(',')];
  for (const r of rows) lines.push([r.site.file, r.functionName, r.site.line, r.site.code, r.site.kind, r.site.api, r.site.family, r.state, r.site.id].map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** What a row's state chip says, and why (tooltip). */
export interface StateLabel {
  text: string;
  tip: string;
}

/**
 * The state chip's words. Once the passes have run, a free still open in a family that
 * has a suspect allocation is one no pass could pair with a cleared allocation: it
 * releases the suspect's kind of block, so it stays open with the suspect and says so.
 */
export function stateLabel(row: SiteRow, rows: readonly SiteRow[]): StateLabel {
  if (row.state === 'live' && row.site.kind === 'free' && rows.some((r) => r.state === 'suspect' && r.site.family === row.site.family)) {
    return { text: 'pairs with suspect', tip: `No pass could match this ${row.site.api} with an allocation it cleared: it frees ${row.site.family} memory like the suspect allocation, so it stays open until that suspect is resolved.` };
  }
  const tips: Record<SiteState, string> = {
    suspect: 'No pass accounts for this allocation on every path',
    live: 'Not accounted for yet',
    cleared: 'Accounted for by a pass (select the function to see the evidence)',
  };
  return { text: row.state, tip: tips[row.state] };
}
