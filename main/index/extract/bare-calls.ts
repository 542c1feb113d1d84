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

/** A whole line that is a name, `(`, one identifier, `)`, then only blanks or a comment. */
const BARE_CALL = /^([A-Za-z_]\w*)[ \t]*\([ \t]*([A-Za-z_]\w*)[ \t]*\)[ \t]*(?:\/\*.*\*\/[ \t]*|\/\/.*)?\r?$/;

/** Statement keywords that look like calls (`while (x)` on a line of its own is no registration). */
const KEYWORDS = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'defined']);

/** One bare call: the macro, the identifier it is given, its 1-based line, and the offset just past its line. */
export interface BareCall {
  callee: string;
  name: string;
  line: number;
  end: number;
}

/**
 * The bare calls on the lines of text[from, to) (whose first line is `firstLine`);
 * with `leadingOnly`, only those on the item's first lines, up to the first line that
 * is something else (where a declaration or function really starts).
 */
export function bareCallsIn(text: string, from: number, to: number, firstLine: number, leadingOnly: boolean): BareCall[] {
  const out: BareCall[] = [];
  // A line of its own: the item must start a line.
  if (from > 0 && text[from - 1] !== '\n') return out;
  for (let at = from, line = firstLine; at < to; line++) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 || nl > to ? to : nl;
    const m = BARE_CALL.exec(text.slice(at, end));
    const callee = m?.[1];
    const name = m?.[2];
    if (callee !== undefined && name !== undefined && !KEYWORDS.has(callee)) out.push({ callee, name, line, end: Math.min(to, end + 1) });
    else if (leadingOnly) break;
    at = end + 1;
  }
  return out;
}
