/**
 * Recognises a file that holds nothing but comments and preprocessor lines that yield
 * no facts (object-like `#define`s other than renames, `#undef`, `#include`, `#pragma`, balanced
 * conditionals), such as generated register headers: parsing it could only produce
 * empty facts, so the worker skips the parse. On Linux 6.1 such headers are ~30% of
 * the bytes (AMD's asic_reg headers alone are 335 MB).
 *
 * The scan is conservative: anything it is not sure of (a function-like `#define`, a
 * comment left open at the end of a directive line, a `//` comment continued with a
 * backslash, unbalanced conditionals, any other text) makes it answer false, and the
 * file is parsed as usual.
 */

/** Directives that can appear in a preprocessor-only file, with their effect on #if nesting. */
const DIRECTIVES: readonly (readonly [string, number])[] = [
  ['define', 0],
  ['endif', -1],
  ['ifndef', 1],
  ['ifdef', 1],
  ['if', 1],
  ['include', 0],
  ['include_next', 0],
  ['undef', 0],
  ['pragma', 0],
  ['elif', 0],
  ['else', 0],
];

/** The #if-nesting effect of the directive named by text[from, to), or undefined for one not allowed. */
function directiveEffect(text: string, from: number, to: number): number | undefined {
  // Compared in place: slicing out millions of names (register headers) is far slower.
  for (const [name, effect] of DIRECTIVES) if (to - from === name.length && text.startsWith(name, from)) return effect;
  return undefined;
}

const NEWLINE = 10;
const SLASH = 47;
const STAR = 42;
const HASH = 35;
const BACKSLASH = 92;
const OPEN_PAREN = 40;

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 12 || c === 11;
}

function isIdentifierChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** True when `text` holds only comments, blank lines and fact-free preprocessor lines. */
export function isPreprocessorOnly(text: string): boolean {
  const n = text.length;
  let depth = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isBlank(c) || c === NEWLINE) {
      i++;
      continue;
    }
    if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return false;
      i = close + 2;
      continue;
    }
    if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      const end = lineEnd(text, i);
      if (end > 0 && text.charCodeAt(end - 1) === BACKSLASH) return false;
      i = end;
      continue;
    }
    if (c !== HASH) return false;
    // A directive: its name, then the rest of the logical line (backslash continuations).
    i++;
    while (i < n && isBlank(text.charCodeAt(i))) i++;
    const nameStart = i;
    while (i < n && isIdentifierChar(text.charCodeAt(i))) i++;
    const effect = directiveEffect(text, nameStart, i);
    if (effect === undefined) return false;
    if (i - nameStart === 6 && text.startsWith('define', nameStart)) {
      while (i < n && isBlank(text.charCodeAt(i))) i++;
      const defined = i;
      while (i < n && isIdentifierChar(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === OPEN_PAREN) return false;
      if (isRename(text, defined, i)) return false;
    }
    depth += effect;
    if (depth < 0) return false;
    const end = logicalLineEnd(text, i);
    if (end < 0) return false;
    i = end;
  }
  return depth === 0;
}

/**
 * True for `#define NAME OTHER`, a rename (curl's `#define msnprintf curl_msnprintf`): the
 * extractor records it as an alias fact, so the file must be parsed. The value must be one
 * identifier that does not start with a digit, alone on the line (a comment may follow).
 */
function isRename(text: string, nameStart: number, nameEnd: number): boolean {
  const n = text.length;
  let i = nameEnd;
  if (i >= n || !isBlank(text.charCodeAt(i))) return false;
  while (i < n && isBlank(text.charCodeAt(i))) i++;
  const valueStart = i;
  const first = text.charCodeAt(i);
  if (!isIdentifierChar(first) || (first >= 48 && first <= 57)) return false;
  while (i < n && isIdentifierChar(text.charCodeAt(i))) i++;
  if (i - valueStart === nameEnd - nameStart && text.startsWith(text.slice(nameStart, nameEnd), valueStart)) return false;
  while (i < n && isBlank(text.charCodeAt(i))) i++;
  const c = text.charCodeAt(i);
  return i >= n || c === NEWLINE || (c === SLASH && (text.charCodeAt(i + 1) === STAR || text.charCodeAt(i + 1) === SLASH));
}

/** Offset of the newline ending the physical line at `from` (or the text's end). */
function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/**
 * Offset of the newline ending a directive's logical line (backslash continuations
 * included), or -1 when a block comment opened in it runs on past the line (the scan
 * cannot be sure what follows then).
 */
function logicalLineEnd(text: string, from: number): number {
  const n = text.length;
  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      let p = i - 1;
      if (p >= from && text.charCodeAt(p) === 13) p--;
      if (p >= from && text.charCodeAt(p) === BACKSLASH) {
        i++;
        continue;
      }
      return i;
    }
    if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const close = text.indexOf('*/', i + 2);
      const newline = text.indexOf('\n', i + 2);
      if (close < 0 || (newline >= 0 && newline < close)) return -1;
      i = close + 2;
      continue;
    }
    if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      const end = lineEnd(text, i);
      return end > 0 && text.charCodeAt(end - 1) === BACKSLASH ? -1 : end;
    }
    i++;
  }
  return n;
}
