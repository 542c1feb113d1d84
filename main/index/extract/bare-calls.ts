/**
 * File-scope macro calls written without their `;`, one to a line:
 *
 *     module_init(init_ext2_fs)
 *     module_exit(exit_ext2_fs)
 *
 * The macro brings its own semicolon, so a compiler is happy, but tree-sitter reads the
 * lines as an ERROR, a declarator or the return type of the next function, and the
 * registration of `init_ext2_fs` was lost: 185 of the 325 init/exit registrations in
 * Linux fs/ are written so. They are read back from the text of the items they end up in.
 */

/** A name, `(`, one identifier, `)`, then only blanks or a comment up to the line's end. */
const BARE_CALL = /^([A-Za-z_]\w*)[ \t]*\([ \t]*([A-Za-z_]\w*)[ \t]*\)[ \t]*(?:\/\*[^\n]*\*\/[ \t]*|\/\/[^\n]*)?\r?$/gm;

/** One bare call: the macro, the identifier it is given, its 1-based line, and the offset just past its line. */
export interface BareCall {
  callee: string;
  name: string;
  line: number;
  end: number;
}

/**
 * The bare calls starting lines of text[from, to) (whose first line is `firstLine`);
 * with `leadingOnly`, only those on the item's first lines, up to the first line that
 * is something else (where a declaration or function really starts).
 */
export function bareCallsIn(text: string, from: number, to: number, firstLine: number, leadingOnly: boolean): BareCall[] {
  const out: BareCall[] = [];
  // A line of its own: the item starts a line, or the match does after a newline.
  if (from > 0 && text[from - 1] !== '\n') return out;
  let line = firstLine;
  if (leadingOnly) {
    for (let at = from; at < to; line++) {
      const end = Math.min(to, lineEnd(text, at));
      const call = bareCall(text.slice(at, end), line);
      if (!call) break;
      out.push({ ...call, end: Math.min(to, end + 1) });
      at = end + 1;
    }
    return out;
  }
  const slice = text.slice(from, to);
  BARE_CALL.lastIndex = 0;
  let counted = 0;
  for (let m = BARE_CALL.exec(slice); m !== null; m = BARE_CALL.exec(slice)) {
    for (let i = counted; i < m.index; i++) if (slice.charCodeAt(i) === 10) line++;
    counted = m.index;
    const [, callee, name] = m;
    if (callee !== undefined && name !== undefined && !KEYWORDS.has(callee)) out.push({ callee, name, line, end: from + m.index + m[0].length });
  }
  return out;
}

/** The bare call a whole line is, if it is one. */
function bareCall(lineText: string, line: number): Omit<BareCall, 'end'> | undefined {
  BARE_CALL.lastIndex = 0;
  const m = BARE_CALL.exec(lineText);
  if (!m || m.index !== 0 || m[1] === undefined || m[2] === undefined || KEYWORDS.has(m[1])) return undefined;
  return { callee: m[1], name: m[2], line };
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/** Statement keywords that look like calls (`while (x)` on a line of its own is no registration). */
const KEYWORDS = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'defined']);
