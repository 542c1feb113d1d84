/**
 * Ends statement macros written without their `;` before parsing (`NAME(args)` or `NAME`):
 *
 *     #define PNG_UNUSED(param) (void)param;      (in a header)
 *        PNG_UNUSED(pos)
 *        png_chunk_report(png_ptr, message, error);
 *
 * The macro's body brings the semicolon, so a compiler is happy; tree-sitter reads the two
 * lines as one declaration (`PNG_UNUSED(pos) png_chunk_report(…)`) and its recovery can lose
 * the call, or the whole function and the rest of the file. An indented line holding nothing
 * but an all-caps macro call, whose next code line starts a new statement (a word), gets its
 * `;`: the line's code moves one column left into its indentation and `;` follows the `)`,
 * so length and lines stay those of the file. Directives are skipped when looking ahead.
 */

import { closeParenInStatement } from './text-scan';

/** Start of a line: indentation, an all-caps name (of at least two characters), then `(` or the line's end. */
const MACRO_LINE = /^[ \t]+[A-Z][A-Z0-9_]+[ \t]*[(\r\n/]/gm;

/** Index after spaces, tabs and block or line comments from `i` on one line; -1 when the line has more. */
function endOfLineAfter(text: string, i: number): number {
  for (;;) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return -1;
      i = close + 2;
    } else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      return nl < 0 ? text.length : nl;
    } else return c === '\n' || c === undefined ? i : -1;
  }
}

/** The first character of the next code line after offset `i` (blank, comment and directive lines skipped). */
function nextCode(text: string, i: number): string | undefined {
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
    else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return undefined;
      i = close + 2;
    } else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return undefined;
      i = nl;
    } else if (c === '#' && /^\s*$/.test(text.slice(text.lastIndexOf('\n', i - 1) + 1, i))) {
      // A directive line and its continuations.
      let nl = text.indexOf('\n', i);
      while (nl > 0 && text[nl - 1] === '\\') nl = text.indexOf('\n', nl + 1);
      if (nl < 0) return undefined;
      i = nl;
    } else return c;
  }
  return undefined;
}

/** True when the line starting at `lineStart` continues the line before it (`\` at its end). */
function continuesDirective(text: string, lineStart: number): boolean {
  let i = lineStart - 2;
  if (text[i] === '\r') i--;
  return i >= 0 && text[i] === '\\';
}

/** True for a character that starts a statement of its own (a keyword or a name). */
function startsStatement(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_]/.test(c);
}

/** Returns `text` with semicolon-less statement macro lines ended (same length, same lines). */
export function endStatementMacros(text: string): string {
  MACRO_LINE.lastIndex = 0;
  /** Per edit: the indentation character dropped, the `)` after which `;` goes. */
  const edits: [number, number][] = [];
  for (let m = MACRO_LINE.exec(text); m; m = MACRO_LINE.exec(text)) {
    // The last line of a multi-line #define belongs to the directive.
    if (continuesDirective(text, m.index)) continue;
    const open = m.index + m[0].length - 1;
    // `NAME(args)`, or an object-like `NAME` alone (`PNG_PUSH_SAVE_BUFFER_IF_FULL`): `close` is its last character.
    let close: number;
    if (text[open] === '(') {
      close = closeParenInStatement(text, open);
      if (close < 0) continue;
      // Only a call on one line: a `(` spanning lines may be an argument list a later line continues.
      if (text.lastIndexOf('\n', close) > open) continue;
    } else {
      close = open - 1;
      while (text[close] === ' ' || text[close] === '\t') close--;
    }
    MACRO_LINE.lastIndex = close + 1;
    const lineEnd = endOfLineAfter(text, close + 1);
    if (lineEnd < 0 || !startsStatement(nextCode(text, lineEnd))) continue;
    edits.push([m.index, close]);
  }
  if (edits.length === 0) return text;
  const parts: string[] = [];
  let copied = 0;
  for (const [lineStart, close] of edits) {
    const code = lineStart + 1;
    parts.push(text.slice(copied, lineStart), text.slice(code, close + 1), ';');
    copied = close + 1;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}
