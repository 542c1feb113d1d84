/**
 * A text-only path for the most common statements, so they cost no WASM crossing beyond the
 * statement's type and end: `f(a, b);`, `x = f(a);`, `p->q = (T *)f(a);`, `return f(a);`,
 * `return x;`, `x = y;`, `i++;`, and conditions without calls (`if (!p)`, `while (n > 0)`). Anything else (nested calls, conditionals, comments, strings
 * with odd quoting…) returns false and takes the tree path, which produces the same IR.
 */
import type { Stmt } from '../facts';
import { codeLine } from './context';
import type { ExpressionFlattener } from './expressions';
import { collapse, isIdentifier } from './normalise';
import { isPlainArgument, maskLiterals, rowAt, splitArguments } from './text-scan';

/** Switch for the differential test (fast path on vs off must give identical facts). */
export const fastPath = { enabled: true };

/** A simple lvalue: `p`, `*out`, `ht->table`, `s.buf`, `a[i]`, `b->c[n]`. */
const LVALUE = /^\**[A-Za-z_]\w*(?:(?:->|\.)[A-Za-z_]\w*|\[[^\][()=]*\])*$/;
/** Casts in front of a call: `(ht_list_t**)`, `(struct foo *)`. */
const CASTS = /^(?:\(\s*[A-Za-z_][\w\s]*\**\s*\)\s*)*/;

/** Keywords that look like calls but are operators tree-sitter types apart. */
const NOT_CALLS = new Set(['sizeof', 'offsetof', '_Alignof', '__alignof__', '__alignof', 'alignof', 'return', 'if', 'while', 'for', 'switch']);

/** Offset just past the `)` matching the `(` at `open` (strings skipped), or -1. */
function matchParen(text: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      for (i++; i < end && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * Emits a call written as text at [from, to) (`callee(args)`, casts in front already skipped)
 * with `target`; undefined (and nothing emitted) when it is not a plain call. An argument may
 * itself be a plain call (`kfree(foo(x))`, `f((T *)g(a), n)`): it is emitted first, targeted
 * at `callee(#i)`, as the tree path does.
 */
function textCall(x: ExpressionFlattener, from: number, to: number, target: string, out: Stmt[]): string | undefined {
  const emitted = out.length;
  const noted = x.ctx.addressTaken.length;
  const value = nestedTextCall(x, from, to, target, out);
  if (value === undefined) {
    out.length = emitted;
    x.ctx.addressTaken.length = noted;
  }
  return value;
}

/**
 * A call statement the parser read as a declaration: `__fput(container_of(work, struct file,
 * f_rcuhead));` declares a function container_of() returning `__fput`, because `struct file`
 * cannot be an argument. The tree has no call to offer, so its calls are read by text whether
 * or not the fast path is on; false when the text is not a call either.
 */
export function misparsedCallStatement(x: ExpressionFlattener, from: number, to: number, out: Stmt[]): boolean {
  return textCall(x, from, trimStatementEnd(x.text, from, to), '', out) !== undefined;
}

/** textCall without the rollback (the outermost call undoes everything on failure). */
function nestedTextCall(x: ExpressionFlattener, from: number, to: number, target: string, out: Stmt[]): string | undefined {
  const text = x.text;
  const open = text.indexOf('(', from);
  if (open < 0 || open >= to) return undefined;
  const callee = text.slice(from, open).trim();
  if (!isIdentifier(callee) || NOT_CALLS.has(callee)) return undefined;
  if (matchParen(text, open, to) !== to) return undefined;
  const segments = splitArguments(text, open + 1, to - 1);
  const plain = segments.map((s) => isPlainArgument(s.text));
  const args: string[] = [];
  if (plain.every(Boolean)) {
    for (const s of segments) args.push(collapse(s.text));
    segments.forEach((s, i) => x.noteAddressText(s.text, s.from, 'argument', callee, i));
  } else {
    for (let i = 0; i < segments.length; i++) {
      const s = segments[i];
      if (plain[i]) {
        // The tree re-spaces `?:` when an operand has parentheses (`c ? sizeof(a) : 0`).
        if (s.text.includes('?') && s.text.includes('(')) return undefined;
        args.push(collapse(s.text));
        x.noteAddressText(s.text, s.from, 'argument', callee, i);
        continue;
      }
      const start = skipSpace(text, s.from, s.from + s.text.length);
      const end = start + s.text.slice(start - s.from).trimEnd().length;
      const casts = CASTS.exec(text.slice(start, end))?.[0].length ?? 0;
      const inner = nestedTextCall(x, start + casts, end, `${callee}(#${i})`, out);
      if (inner === undefined) return undefined;
      args.push(inner);
    }
  }
  const starts = x.lineStarts();
  const row = rowAt(starts, from);
  out.push({
    k: 'call',
    line: row + x.rowOffset + 1,
    col: from - starts[row] + (row === x.place.firstRow ? x.place.colOffset : 0),
    callee,
    indirect: x.isVariable(callee),
    args,
    target,
    code: codeLine(x.ctx, row + x.rowOffset),
  });
  return `${callee}(${args.join(', ')})`;
}

/** Index of the first character that is not whitespace in [from, to). */
function skipSpace(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  return i;
}

/** End of [from, to) without trailing whitespace and one `;`. */
function trimStatementEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && /\s/.test(text[end - 1])) end--;
  if (text[end - 1] === ';') end--;
  while (end > from && /\s/.test(text[end - 1])) end--;
  return end;
}

/** An expression statement by text; false to take the tree path. */
export function fastExpressionStatement(x: ExpressionFlattener, from: number, to: number, out: Stmt[]): boolean {
  if (!fastPath.enabled) return false;
  const text = x.text;
  const end = trimStatementEnd(text, from, to);
  const raw = text.slice(from, end);
  if (raw.includes('/') || raw.includes('?') || raw.includes('{') || raw.includes('#') || raw.includes(',') && !raw.includes('(')) return false;
  const masked = raw.includes('"') || raw.includes("'") ? maskLiterals(raw) : raw;
  const eq = findAssignment(masked);
  if (!eq) {
    if (!masked.includes('(')) return true; // `i++;`, `*p;`: nothing to record
    return textCall(x, from, end, '', out) !== undefined;
  }
  const opAt = eq.at;
  const compound = eq.operatorLength > 1;
  const lhs = collapse(raw.slice(0, opAt - (eq.operatorLength - 1)));
  if (!LVALUE.test(lhs.replace(/\s/g, ''))) return false;
  const rhsFrom = skipSpace(text, from + opAt + 1, end);
  const rhs = text.slice(rhsFrom, end);
  const rhsMasked = masked.slice(rhsFrom - from);
  if (/(?:^|[^=!<>])=(?!=)/.test(rhsMasked)) return false; // chained assignment
  if (!rhsMasked.includes('(')) {
    if (compound) return true;
    const value = collapse(rhs);
    if (value === '') return false;
    out.push({ k: 'assign', line: rowAt(x.lineStarts(), from) + x.rowOffset + 1, lhs, rhs: value, decl: false });
    x.noteAddressText(rhs, rhsFrom, 'assignment', '', -1, fieldOf(lhs));
    return true;
  }
  if (compound) return false;
  const casts = CASTS.exec(rhs)?.[0].length ?? 0;
  return textCall(x, rhsFrom + casts, end, lhs, out) !== undefined;
}

/** `return;`, `return x;`, `return f(a);` by text; false to take the tree path. */
export function fastReturn(x: ExpressionFlattener, from: number, to: number, out: Stmt[]): boolean {
  if (!fastPath.enabled) return false;
  const text = x.text;
  const end = trimStatementEnd(text, from, to);
  if (!text.startsWith('return', from)) return false;
  const valueFrom = skipSpace(text, from + 6, end);
  if (valueFrom < end && valueFrom === from + 6) return false; // `returnx`
  const raw = text.slice(valueFrom, end);
  if (raw.includes('/') || raw.includes('?') || raw.includes('{') || raw.includes('#') || raw.includes('"') || raw.includes("'")) return false;
  if (/(?:^|[^=!<>])=(?!=)/.test(raw)) return false;
  const line = rowAt(x.lineStarts(), from) + x.rowOffset + 1;
  if (!raw.includes('(')) {
    out.push({ k: 'return', line, value: collapse(raw) });
    return true;
  }
  const casts = CASTS.exec(raw)?.[0].length ?? 0;
  const before = out.length;
  const value = textCall(x, valueFrom + casts, end, 'return', out);
  if (value === undefined) {
    out.length = before;
    return false;
  }
  out.push({ k: 'return', line, value });
  return true;
}

/**
 * The first assignment operator in masked text: offset of its `=` and its length
 * (`=` 1, `+=` 2, `<<=` 3); `==`, `!=`, `<=`, `>=` and `x++ = y`'s `++` are told apart.
 */
function findAssignment(s: string): { at: number; operatorLength: number } | undefined {
  for (let i = s.indexOf('='); i >= 0; i = s.indexOf('=', i + 1)) {
    if (s[i + 1] === '=') {
      i++;
      continue;
    }
    const prev = s[i - 1];
    if (prev === '=' || prev === '!') continue;
    if (prev === '<' || prev === '>') {
      if (s[i - 2] === prev) return { at: i, operatorLength: 3 };
      continue; // <= or >=
    }
    if (prev === '*' || prev === '/' || prev === '%' || prev === '&' || prev === '|' || prev === '^') return { at: i, operatorLength: 2 };
    if (prev === '+' || prev === '-') return { at: i, operatorLength: s[i - 2] === prev ? 1 : 2 };
    return { at: i, operatorLength: 1 };
  }
  return undefined;
}

/** The last field of a path (`ops->cb` → `cb`), `` for a plain variable. */
function fieldOf(lhs: string): string {
  const m = /(?:->|\.)\s*([A-Za-z_]\w*)\s*$/.exec(lhs);
  return m ? m[1] : '';
}

/** Condition text that the tree path reads as written (collapsed): no call, cast, assignment, comment, literal or macro juxtaposition. */
const PLAIN_CONDITION = /^[\w\s!&|<>+\-*%^~.[\]?:]+$/;

/**
 * The condition of `if (…)`, `while (…)`, `switch (…)` starting at `from`, read from the text when
 * it holds nothing to flatten (`!p`, `n > 0 && !done`, `s->flags & F`); undefined to take the tree path.
 */
export function fastCondition(text: string, from: number, keyword: 'if' | 'while' | 'switch'): string | undefined {
  if (!fastPath.enabled || !text.startsWith(keyword, from)) return undefined;
  const open = skipSpace(text, from + keyword.length, text.length);
  if (text[open] !== '(') return undefined;
  const close = text.indexOf(')', open + 1);
  if (close < 0) return undefined;
  const inner = text.slice(open + 1, close);
  // `(` inside (a call, cast or nested group) or an assignment: let the tree decide. With a comparison
  // the tree splices its operands back together (same text) but re-spaces `?:`, so `?` goes too.
  if (!PLAIN_CONDITION.test(inner) || /\w\s+\w/.test(inner)) return undefined;
  if (inner.includes('=') && (inner.includes('?') || /(?:^|[^=!<>])=(?!=)|<<=|>>=/.test(inner))) return undefined;
  const value = collapse(inner);
  return value === '' ? undefined : value;
}

/**
 * One local declarator written plainly: qualifiers/storage, a type (`struct x`, `unsigned long`,
 * `u32`), pointer stars, the name, array marks, and an optional initializer.
 */
const PLAIN_DECLARATION = /^((?:(?:const|volatile|static|register)\s+)*)(struct\s+[A-Za-z_]\w*|union\s+[A-Za-z_]\w*|enum\s+[A-Za-z_]\w*|(?:(?:unsigned|signed|short|long)\s+)*[A-Za-z_]\w*)(?!\w)\s*((?:\*\s*)*)([A-Za-z_]\w*)\s*((?:\[[^\][()={}]*\]\s*)*)(?:=\s*([\s\S]*))?$/;

/** Words that cannot be the type of a plain declaration (the tree path sorts those out). */
const NOT_TYPES = new Set(['return', 'goto', 'case', 'default', 'do', 'else', 'extern', 'inline', 'auto', 'typedef', 'const', 'volatile', 'static', 'register', 'sizeof', 'typeof', '__typeof__', 'struct', 'union', 'enum']);
/** Type words that cannot be a declared name (`unsigned int;` is not a variable named `int`). */
const TYPE_WORDS = new Set(['unsigned', 'signed', 'short', 'long', 'int', 'char', 'float', 'double', 'void', '_Bool']);

/**
 * `int err;`, `struct inode *inode = file_inode(file);`, `char buf[16];`, `u32 n = 0;` by text:
 * records the local's type and emits what the initializer does; false to take the tree path.
 */
export function fastDeclaration(x: ExpressionFlattener, from: number, to: number, locals: Record<string, string>, out: Stmt[]): boolean {
  if (!fastPath.enabled) return false;
  const text = x.text;
  const end = trimStatementEnd(text, from, to);
  const raw = text.slice(from, end);
  if (raw.includes('/') || raw.includes('?') || raw.includes('{') || raw.includes('#') || raw.includes('\\')) return false;
  const masked = raw.includes('"') || raw.includes("'") ? maskLiterals(raw) : raw;
  const eq = masked.indexOf('=');
  const head = eq < 0 ? masked : masked.slice(0, eq);
  if (head.includes(',') || head.includes('(')) return false;
  const m = PLAIN_DECLARATION.exec(raw);
  if (!m) return false;
  const [, leading, typeWords, , name, , init] = m;
  const type = plainDeclaredType(m);
  if (type === undefined) return false;
  // A static local keeps its value between calls: marked in its type, and its initialiser
  // (run once, before the program) emits no statement.
  const isStatic = leading.includes('static');
  locals[name] = isStatic ? `static ${type}` : type;
  x.scope.locals.add(name);
  if (init === undefined) return true;
  const rhsFrom = end - init.length;
  const rhsMasked = masked.slice(rhsFrom - from);
  if (rhsMasked.includes('=') || rhsMasked.includes(',') && !rhsMasked.includes('(')) return false;
  if (isStatic) {
    x.noteAddressText(init, rhsFrom, 'assignment', '', -1);
    return true;
  }
  if (!rhsMasked.includes('(')) {
    const value = collapse(init);
    if (value === '') return false;
    const declaratorAt = from + m.index + leading.length + typeWords.length + (raw.slice(leading.length + typeWords.length).length - raw.slice(leading.length + typeWords.length).trimStart().length);
    out.push({ k: 'assign', line: rowAt(x.lineStarts(), declaratorAt) + x.rowOffset + 1, lhs: name, rhs: value, decl: true });
    x.noteAddressText(init, rhsFrom, 'assignment', '', -1);
    return true;
  }
  const casts = CASTS.exec(init)?.[0].length ?? 0;
  return textCall(x, rhsFrom + casts, end, name, out) !== undefined;
}

/** The declared type of a PLAIN_DECLARATION match, as baseType + declaredName + typeText write it; undefined when it is not a declaration. */
function plainDeclaredType(m: RegExpExecArray): string | undefined {
  const [, leading, typeWords, stars, name, arrays] = m;
  if (NOT_TYPES.has(typeWords) || NOT_TYPES.has(name) || TYPE_WORDS.has(name)) return undefined;
  const qualifiers = leading.match(/\b(?:const|volatile)\b/g)?.join(' ') ?? '';
  const base = collapse(typeWords);
  const suffix = '*'.repeat((stars.match(/\*/g) ?? []).length) + '[]'.repeat((arrays.match(/\[/g) ?? []).length);
  return typeText(qualifiers ? `${qualifiers} ${base}` : base, suffix);
}

/** A parameter written plainly (`struct inode *inode`, `const char *name`, `char *argv[]`) by text: its name and type; undefined to take the tree path. */
export function fastParameter(raw: string): { name: string; type: string } | undefined {
  if (!fastPath.enabled || raw.includes('/') || raw.includes('(') || raw.includes('=') || raw.includes('#') || raw.includes('\\')) return undefined;
  const m = PLAIN_DECLARATION.exec(raw);
  if (!m) return undefined;
  const type = plainDeclaredType(m);
  return type === undefined ? undefined : { name: m[4], type };
}

/** `base` plus a declarator suffix (as declarators.ts writes it). */
function typeText(base: string, suffix: string): string {
  return suffix ? `${base} ${suffix}` : base;
}
