/** Scanning C text without the tree: argument lists, plain arguments, line starts. */

/** An argument's raw text and where it starts. */
interface Segment {
  text: string;
  from: number;
}

/**
 * Splits an argument list's inside (between the parentheses) at top-level commas,
 * skipping strings, character literals and comments.
 */
export function splitArguments(text: string, from: number, to: number): Segment[] {
  const out: Segment[] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      for (i++; i < to && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? to : end + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? to : end;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push({ text: text.slice(start, i), from: start });
      start = i + 1;
    }
  }
  const last = text.slice(start, to);
  if (out.length > 0 || last.trim() !== '') out.push({ text: last, from: start });
  return out;
}

/**
 * True when an argument holds no call, assignment, cast or block, so its normalised text is
 * just its collapsed text: `p`, `&foo`, `GFP_KERNEL`, `sizeof(*p)`, `n * 2`, `s->buf`.
 */
export function isPlainArgument(text: string): boolean {
  // String and character contents cannot hold a call; mask them so their `(` and `=` do not count.
  const raw = text.includes('"') || text.includes("'") ? maskLiterals(text) : text;
  if (raw.includes('{') || raw.includes('/')) return false;
  if (/(?:^|[^=!<>])=(?!=)/.test(raw)) return false;
  const trimmed = raw.trimStart();
  if (trimmed.startsWith('(')) return false;
  // Every parenthesis must belong to sizeof/typeof/alignof (not evaluated, not a call).
  for (let i = raw.indexOf('('); i >= 0; i = raw.indexOf('(', i + 1)) {
    if (!/(?:\bsizeof|\btypeof|__typeof__|_Alignof|__alignof__)\s*$/.test(raw.slice(Math.max(0, i - 14), i))) return false;
  }
  return true;
}

/** Replaces the contents of string and character literals with nothing (`"a(b"` → `""`). */
export function maskLiterals(text: string): string {
  return text.replace(/"(?:[^"\\\n]|\\.)*"/g, '""').replace(/'(?:[^'\\\n]|\\.)*'/g, "''");
}

/** Offsets where each line of `text` starts. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 0-based row of an offset, by binary search over line starts. */
export function rowAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Index of the `)` closing the `(` at `open`, or -1 when it is unbalanced or a `;`,
 * `{` or `}` comes first (the parentheses would run past the statement they start in).
 */
export function closeParenInStatement(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
    else if (c === ';' || c === '{' || c === '}') return -1;
  }
  return -1;
}
