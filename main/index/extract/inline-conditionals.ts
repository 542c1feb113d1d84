/**
 * Blanks `#if` groups that open in the middle of an expression before parsing:
 *
 *     s->status =
 *     #ifdef GZIP
 *         s->wrap == 2 ? GZIP_STATE :
 *     #endif
 *         INIT_STATE;
 *
 * tree-sitter only knows directives in statement or declaration position; mid-expression it
 * loses the function's `{` and with it the whole definition (zlib deflateResetKeep). Such a
 * group is read as its first branch: the directives and every later branch become spaces
 * (same length, same lines), so the expression a compiler sees with the condition true is
 * what tree-sitter parses. Groups in statement position are left for the preprocessor walk.
 */

/** Last significant characters of a code line that leave an expression open. */
const OPEN_EXPRESSION = new Set(['=', '+', '-', '*', '/', '%', '&', '|', '^', '<', '>', '?', ',', '(', '!', '~']);

/** One open `#if` group while scanning. */
interface Group {
  /** True when this group opened mid-expression and is read as its first branch. */
  inline: boolean;
  /** True once an inline group has passed its first branch: lines are blanked to its #endif. */
  skipping: boolean;
}

/** The directive keyword of a line (`if`, `ifdef`, `else`, `endif`…), or undefined. */
function directiveOf(line: string): string | undefined {
  return /^\s*#\s*([a-z]+)/.exec(line)?.[1];
}

/** Follows block comments across lines, so text inside them never counts as code. */
class CommentTracker {
  /** True while inside a block comment that started on an earlier line. */
  inComment = false;

  /** The last character of the line's code outside comments and strings, or undefined. */
  lastSignificant(line: string): string | undefined {
    let lastChar: string | undefined;
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
      } else if (c === '/' && line[i + 1] === '/') {
        break;
      } else if (c === '"' || c === "'") {
        // A string or character literal: skip to its closing quote.
        let j = i + 1;
        while (j < line.length && line[j] !== c) j += line[j] === '\\' ? 2 : 1;
        i = j;
        lastChar = c;
      } else if (c !== undefined && c !== ' ' && c !== '\t' && c !== '\r') {
        lastChar = c;
      }
    }
    return lastChar;
  }
}

/** Returns `text` with mid-expression `#if` groups read as their first branch (same length, same lines). */
export function blankInlineConditionals(text: string): string {
  if (!/^[ \t]*#[ \t]*if/m.test(text)) return text;
  const lines = text.split('\n');
  const groups: Group[] = [];
  /** Last significant character of the last code line (not a directive, not blank). */
  let last: string | undefined;
  let changed = false;
  let continued = false;
  /** True when the directive just handled was blanked (its continuation lines are blanked too). */
  let blankedDirective = false;
  const comments = new CommentTracker();
  const blank = (i: number): void => {
    lines[i] = (lines[i] ?? '').replace(/[^\r]/g, ' ');
    changed = true;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const skipping = groups.some((g) => g.skipping);
    if (continued) {
      // Continuation of a directive line (a `\` or a comment left open): it shares the directive's fate.
      comments.lastSignificant(line);
      continued = line.trimEnd().endsWith('\\') || comments.inComment;
      if (skipping || blankedDirective) blank(i);
      continue;
    }
    const directive = comments.inComment ? undefined : directiveOf(line);
    if (directive !== undefined) {
      comments.lastSignificant(line);
      continued = line.trimEnd().endsWith('\\') || comments.inComment;
    }
    blankedDirective = false;
    if (directive === 'if' || directive === 'ifdef' || directive === 'ifndef') {
      const inline = !skipping && last !== undefined && OPEN_EXPRESSION.has(last);
      groups.push({ inline, skipping: false });
      if (inline || skipping) {
        blank(i);
        blankedDirective = true;
      }
      continue;
    }
    const top = groups[groups.length - 1];
    if (directive === 'elif' || directive === 'else' || directive === 'endif') {
      if (top?.inline || skipping) {
        blank(i);
        blankedDirective = true;
      }
      if (directive === 'endif') groups.pop();
      else if (top?.inline) top.skipping = true;
      continue;
    }
    if (skipping) {
      blank(i);
      comments.lastSignificant(line);
      continue;
    }
    if (directive !== undefined) continue;
    const significant = comments.lastSignificant(line);
    if (significant !== undefined) last = significant;
  }
  return changed ? lines.join('\n') : text;
}
