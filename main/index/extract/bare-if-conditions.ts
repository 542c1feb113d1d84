/**
 * Parenthesises `if` conditions written as a bare macro call, before parsing:
 *
 *     #define markkey(g, n)	{ if keyiswhite(n) reallymarkobject(g,gckey(n)); }
 *
 * (`keyiswhite(n)` expands to a parenthesised expression, so a compiler is happy; tree-sitter
 * sees `if` without `(` and loses the statement with its calls.) `if NAME(args) ` becomes
 * `if(NAME(args))`: the blank after `if` turns into `(` and the blank after the arguments
 * into `)`, so length, lines and columns stay those of the file. Directives (`#if defined(X)`)
 * are left alone.
 */

import { closeParenInStatement } from './text-scan';

/** `if`, one space or tab, then a call's name and `(`. */
const BARE_IF = /if[ \t][ \t]*[A-Za-z_]\w*[ \t]*\(/g;

/** True when `if` at `index` is a directive's (`#if`, `# if`). */
function isDirective(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return text[i] === '#';
}

/** Returns `text` with bare-call `if` conditions parenthesised (same length, same lines). */
export function parenthesiseBareIfs(text: string): string {
  BARE_IF.lastIndex = 0;
  /** Offsets to replace: each `(` position then its `)` position. */
  const edits: number[] = [];
  for (let m = BARE_IF.exec(text); m; m = BARE_IF.exec(text)) {
    // A word of its own (not `elif`, `endif`, `xif`), and not a directive's `#if`.
    if (m.index > 0 && /\w/.test(text[m.index - 1] ?? '')) continue;
    if (isDirective(text, m.index)) continue;
    const close = closeParenInStatement(text, m.index + m[0].length - 1);
    const after = close < 0 ? undefined : text[close + 1];
    if (after !== ' ' && after !== '\t') continue;
    edits.push(m.index + 2, close + 1);
    BARE_IF.lastIndex = close + 2;
  }
  if (edits.length === 0) return text;
  const parts: string[] = [];
  let copied = 0;
  edits.forEach((at, i) => {
    parts.push(text.slice(copied, at), i % 2 === 0 ? '(' : ')');
    copied = at + 1;
  });
  parts.push(text.slice(copied));
  return parts.join('');
}
