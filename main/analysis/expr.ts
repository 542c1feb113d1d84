/**
 * Small text helpers over the extractor's normalised C expressions. The IR keeps
 * expressions as text (casts and outer parentheses mostly removed already); the
 * passes only need to recognise plain variables, field paths, `&x`, `*x`, `x[i]`
 * and null tests, so a few careful regular expressions are enough here.
 */

/** True for a plain identifier. */
export function isIdent(s: string): boolean {
  return /^[A-Za-z_]\w*$/.test(s);
}

/** Removes outer parentheses and C casts (`(struct x *)(p)` → `p`), repeatedly. */
export function stripCasts(raw: string): string {
  // Most texts (`inode`, `&sb->s_fs_info`, `GFP_KERNEL`) have no blank and do not start with `(`:
  // nothing below changes them, and a scan is much cheaper than hashing the text for the memo.
  if (isPlainText(raw)) return raw;
  const hit = stripMemo.get(raw);
  if (hit !== undefined) return hit;
  const out = stripCastsUncached(raw);
  if (stripMemo.size > 200000) stripMemo.clear();
  stripMemo.set(raw, out);
  return out;
}

/**
 * True when stripCasts leaves `raw` as it is: it does not start with `(`, has no blank at
 * either end, and no blank next to `.`, `->`, `[` or `]` (the only blanks the final
 * replacements remove). Conditions and arguments with blanks between words or around
 * operators (`err < 0`, `p == NULL`, `sizeof(struct foo)`) are answered here too, without
 * hashing the text for the memo (which, at ~200,000 texts, kept being cleared on Linux fs/).
 */
function isPlainText(raw: string): boolean {
  const n = raw.length;
  if (n === 0) return true;
  if (raw.charCodeAt(0) === 40 /* ( */ || isBlank(raw.charCodeAt(0)) || isBlank(raw.charCodeAt(n - 1))) return false;
  for (let i = 1; i < n - 1; i++) {
    if (!isBlank(raw.charCodeAt(i))) continue;
    const before = raw.charCodeAt(i - 1);
    const after = raw.charCodeAt(i + 1);
    if (isPathPunctuation(before) || isPathPunctuation(after)) return false;
    // `->`: a blank after `>` or before `-` may belong to it.
    if (before === 62 /* > */ || after === 45 /* - */) return false;
  }
  return true;
}

/** A superset of what String.prototype.trim and \s treat as blank: every such character is <= 32 or >= 160. */
function isBlank(c: number): boolean {
  return c <= 32 || c >= 160;
}

/** `.`, `[` or `]`: stripCasts removes blanks next to them. */
function isPathPunctuation(c: number): boolean {
  return c === 46 /* . */ || c === 91 /* [ */ || c === 93 /* ] */;
}

/** Memo for stripCasts: the same argument texts come back on every path of every walk. */
const stripMemo = new Map<string, string>();

function stripCastsUncached(raw: string): string {
  let s = raw.trim();
  for (let i = 0; i < 8; i++) {
    const before = s;
    if (s.startsWith('(')) {
      const close = matchingParen(s, 0);
      if (close === s.length - 1) s = s.slice(1, -1).trim();
      else if (close > 0) {
        const inner = s.slice(1, close).trim();
        const rest = s.slice(close + 1).trim();
        // `(type)operand`: the operand starts like a primary expression, the inner text is a type.
        const looksType = /^(?:(?:const|volatile|struct|union|enum|unsigned|signed)\s+)*[A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)*(?:\s*\*)*$/.test(inner);
        if (looksType && /^[A-Za-z_(&*]/.test(rest) && !/^[A-Za-z_]\w*\s*[-+/%|^<>=!?]/.test(rest.replace(/->|\.|\[/g, '')) ) s = rest;
      }
    }
    if (s === before) break;
  }
  return s.replace(/\s*(->|\.)\s*/g, '$1').replace(/\s*\[\s*/g, '[').replace(/\s*\]/g, ']');
}

/** Index of the parenthesis closing the one at `open`, or -1. */
export function matchingParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The leading identifier of a path (`ht->table[i]` → `ht`, `*out` → `out`, `&p->x` → `p`); `` when none. */
export function baseName(expr: string): string {
  const m = /^[&*(\s]*([A-Za-z_]\w*)/.exec(expr);
  return m?.[1] ?? '';
}

/** True when the expression is a path rooted at `base` through fields (`base->x`, `base.x.y`). */
export function isFieldOf(expr: string, base: string): boolean {
  // expr.startsWith(base + '->') || expr.startsWith(base + '.'), without building either text:
  // the walks ask this for every holder and argument of every call they pass.
  const n = base.length;
  if (expr.length <= n || !expr.startsWith(base)) return false;
  const c = expr.charCodeAt(n);
  return c === 46 /* . */ || (c === 45 /* - */ && expr.charCodeAt(n + 1) === 62) /* > */;
}

/** Identifiers appearing in an expression (for invalidating remembered conditions). */
export function identifiersIn(expr: string): string[] {
  let hit = identMemo.get(expr);
  if (hit === undefined) {
    hit = expr.match(/[A-Za-z_]\w*/g) ?? [];
    if (identMemo.size > 200000) identMemo.clear();
    identMemo.set(expr, hit);
  }
  return hit;
}

const identMemo = new Map<string, string[]>();

/** Splits a top-level `a && b` / `a || b` (outside parentheses) on `op`. */
export function splitTop(expr: string, op: '&&' | '||'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && expr.startsWith(op, i)) {
      parts.push(expr.slice(start, i).trim());
      start = i + op.length;
      i += op.length - 1;
    }
  }
  parts.push(expr.slice(start).trim());
  return parts;
}

/** Strips `likely(...)`, `unlikely(...)` (and their UNLIKELY / G_UNLIKELY / __predict_false spellings), `WARN_ON(...)`-style wrappers and outer parentheses from a condition. */
export function unwrapCondition(raw: string): string {
  let s = stripCasts(raw);
  // `if (p = malloc(n), p == NULL)`: a comma expression's value is its last operand.
  if (s.indexOf(',') >= 0) {
    const parts = splitArgs(s);
    if (parts.length > 1) s = stripCasts(parts[parts.length - 1] ?? s);
  }
  for (let i = 0; i < 6; i++) {
    const m = /^(?:unlikely|likely|UNLIKELY|LIKELY|G_UNLIKELY|G_LIKELY|__predict_false|__predict_true|WARN_ON|WARN_ON_ONCE|__builtin_expect)\((.*)\)$/.exec(s);
    if (!m?.[1] || matchingParen(s, s.indexOf('(')) !== s.length - 1) break;
    // __builtin_expect(x, 0): keep only the first argument.
    s = stripCasts(splitArgs(m[1])[0] ?? '');
  }
  return s;
}

/** A condition that tests one name for truth (`ref`, `!ref`, `likely(ref)`): the name, and whether it is negated. */
export function flagCondition(cond: string): { name: string; negated: boolean } | undefined {
  const m = /^(!?)\s*([A-Za-z_]\w*)$/.exec(unwrapCondition(cond));
  return m?.[2] === undefined ? undefined : { name: m[2], negated: m[1] === '!' };
}

/**
 * The value of a condition decided by comparisons of a fresh block with pointers that
 * cannot hold it (`buf != stack_buf && buf != readbuf`): each `a == b` / `a != b` with one
 * side `fresh` and the other `other` is false / true, and `&&`, `||`, `!` and parentheses
 * combine them. Undefined when a part that decides the value is anything else.
 */
export function freshComparison(cond: string, fresh: (e: string) => boolean, other: (e: string) => boolean): boolean | undefined {
  const c = unwrapCondition(cond);
  const ors = splitTop(c, '||');
  if (ors.length > 1) {
    const values = ors.map((o) => freshComparison(o, fresh, other));
    return values.includes(true) ? true : values.every((v) => v === false) ? false : undefined;
  }
  const ands = splitTop(c, '&&');
  if (ands.length > 1) {
    const values = ands.map((a) => freshComparison(a, fresh, other));
    return values.includes(false) ? false : values.every((v) => v === true) ? true : undefined;
  }
  if (c.startsWith('!') && !c.startsWith('!=')) {
    const inner = c.slice(1).trim();
    if (inner.startsWith('(') && matchingParen(inner, 0) === inner.length - 1) {
      const v = freshComparison(inner, fresh, other);
      return v === undefined ? undefined : !v;
    }
    return undefined;
  }
  // Split at the first `==` / `!=`: sides that are anything but a name or a field path fail both tests below.
  const m = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(c);
  if (!m?.[1] || !m[3]) return undefined;
  const a = stripCasts(m[1]);
  const b = stripCasts(m[3]);
  if ((fresh(a) && other(b)) || (fresh(b) && other(a))) return m[2] === '!=';
  return undefined;
}

/** The holder of a slot of an array, which the walks track as one for the whole array: `vec[i]` → `vec[]`. */
export function slotHolder(text: string): string {
  return text.replace(/\[[^\]]*\]$/, '[]');
}

/** Splits an argument list text on top-level commas. */
export function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(s.slice(start).trim());
  return out;
}

const NULLS = new Set(['NULL', '0', '((void *)0)', '(void*)0', 'nullptr', 'ZERO_SIZE_PTR']);

/** True for a null pointer constant. */
export function isNullConstant(s: string): boolean {
  return NULLS.has(stripCasts(s));
}

/**
 * What a condition says about whether `v` is null when the condition is true (`null`),
 * when it is false (`nonnull` on the true side), or nothing (`undefined`).
 * Returns `[whenTrue, whenFalse]`, each 'null' | 'nonnull' | undefined.
 */
export function nullFacts(cond: string, v: string): [NullFact, NullFact] {
  // Cheap exit: a condition that does not mention the variable says nothing about it.
  if (!cond.includes(v)) return [undefined, undefined];
  // By condition, then variable: no key text to build and hash per question (the condition
  // texts are the CFG's own strings, whose hashes V8 keeps after the first lookup).
  const hit = factMemo.get(cond)?.get(v);
  if (hit) return hit;
  const out = nullFactsUncached(cond, v);
  if (factCount > 200000) {
    factMemo.clear();
    factCount = 0;
  }
  // Looked up again: the parts of `cond` asked about above may have filled or cleared the memo.
  let byVar = factMemo.get(cond);
  if (!byVar) {
    byVar = new Map();
    factMemo.set(cond, byVar);
  }
  byVar.set(v, out);
  factCount++;
  return out;
}

const factMemo = new Map<string, Map<string, [NullFact, NullFact]>>();
/** Answers held in factMemo (cleared past 200,000, like the other memos here). */
let factCount = 0;

function nullFactsUncached(cond: string, v: string): [NullFact, NullFact] {
  const c = unwrapCondition(cond);
  if (c === v) return ['nonnull', 'null'];
  // a || b: the true side says nothing certain (unless every part says null); the false side says all are false.
  const ors = splitTop(c, '||');
  if (ors.length > 1) {
    const falses = ors.map((o) => nullFacts(o, v)[1]).find((x) => x !== undefined);
    const trues = ors.map((o) => nullFacts(o, v)[0]);
    return [trues.every((x) => x === 'null') ? 'null' : undefined, falses];
  }
  const ands = splitTop(c, '&&');
  if (ands.length > 1) {
    const trues = ands.map((a) => nullFacts(a, v)[0]).find((x) => x !== undefined);
    const falses = ands.map((a) => nullFacts(a, v)[1]);
    return [trues, falses.every((x) => x === 'null') ? 'null' : undefined];
  }
  const not = /^!\s*(.+)$/.exec(c);
  if (not?.[1] && !/^[=]/.test(not[1])) {
    const [t, f] = nullFacts(not[1], v);
    return [f, t];
  }
  const eq = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(c);
  if (eq?.[1] && eq[3]) {
    const l = stripCasts(eq[1]);
    const r = stripCasts(eq[3]);
    const isNullTest = (l === v && isNullConstant(r)) || (r === v && isNullConstant(l));
    if (isNullTest) return eq[2] === '==' ? ['null', 'nonnull'] : ['nonnull', 'null'];
    // `p == ERR_PTR(-EOPNOTSUPP)`: where it holds, p is an error code, not a block; the other side says nothing.
    const isErrTest = (l === v && r.startsWith('ERR_PTR(')) || (r === v && l.startsWith('ERR_PTR('));
    if (isErrTest) return eq[2] === '==' ? ['null', undefined] : [undefined, 'null'];
  }
  const call = /^(IS_ERR_OR_NULL|IS_ERR|ZERO_OR_NULL_PTR|IS_ERR_VALUE)\((.*)\)$/.exec(c);
  if (call?.[2] !== undefined && stripCasts(call[2]) === v) return ['null', 'nonnull'];
  return [undefined, undefined];
}

/** A fact about nullness on one side of a branch. */
export type NullFact = 'null' | 'nonnull' | undefined;

/** Text without a digit, `true` or `false` cannot unwrap to a constant. */
const MAY_BE_CONSTANT = /[0-9]|true|false/;

/** `true`/`false` for a constant condition (`0`, `1`, `false`), else undefined. */
export function constantCondition(cond: string): boolean | undefined {
  // A constant is a digit, `true` or `false`, and unwrapping only removes text: most
  // conditions (`!p`, `err`, `p == NULL`) are answered without unwrapping.
  if (!MAY_BE_CONSTANT.test(cond)) return undefined;
  // Without a `(` there is no cast or wrapper to remove, and a constant has no `.`, `->`, `[`
  // or `]` next to which stripCasts removes blanks: only trimming can change the answer.
  const c = cond.includes('(') ? unwrapCondition(cond) : cond.trim();
  if (/^(0|false|0[uUlL]*)$/.test(c)) return false;
  if (/^([1-9]\d*[uUlL]*|true)$/.test(c)) return true;
  return undefined;
}

/** A path to a pointer: `p`, `s->buf`, `a.b->c`. */
const POINTER_PATH = /^[A-Za-z_]\w*(?:(?:->|\.)[A-Za-z_]\w*)*$/;

/**
 * The pointer that `p + n` / `p - n` (casts allowed on `p`) is offset from, else ``.
 * Pointer arithmetic stays inside the block: `free(q - 1)` after `q = p + 1` releases p's
 * block, and a returned `base + sizeof(hdr)` hands the block to the caller.
 */
export function offsetBase(expr: string): string {
  if (expr.indexOf('+') < 0 && expr.indexOf('-') < 0) return '';
  const e = stripCasts(expr);
  // Only a plain sum: a comparison, assignment, condition or comma is something else.
  if (/&&|\|\||[<>?=!,]/.test(e.replace(/->/g, '.'))) return '';
  let depth = 0;
  for (let i = 0; i < e.length; i++) {
    const c = e[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && i > 0 && (c === '+' || c === '-')) {
      const next = e[i + 1];
      const prev = e[i - 1];
      if (next === '>' || next === c || prev === c || next === '=') continue;
      const base = stripCasts(e.slice(0, i).trim());
      return POINTER_PATH.test(base) ? base : '';
    }
  }
  return '';
}

/**
 * The pointer an interior pointer is taken from: `&p->f`, `&p[i]` (address of a member or
 * element reached through p) or `p ± n` → `p`; `` otherwise. A returned `&obj->member`
 * (container_of style) or a stored `base + header` still reaches p's block.
 */
export function interiorBase(expr: string): string {
  const e = stripCasts(expr);
  if (e.charCodeAt(0) === 38 /* & */) {
    const m = /^&\s*\(?\s*([A-Za-z_]\w*(?:(?:->|\.)[A-Za-z_]\w*)*)\s*(?:->|\[)/.exec(e);
    return m?.[1] ?? '';
  }
  return offsetBase(e);
}
