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

/** `if`, one space or tab, then a call's name and `(`; not a directive's `#if`. */
const BARE_IF = /(?<!#[ \t]*)\bif[ \t]\s*[A-Za-z_]\w*\s*\(/g;

/** Index of the `)` closing the `(` at `open`, or -1 (unbalanced, or runs past the line's statement). */
function closeParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
    else if (c === ';' || c === '{' || c === '}') return -1;
  }
  return -1;
}

/** Returns `text` with bare-call `if` conditions parenthesised (same length, same lines). */
export function parenthesiseBareIfs(text: string): string {
  BARE_IF.lastIndex = 0;
  let chars: string[] | undefined;
  for (let m = BARE_IF.exec(text); m; m = BARE_IF.exec(text)) {
    const blankAfterIf = m.index + 2;
    const close = closeParen(text, m.index + m[0].length - 1);
    const after = close < 0 ? undefined : text[close + 1];
    if (after !== ' ' && after !== '\t') continue;
    chars ??= text.split('');
    chars[blankAfterIf] = '(';
    chars[close + 1] = ')';
  }
  return chars ? chars.join('') : text;
}
