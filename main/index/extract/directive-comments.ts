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
  let out: string[] | undefined;
  let copied = 0;
  let inDirective = false;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      // A directive goes on past a newline escaped by `\` (possibly `\` + CR).
      const escaped = text[i - 1] === '\\' || (text[i - 1] === '\r' && text[i - 2] === '\\');
      if (!escaped) inDirective = false;
      lineStart = true;
      continue;
    }
    if (lineStart && c === '#') inDirective = true;
    if (c !== ' ' && c !== '\t' && c !== '\r') lineStart = false;
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      if (inDirective) {
        out ??= [];
        out.push(text.slice(copied, i), text.slice(i, end).replace(/[^\r\n]/g, ' '));
        copied = end;
      }
      i = end - 1;
    } else if (c === '/' && text[i + 1] === '/') {
      const newline = text.indexOf('\n', i);
      i = (newline < 0 ? text.length : newline) - 1;
    } else if (c === '"' || c === "'") {
      // A literal: skip to its closing quote on this line.
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      i = text[j] === '\n' ? j - 1 : j;
    }
  }
  if (!out) return text;
  out.push(text.slice(copied));
  return out.join('');
}
