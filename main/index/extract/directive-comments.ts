/**
 * Blanks block comments inside preprocessor directives before parsing. tree-sitter-c ends a
 * `#define` value at a comment followed by a line continuation:
 *
 *     #define checkstackGCp(L,n,p)  \
 *       luaD_checkstackaux(L, n, \
 *         ptrdiff_t t__ = savestack(L, p);  /* save 'p' *\/ \
 *         luaC_checkGC(L), …
 *
 * so the macro loses the rest of its body, and the rest is parsed as file-scope code that can
 * swallow the definitions after it. A compiler replaces each comment by a space; so does this
 * (every character but newlines becomes a space: same length, same lines).
 */

/** Returns `text` with block comments inside directives replaced by spaces. */
export function blankDirectiveComments(text: string): string {
  if (!text.includes('#')) return text;
  const interesting = /[\n#/"']/g;
  const parts: string[] = [];
  let copied = 0;
  let inDirective = false;
  for (let m = interesting.exec(text); m; m = interesting.exec(text)) {
    const i = m.index;
    const c = text[i];
    if (c === '\n') {
      // A directive goes on past a newline escaped by `\` (possibly `\` + CR).
      const escaped = text[i - 1] === '\\' || (text[i - 1] === '\r' && text[i - 2] === '\\');
      if (!escaped) inDirective = false;
    } else if (c === '#') {
      if (!inDirective && onlyBlanksBefore(text, i)) inDirective = true;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      if (inDirective) {
        parts.push(text.slice(copied, i), text.slice(i, end).replace(/[^\r\n]/g, ' '));
        copied = end;
      }
      interesting.lastIndex = end;
    } else if (c === '/' && text[i + 1] === '/') {
      const newline = text.indexOf('\n', i);
      interesting.lastIndex = newline < 0 ? text.length : newline;
    } else if (c === '"' || c === "'") {
      // A literal: skip to its closing quote on this line.
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      interesting.lastIndex = text[j] === '\n' ? j : j + 1;
    }
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** True when only blanks stand between the line's start and `index`. */
function onlyBlanksBefore(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i < 0 || text[i] === '\n';
}
