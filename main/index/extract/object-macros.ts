/**
 * Uses of object-like macros that call something, in the file that defines them:
 *
 *     #define XXH_CPU_LITTLE_ENDIAN XXH_isLittleEndian()
 *     …  if (XXH_CPU_LITTLE_ENDIAN) hash = XXH_swap32(hash);
 *
 * The use is a bare name, so the body IR holds no call; the compiler's call graph has one
 * (XXH_digest → XXH_isLittleEndian). Each use in a function's text (outside comments and
 * strings) becomes a call of the macro, placed in the IR at the statement of its line: in
 * front of it, with the value's target when the use is the whole right-hand side (`p = M;`
 * becomes the call with target `p`) or the returned value, `cond` in a condition, else ``.
 * Uses in a file that only includes the macro's header are not seen (facts are per file).
 */
import type { CallStmt, FunctionFact, MacroFact, Stmt } from '../facts';
import type { ExtractContext } from './context';
import type { PendingMacro } from './macros';
import { codeLine } from './context';
import { lineStartsOf, rowAt } from './text-scan';

/** One use of a macro name in a function's text. */
interface Use {
  name: string;
  /** 1-based line and 0-based column in the file. */
  line: number;
  col: number;
}

/** Regex special characters escaped (macro names are identifiers; kept for safety). */
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Uses of object-like macros found in a file's functions, before the macro bodies are parsed. */
export interface ObjectMacroUses {
  /** Pending macros worth parsing: every function-like one, and the object-like ones some function uses. */
  pending: PendingMacro[];
  uses: Map<FunctionFact, Use[]>;
  /** `name:line` of the object-like macros kept. */
  objects: Set<string>;
}

/**
 * Finds the uses of the file's object-like macros in its functions' text (outside comments and
 * strings) and drops the object-like macros no function uses before their bodies are parsed:
 * uses are only seen in the defining file, so an unused one (a header's `#define X_MASK
 * GENMASK(3, 0)`) could only be a node no edge reaches, and parsing it costs.
 */
export function findObjectMacroUses(ctx: ExtractContext, functions: readonly FunctionFact[], pending: PendingMacro[]): ObjectMacroUses {
  const uses = new Map<FunctionFact, Use[]>();
  const objects = new Set<string>();
  let names: Set<string> | undefined;
  for (const p of pending) if (p.object) (names ??= new Set()).add(p.name);
  if (!names) return { pending, uses, objects };
  const used = new Set<string>();
  if (functions.length > 0) {
    const text = ctx.text;
    // Comments and strings are matched (and skipped) so a name inside them is no use.
    const pattern = new RegExp(`/\\*[\\s\\S]*?\\*/|//[^\\n]*|"(?:\\\\.|[^"\\\\\\n])*"|'(?:\\\\.|[^'\\\\\\n])*'|\\b(?:${[...names].map(escape).join('|')})\\b`, 'g');
    const starts = (ctx.place.lineStarts ??= lineStartsOf(text));
    for (const f of functions) {
      const from = starts[f.line - 1] ?? text.length;
      const to = starts[f.endLine] ?? text.length;
      pattern.lastIndex = from;
      for (let m = pattern.exec(text); m && m.index < to; m = pattern.exec(text)) {
        const c = m[0].charCodeAt(0);
        if (c === 47 || c === 34 || c === 39) continue; // `/`, `"`, `'`: a comment or a string
        const row = rowAt(starts, m.index);
        const list = uses.get(f) ?? [];
        list.push({ name: m[0], line: row + 1, col: m.index - (starts[row] ?? 0) });
        uses.set(f, list);
        used.add(m[0]);
      }
    }
  }
  const kept = pending.filter((p) => !p.object || used.has(p.name));
  for (const p of kept) if (p.object) objects.add(`${p.name}:${p.line}`);
  return { pending: kept, uses, objects };
}

/** Adds a call for every use of an object-like macro whose body calls something (in place). */
export function placeObjectMacroUses(ctx: ExtractContext, found: ObjectMacroUses, macros: readonly MacroFact[]): void {
  if (found.uses.size === 0) return;
  const calling = new Set<string>();
  for (const m of macros) if (found.objects.has(`${m.name}:${m.line}`)) calling.add(m.name);
  if (calling.size === 0) return;
  for (const [f, uses] of found.uses) for (const use of uses) if (calling.has(use.name)) place(f.body, use, ctx);
}

/** The statement lists nested in a statement, in source order. */
function nested(s: Stmt): Stmt[][] {
  if (s.k === 'if') return [s.then, s.else];
  if (s.k === 'loop' || s.k === 'switch') return [s.body];
  return [];
}

/** A value that is the name, possibly under casts: `M`, `(T)M`, `(T *)(M)`. */
function isWhole(value: string, name: string): boolean {
  return value.replace(/^(?:\([^()]*\)\s*)*/, '').replace(/^\((.*)\)$/, '$1').trim() === name;
}

/** Puts the call of one use into the IR of `list` (recursively into the statement its line falls in). */
function place(list: Stmt[], use: Use, ctx: ExtractContext): void {
  let i = -1;
  for (let k = 0; k < list.length; k++) if ((list[k]?.line ?? Infinity) <= use.line) i = k;
  const call: CallStmt = { k: 'call', line: use.line, col: use.col, callee: use.name, indirect: false, args: [], target: '', code: codeLine(ctx, use.line - 1) };
  const s = i >= 0 ? list[i] : undefined;
  if (!s) {
    list.unshift(call);
    return;
  }
  if (s.line < use.line) {
    // Inside a compound statement: the nested list whose first statement is the last to start before the use.
    let best: Stmt[] | undefined;
    for (const sub of nested(s)) if ((sub[0]?.line ?? Infinity) <= use.line && (!best || (sub[0]?.line ?? 0) >= (best[0]?.line ?? 0))) best = sub;
    if (best) place(best, use, ctx);
    else list.splice(i + 1, 0, call);
    return;
  }
  // The use is in the statement itself: evaluated before it.
  if (s.k === 'assign' && isWhole(s.rhs, use.name)) {
    call.target = s.lhs;
    list[i] = call;
    return;
  }
  if (s.k === 'return' && isWhole(s.value, use.name)) call.target = 'return';
  else if (s.k === 'if' || s.k === 'loop' || s.k === 'switch') call.target = 'cond';
  else if (s.k === 'call') {
    const arg = s.args.findIndex((a) => isWhole(a, use.name));
    if (arg >= 0) call.target = `${s.callee}(#${arg})`;
  }
  // Before the first statement of that line.
  let at = i;
  while (at > 0 && list[at - 1]?.line === use.line) at--;
  list.splice(at, 0, call);
}
