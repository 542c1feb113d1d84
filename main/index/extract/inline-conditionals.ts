/**
 * Blanks `#if` groups that cut through a C construct before parsing:
 *
 *     s->status =                       if (a) {
 *     #ifdef GZIP                       #ifdef FORCE_STORED
 *         s->wrap == 2 ? GZIP_STATE :       if (b) {
 *     #endif                            #else
 *         INIT_STATE;                       if (c) {
 *                                       #endif
 *
 * tree-sitter only knows directives that sit between whole statements or declarations;
 * mid-expression, or around half a statement, it loses the function's `{` and with it the
 * whole definition (zlib deflateResetKeep, _tr_flush_block). Such a group is read as its first
 * branch: the directives and every later branch become spaces (same length, same lines), so
 * tree-sitter parses what a compiler sees with the condition true. A group "cuts through" when
 * it opens after a line ending in an operator, or, inside a body, when its first branch does
 * not balance its braces and parentheses (or closes a block it did not open, running on into
 * the next function), does not end a statement or starts with `else`. `#if 0` groups and
 * self-contained groups are left to the preprocessor walk.
 */

/** Last significant characters of a code line that leave an expression open. */
const OPEN_EXPRESSION = new Set(['=', '+', '-', '*', '/', '%', '&', '|', '^', '<', '>', '?', ',', '(', '!', '~']);

/** Last significant characters with which a branch ends whole statements or declarations. */
const STATEMENT_END = new Set([';', '}', ',', ':']);

/** What the scan needs to know of one line. */
interface LineInfo {
  /** Directive keyword (`if`, `ifdef`, `else`, `endif`…), undefined for code lines. */
  directive: string | undefined;
  /** True for a line that continues the directive before it (`\`, or a comment left open). */
  continuation: boolean;
  /** True for `#if 0`. */
  never: boolean;
  /** Last character outside comments and strings, undefined when there is none. */
  last: string | undefined;
  /** `{` minus `}` and `(` minus `)` outside comments and strings. */
  braces: number;
  parens: number;
  /** True when the code starts with `else` (it continues an `if` before the group). */
  startsElse: boolean;
}

/** One open `#if` group while blanking. */
interface Group {
  /** True when this group cuts through a construct and is read as its first branch. */
  inline: boolean;
  /** True once an inline group has passed its first branch: lines are blanked to its #endif. */
  skipping: boolean;
  /** True once a kept group has passed its first branch: its braces no longer count (they repeat the first's). */
  laterBranch: boolean;
}

/** Follows block comments across lines, so text inside them never counts as code. */
class LineScanner {
  /** True while inside a block comment that started on an earlier line. */
  inComment = false;

  /** Summarises one line's code (outside comments and strings). */
  scan(line: string): { last: string | undefined; braces: number; parens: number } {
    let last: string | undefined;
    let braces = 0;
    let parens = 0;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (this.inComment) {
        if (c === '*' && line[i + 1] === '/') {
          this.inComment = false;
          i++;
        }
        continue;
      }
      if (c === '/' && line[i + 1] === '*') {
        this.inComment = true;
        i++;
        continue;
      }
      if (c === '/' && line[i + 1] === '/') break;
      if (c === '"' || c === "'") {
        // A string or character literal: skip to its closing quote.
        let j = i + 1;
        while (j < line.length && line[j] !== c) j += line[j] === '\\' ? 2 : 1;
        i = j;
      } else if (c === '{') braces++;
      else if (c === '}') braces--;
      else if (c === '(') parens++;
      else if (c === ')') parens--;
      if (c !== undefined && c !== ' ' && c !== '\t' && c !== '\r') last = c;
    }
    return { last, braces, parens };
  }
}

/**
 * The last significant character of the last code line before a given line, outside comments
 * and strings and skipping directives with their continuation lines, exactly as scanLines
 * reads lines. Lines are scanned lazily, once, only as far as asked.
 */
class CodeLastTracker {
  private readonly scanner = new LineScanner();
  private next = 0;
  private continued = false;
  private last: string | undefined;

  constructor(private readonly lines: readonly string[]) {}

  /** The last significant code character of lines [0, k). */
  lastBefore(k: number): string | undefined {
    for (; this.next < k; this.next++) {
      const line = this.lines[this.next];
      const inComment = this.scanner.inComment;
      const summary = this.scanner.scan(line);
      if (this.continued || (!inComment && /^\s*#\s*[a-z]+/.test(line))) {
        this.continued = line.trimEnd().endsWith('\\') || this.scanner.inComment;
      } else if (summary.last !== undefined) {
        this.last = summary.last;
      }
    }
    return this.last;
  }
}

/** Summarises every line: directives (with their continuation lines) and code. */
function scanLines(lines: readonly string[]): LineInfo[] {
  const scanner = new LineScanner();
  const infos: LineInfo[] = [];
  let continued = false;
  for (const line of lines) {
    const inComment = scanner.inComment;
    const summary = scanner.scan(line);
    if (continued) {
      infos.push({ directive: undefined, continuation: true, never: false, last: undefined, braces: 0, parens: 0, startsElse: false });
      continued = line.trimEnd().endsWith('\\') || scanner.inComment;
      continue;
    }
    const directive = inComment ? undefined : /^\s*#\s*([a-z]+)/.exec(line)?.[1];
    if (directive !== undefined) {
      continued = line.trimEnd().endsWith('\\') || scanner.inComment;
      infos.push({ directive, continuation: false, never: /^\s*#\s*if\s+0\b/.test(line), last: undefined, braces: 0, parens: 0, startsElse: false });
    } else {
      infos.push({ directive: undefined, continuation: false, never: false, ...summary, startsElse: !inComment && /^\s*else\b/.test(line) });
    }
  }
  return infos;
}

const OPENS = new Set(['if', 'ifdef', 'ifndef']);
const BRANCHES = new Set(['elif', 'else', 'endif']);

/** For each `#if` line, the line of its first `#elif`/`#else`/`#endif` (its first branch ends there). */
function firstBranchEnds(infos: readonly LineInfo[]): Map<number, number> {
  const ends = new Map<number, number>();
  const open: number[] = [];
  infos.forEach((info, i) => {
    if (info.directive === undefined) return;
    if (OPENS.has(info.directive)) open.push(i);
    else if (BRANCHES.has(info.directive)) {
      const start = open[open.length - 1];
      if (start !== undefined && !ends.has(start)) ends.set(start, i);
      if (info.directive === 'endif') open.pop();
    }
  });
  return ends;
}

/** True when lines [from, to) balance braces and parentheses, and hold whole statements (not an `else` part). */
function selfContained(infos: readonly LineInfo[], from: number, to: number): boolean {
  let braces = 0;
  let parens = 0;
  let last: string | undefined;
  for (let i = from; i < to; i++) {
    const info = infos[i];
    if (!info || info.directive !== undefined || info.continuation) continue;
    if (last === undefined && info.startsElse) return false;
    braces += info.braces;
    // A branch that closes a block it did not open ends the function it started in (libpng's
    // `#ifdef PNG_USER_MEM_SUPPORTED` from png_free()'s body into png_free_default()'s).
    if (braces < 0) return false;
    parens += info.parens;
    if (info.last !== undefined) last = info.last;
  }
  return braces === 0 && parens === 0 && (last === undefined || STATEMENT_END.has(last));
}

/** `s` without the block comments that end it (`f(a) /* note *\/` → `f(a)`), so its last character is code. */
function withoutTrailingComments(s: string): string {
  let t = s;
  while (t.endsWith('*/')) {
    const open = t.lastIndexOf('/*', t.length - 3);
    if (open < 0) break;
    t = t.slice(0, open).trimEnd();
  }
  return t;
}

/** True when `{`/`}` in `s` do not balance, or a `}` closes a block `s` did not open. */
function bracesDip(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */ && --depth < 0) return true;
  }
  return depth !== 0;
}

/** Count of `c` in `s`. */
function countOf(s: string, c: string): number {
  let n = 0;
  for (let i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) n++;
  return n;
}

/**
 * A cheap over-approximation of "some group cuts through a construct", ignoring comments and
 * nesting depth, so the exact line-by-line scan runs only on files that may need it.
 */
function mayCutThrough(lines: readonly string[]): boolean {
  const isDirective = (line: string): boolean => /^\s*#/.test(line);
  const open: { line: number; code: string[] }[] = [];
  let previous = '';
  const code = new CodeLastTracker(lines);
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    const directive = /^\s*#\s*([a-z]+)/.exec(line)?.[1];
    if (directive === 'if' || directive === 'ifdef' || directive === 'ifndef') {
      const last = previous.trimEnd().slice(-1);
      // The raw line often ends a comment (`*/`): only an operator outside comments leaves an expression open.
      if (OPEN_EXPRESSION.has(last) && OPEN_EXPRESSION.has(code.lastBefore(k) ?? '')) return true;
      open.push({ line: 0, code: [] });
    } else if (directive === 'elif' || directive === 'else' || directive === 'endif') {
      const group = open[open.length - 1];
      if (group && group.line === 0) {
        group.line = 1;
        const code = group.code.join('\n');
        const trimmed = withoutTrailingComments(code.trimEnd());
        const last = trimmed.slice(-1);
        if (bracesDip(code) || countOf(code, '(') !== countOf(code, ')')) return true;
        if (trimmed !== '' && !STATEMENT_END.has(last)) return true;
        if (/^\s*else\b/.test(code.replace(/^\s*\/\*[\s\S]*?\*\//, ''))) return true;
      }
      if (directive === 'endif') open.pop();
    } else if (!isDirective(line)) {
      for (const group of open) if (group.line === 0) group.code.push(line);
      if (line.trim() !== '') previous = line;
    }
  }
  return false;
}

/** True when some line starts with `#if` (blanks allowed around `#`): found by jumping between `#`s. */
function hasIfDirective(text: string): boolean {
  for (let i = text.indexOf('#'); i >= 0; i = text.indexOf('#', i + 1)) {
    let j = i + 1;
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (text[j] !== 'i' || text[j + 1] !== 'f') continue;
    let b = i - 1;
    while (b >= 0 && (text[b] === ' ' || text[b] === '\t')) b--;
    if (b < 0 || text[b] === '\n' || text[b] === '\r' || text[b] === '\u2028' || text[b] === '\u2029') return true;
  }
  return false;
}

/** Returns `text` with `#if` groups that cut through a construct read as their first branch (same length, same lines). */
export function blankInlineConditionals(text: string): string {
  if (!hasIfDirective(text)) return text;
  const lines = text.split('\n');
  if (!mayCutThrough(lines)) return text;
  const infos = scanLines(lines);
  const ends = firstBranchEnds(infos);
  const groups: Group[] = [];
  /** Last significant character of the last kept code line. */
  let last: string | undefined;
  /** Brace depth of the kept code: groups inside a body are judged by their first branch too. */
  let depth = 0;
  let changed = false;
  /** True when the directive just handled was blanked (its continuation lines go with it). */
  let blankedDirective = false;
  const blank = (i: number): void => {
    lines[i] = (lines[i] ?? '').replace(/[^\r]/g, ' ');
    changed = true;
  };
  infos.forEach((info, i) => {
    const skipping = groups.some((g) => g.skipping);
    if (info.continuation) {
      if (skipping || blankedDirective) blank(i);
      return;
    }
    blankedDirective = false;
    const directive = info.directive;
    if (directive !== undefined && OPENS.has(directive)) {
      const end = ends.get(i) ?? infos.length;
      const cuts = (last !== undefined && OPEN_EXPRESSION.has(last)) || (depth > 0 && !selfContained(infos, i + 1, end));
      const inline = !skipping && !info.never && cuts;
      groups.push({ inline, skipping: false, laterBranch: false });
      if (inline || skipping) {
        blank(i);
        blankedDirective = true;
      }
      return;
    }
    const top = groups[groups.length - 1];
    if (directive !== undefined && BRANCHES.has(directive)) {
      if (top?.inline || skipping) {
        blank(i);
        blankedDirective = true;
      }
      if (directive === 'endif') groups.pop();
      else if (top?.inline) top.skipping = true;
      else if (top) top.laterBranch = true;
      return;
    }
    if (skipping) {
      blank(i);
      return;
    }
    if (directive !== undefined) return;
    if (!groups.some((g) => g.laterBranch)) depth = Math.max(0, depth + info.braces);
    if (info.last !== undefined) last = info.last;
  });
  return changed ? lines.join('\n') : text;
}
