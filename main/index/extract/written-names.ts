/**
 * Names a file may write: the text of function and macro bodies scanned for
 * assignments (`x =`, `x +=`, `x <<=`), increments and decrements (`x++`, `--x`)
 * and address-of (`&x`, which lets a pointer write it), and the file-scope text for
 * address-of in initialisers. Analysis treats a file-scope variable that no file
 * writes as keeping its initial value (`static int debug = 0; … if (debug)`).
 * Over-approximate on purpose: a field of the same name counts as a write, which
 * only keeps a condition unknown. A function's own parameters and locals are left
 * out, which keeps the list short.
 */

/** An operator that writes its operand: `=` (not `==`, `<=`, `>=`, `!=`), `op=`, `++`, `--`, `&` (not `&&`). */
const WRITE_OP = /\+\+|--|&&|[=!<>]=|(?:<<|>>|[-+*/%&|^])?=|&/g;

const isIdentChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** The identifier ending right before `at` (spaces skipped), or ``. */
function identBefore(text: string, at: number): string {
  let end = at;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  let start = end;
  while (start > 0 && isIdentChar(text.charCodeAt(start - 1))) start--;
  return start < end && !(text.charCodeAt(start) >= 48 && text.charCodeAt(start) <= 57) ? text.slice(start, end) : '';
}

/** The identifier starting right after `at` (spaces skipped), or ``. */
function identAfter(text: string, at: number): string {
  let start = at;
  while (start < text.length && isSpace(text.charCodeAt(start))) start++;
  let end = start;
  while (end < text.length && isIdentChar(text.charCodeAt(end))) end++;
  return start < end && !(text.charCodeAt(start) >= 48 && text.charCodeAt(start) <= 57) ? text.slice(start, end) : '';
}

/** Adds the names written in text[from, to) to `names`; with `onlyAddress`, just `&x`. */
function scan(text: string, from: number, to: number, onlyAddress: boolean, keep: (name: string) => boolean, names: Set<string>): void {
  const slice = text.slice(from, to);
  for (const m of slice.matchAll(WRITE_OP)) {
    const op = m[0];
    const at = from + (m.index ?? 0);
    if (op !== '&' && (onlyAddress || op === '&&' || op === '==' || op === '!=' || op === '<=' || op === '>=')) continue;
    const name = op === '&' ? identAfter(text, at + 1) : op === '++' || op === '--' ? identBefore(text, at) || identAfter(text, at + 2) : identBefore(text, at);
    if (name && keep(name)) names.add(name);
  }
}

/** A body to scan: its 1-based lines and, for a function, its parameters and locals (writes to them are not kept). */
export interface ScannedBody {
  line: number;
  endLine: number;
  params: readonly string[];
  locals?: Record<string, string>;
}

/** Sorted names written in the given bodies of `text` (not their own locals) or whose address is taken at file scope. */
export function writtenNames(text: string, bodies: readonly ScannedBody[]): string[] {
  const names = new Set<string>();
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const sorted = [...bodies].sort((a, b) => a.line - b.line);
  const any = (): boolean => true;
  let outside = 0;
  for (const r of sorted) {
    const from = starts[r.line - 1] ?? text.length;
    const to = starts[r.endLine] ?? text.length;
    if (from > outside) scan(text, outside, from, true, any, names);
    outside = Math.max(outside, to);
    scan(text, from, to, false, (name) => !r.params.includes(name) && !(r.locals && Object.hasOwn(r.locals, name)), names);
  }
  if (text.length > outside) scan(text, outside, text.length, true, any, names);
  return [...names].sort();
}
