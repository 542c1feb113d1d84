/**
 * The seed's tables of calls (File | Function | Line | Code) as aligned text,
 * Markdown and CSV. Pure functions over sites and a way to name a function id, so
 * the CLI, the write-up and the CSV export all print the same rows.
 */
import type { Site } from '../../preload/model';

/** One row of a calls table. */
export interface SiteRow {
  file: string;
  /** The enclosing function's (or macro's) name. */
  function: string;
  line: number;
  code: string;
}

/** Column titles, as in the seed. */
export const TABLE_HEADER = ['File', 'Function', 'Line', 'Code'] as const;

/**
 * Rows for sites, sorted by file then line. `nameOf` maps a function id to its name;
 * ids it does not know are shown with their `file::` prefix removed.
 */
export function siteRows(sites: readonly Site[], nameOf: (functionId: string) => string | undefined): SiteRow[] {
  return [...sites]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))
    .map((s) => ({ file: s.file, function: nameOf(s.function) ?? s.function.slice(s.function.lastIndexOf('::') + (s.function.includes('::') ? 2 : 0)), line: s.line, code: s.code }));
}

/**
 * The sentence above a table, in the seed's words: "There are 19 calls to kmalloc."
 * With several apis: "There are 41 calls to kmalloc, kzalloc."
 */
export function tableHeading(count: number, apis: readonly string[]): string {
  const names = apis.length === 0 ? 'these functions' : apis.join(', ');
  return count === 1 ? `There is 1 call to ${names}.` : `There are ${count} calls to ${names}.`;
}

function cells(row: SiteRow): string[] {
  return [row.file, row.function, String(row.line), row.code];
}

/** Columns padded to their widest cell; the last column (code) is not padded. */
export function formatTextTable(rows: readonly SiteRow[]): string {
  const table = [[...TABLE_HEADER], ...rows.map(cells)];
  const widths = TABLE_HEADER.map((_, c) => Math.max(...table.map((r) => r[c].length)));
  return table
    .map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd())
    .join('\n');
}

/** GFM splits cells on `|` even inside code spans, so it is escaped; nothing else needs to be. */
function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** A GitHub-flavoured Markdown table; code is shown as inline code. */
export function formatMarkdownTable(rows: readonly SiteRow[]): string {
  const lines = [`| ${TABLE_HEADER.join(' | ')} |`, '| --- | --- | ---: | --- |'];
  for (const row of rows) {
    const code = row.code.includes('`') ? `\`\` ${row.code} \`\`` : `\`${row.code}\``;
    lines.push(`| ${markdownCell(row.file)} | ${markdownCell(row.function)} | ${row.line} | ${markdownCell(code)} |`);
  }
  return lines.join('\n');
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with a header row and CRLF line ends. */
export function formatCsvTable(rows: readonly SiteRow[]): string {
  return [TABLE_HEADER.join(','), ...rows.map((r) => cells(r).map(csvField).join(','))].join('\r\n') + '\r\n';
}
