/** Text normalisation shared by the extractor: expressions are compared as text downstream. */

const COMMENT = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;
const SPACE = /\s+/g;
const CONTINUATION = /\\\r?\n/g;
/** Whitespace that collapsing would change: everything except a single inner space (`\s` other than ' ', two spaces, an end). */
const UNTIDY_SPACE = /[^\S ]| {2}|^ | $/;

/** Collapses whitespace (and line continuations), drops comments, trims. */
export function collapse(raw: string): string {
  let s = raw;
  if (s.includes('/')) s = s.replace(COMMENT, ' ');
  if (s.includes('\\')) s = s.replace(CONTINUATION, ' ');
  // Most texts are already tidy (`p`, `ht->table`, `sizeof(*p), GFP_KERNEL`): test before building a copy.
  if (!UNTIDY_SPACE.test(s)) return s;
  return s.replace(SPACE, ' ').trim();
}

/** True when the text is a plain identifier (`p`, `__foo1`). */
export function isIdentifier(s: string): boolean {
  return /^[A-Za-z_]\w*$/.test(s);
}

/** True for a simple lvalue path (`p`, `ht->table`, `s.buf`, `*out`) that needs no parentheses. */
export function isSimplePath(s: string): boolean {
  return /^\**[A-Za-z_]\w*(?:(?:->|\.)[A-Za-z_]\w*)*$/.test(s);
}
