/**
 * Flattens the calls out of a C expression in evaluation order (inner calls first) and
 * says where each call's result goes (`target`). Plain assignments become AssignStmts;
 * function names used as values become AddressTakenFacts.
 *
 * Approximations (documented because the passes rely on them):
 * - `c ? f() : g()` and `f() ?: g()`: both calls get the outer target (either may be the value);
 * - `a && f()`, `a || f()`, comparisons and `!`: calls get `cond` inside a condition, `` elsewhere;
 * - `a, f()`: only the last operand gets the outer target;
 * - calls inside arithmetic (`f() + 1`), subscripts and member accesses of a call's result get ``;
 * - `sizeof(f(x))` is not evaluated, so its calls are dropped.
 */
import type { Node } from 'web-tree-sitter';
import type { AddressTakenFact, CallStmt, Stmt } from '../facts';
import { codeLine, type ExtractContext, type TextPlacement } from './context';
import { collapse, isIdentifier, isSimplePath } from './normalise';
import { isPlainArgument, lineStartsOf, rowAt, splitArguments } from './text-scan';
import { endOf, firstNamed, typeOf } from './nodes';
import { fastPath } from './fast-path';

/** Names visible in the function being flattened. */
export interface FunctionScope {
  /** Enclosing function (or macro) name, `` at file scope. */
  name: string;
  params: Set<string>;
  locals: Set<string>;
}

export type { TextPlacement } from './context';

/** The result goes nowhere (statement expression). */
export const DISCARDED = '';
/** The result is only tested by a condition. */
export const COND = 'cond';

/** Node types that never contain a call or assignment worth flattening. */
const LEAVES = new Set(['identifier', 'number_literal', 'string_literal', 'char_literal', 'true', 'false', 'null', 'field_identifier', 'concatenated_string', 'comment', 'sizeof_expression', 'alignof_expression', 'offsetof_expression', 'type_descriptor', 'primitive_type', 'type_identifier']);

/** Strips transparent wrappers (parentheses, casts) from a node. */
export function unwrap(node: Node, text?: string): Node {
  // Both wrappers start with `(`; anything else is returned without asking WASM its type.
  if (text !== undefined && text.charCodeAt(node.startIndex) !== 40) return node;
  let n: Node = node;
  for (;;) {
    if (typeOf(n) === 'parenthesized_expression') {
      const inner = firstNamed(n);
      if (!inner) return n;
      n = inner;
    } else if (typeOf(n) === 'cast_expression') {
      const inner = n.childForFieldName('value');
      if (!inner) return n;
      n = inner;
    } else {
      return n;
    }
  }
}

/** Flattens expressions of one function body into IR statements. */
export class ExpressionFlattener {
  constructor(
    readonly ctx: ExtractContext,
    readonly scope: FunctionScope,
    /** Where the parsed text sits in the file, for macro bodies parsed out of place. */
    readonly place: TextPlacement = ctx.place,
  ) {
    this.text = place.text;
    this.rowOffset = place.rowOffset;
  }

  readonly rowOffset: number;

  /** Text the nodes index into (the macro wrapper's text when parsing macro bodies). */
  readonly text: string;

  /** Source text of a node (from the parsed text, by offset: cheaper than node.text). */
  raw(node: Node): string {
    return this.text.slice(node.startIndex, endOf(node));
  }

  /** 1-based real file line of a node. */
  line(node: Node): number {
    return node.startPosition.row + this.rowOffset + 1;
  }

  /** True for names that are not functions: parameters, locals, file-scope variables. */
  isVariable(name: string): boolean {
    return this.scope.params.has(name) || this.scope.locals.has(name) || this.ctx.globalNames.has(name);
  }

  /**
   * Flattens `node` as a value whose result goes to `target`, appending to `out`.
   * Returns the normalised text of its value (assignments read as their left side).
   */
  value(node: Node, target: string, out: Stmt[]): string {
    const inner = unwrap(node, this.text);
    const text = this.flatten(inner, target, out);
    return text;
  }

  /** Flattens an expression; returns its normalised text (parentheses kept inside). */
  flatten(node: Node, target: string, out: Stmt[]): string {
    const raw = this.raw(node);
    // Nothing to flatten without a call or an assignment (checked before asking WASM the type).
    if (!raw.includes('(') && !raw.includes('=')) return collapse(raw);
    const type = typeOf(node);
    if (LEAVES.has(type)) return collapse(raw);
    switch (type) {
      case 'call_expression':
        return this.call(node, target, out);
      case 'assignment_expression':
        return this.assignment(node, out, target === COND);
      case 'parenthesized_expression': {
        const inner = firstNamed(node);
        if (!inner) return collapse(raw);
        const text = this.flatten(inner, target, out);
        return isSimplePath(text) ? text : `(${text})`;
      }
      case 'cast_expression': {
        const value = node.childForFieldName('value');
        const typeNode = node.childForFieldName('type');
        if (!value) return collapse(raw);
        const text = this.flatten(value, target, out);
        return `(${typeNode ? collapse(this.raw(typeNode)) : ''})${text}`;
      }
      case 'conditional_expression': {
        const cond = node.childForFieldName('condition');
        const a = node.childForFieldName('consequence');
        const b = node.childForFieldName('alternative');
        const c = cond ? this.flatten(cond, COND, out) : '';
        const at = a ? this.flatten(a, target, out) : '';
        const bt = b ? this.flatten(b, target, out) : '';
        return a ? `${c} ? ${at} : ${bt}` : `${c} ?: ${bt}`;
      }
      case 'comma_expression': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const l = left ? this.flatten(left, DISCARDED, out) : '';
        const r = right ? this.flatten(right, target, out) : '';
        return `${l}, ${r}`;
      }
      default:
        return this.generic(node, raw, target === COND ? COND : DISCARDED, out);
    }
  }

  /** Any other expression: flatten children left to right, splicing their texts back in. */
  private generic(node: Node, raw: string, target: string, out: Stmt[]): string {
    const children = node.namedChildren;
    if (children.length === 0) return collapse(raw);
    let result = '';
    let at = node.startIndex;
    for (const child of children) {
      if (!child) continue;
      result += this.text.slice(at, child.startIndex);
      if (this.text.charCodeAt(child.startIndex) === 47) result += ' '; // a comment
      else result += this.flatten(child, target, out);
      at = endOf(child);
    }
    result += this.text.slice(at, endOf(node));
    return collapse(result);
  }

  /** A call: arguments first (each targeted at `callee(#i)`), then the call itself. */
  private call(node: Node, target: string, out: Stmt[]): string {
    const plain = this.plainCall(node, target, out);
    if (plain !== undefined) return plain;
    const fn = node.childForFieldName('function');
    const argList = node.childForFieldName('arguments');
    if (!fn) return collapse(this.raw(node));
    const { callee, indirect, calleeNode } = this.callee(fn, argList, out);
    const args: string[] = [];
    const segments = argList ? splitArguments(this.text, argList.startIndex + 1, endOf(argList) - 1) : [];
    if (segments.every((s) => isPlainArgument(s.text))) {
      // Common case (`kfree(p)`, `kmalloc(sizeof(*p), GFP_KERNEL)`): read the arguments as text,
      // no WASM crossing per argument.
      segments.forEach((s, i) => {
        args.push(collapse(s.text));
        this.noteAddressText(s.text, s.from, 'argument', callee, i);
      });
    } else {
      const argNodes = argList ? argList.namedChildren.filter((c): c is Node => c !== null && typeOf(c) !== 'comment') : [];
      // An argument is what the commas separate: a macro's type argument (`rb_entry(n, struct foo, node)`)
      // reads as two nodes, `struct` and `foo`, which are one argument and name no function.
      let k = 0;
      segments.forEach((s, i) => {
        const end = s.from + s.text.length;
        const inside: Node[] = [];
        while (k < argNodes.length && argNodes[k].startIndex < end) inside.push(argNodes[k++]);
        if (inside.length === 1) {
          const a = unwrap(inside[0], this.text);
          args.push(this.flatten(a, `${callee}(#${i})`, out));
          this.noteAddress(a, 'argument', '', callee, i);
          return;
        }
        for (const n of inside) this.flatten(unwrap(n, this.text), `${callee}(#${i})`, out);
        args.push(collapse(s.text));
        this.noteAddressText(s.text, s.from, 'argument', callee, i);
      });
    }
    const row = calleeNode.startPosition.row;
    const call: CallStmt = {
      k: 'call',
      line: row + this.rowOffset + 1,
      col: calleeNode.startPosition.column + (row === this.place.firstRow ? this.place.colOffset : 0),
      callee,
      indirect,
      args,
      target,
      code: codeLine(this.ctx, row + this.rowOffset),
    };
    out.push(call);
    return `${callee}(${args.join(', ')})`;
  }

  /**
   * `name(plain, args)` read from the call's own text: the callee starts the node and the
   * argument list ends it, so neither child is asked for. Undefined when the text is not that shape.
   */
  private plainCall(node: Node, target: string, out: Stmt[]): string | undefined {
    if (!fastPath.enabled) return undefined;
    const text = this.text;
    const from = node.startIndex;
    const end = endOf(node);
    const name = /^[A-Za-z_]\w*/.exec(text.slice(from, Math.min(end, from + 128)))?.[0];
    if (name === undefined) return undefined;
    let open = from + name.length;
    while (open < end && (text[open] === ' ' || text[open] === '\t' || text[open] === '\n' || text[open] === '\r')) open++;
    if (text[open] !== '(' || text[end - 1] !== ')' || !closesAt(text, open, end)) return undefined;
    const segments = splitArguments(text, open + 1, end - 1);
    if (!segments.every((s) => isPlainArgument(s.text))) return undefined;
    const args = segments.map((s) => collapse(s.text));
    const { row, column } = node.startPosition;
    out.push({
      k: 'call',
      line: row + this.rowOffset + 1,
      col: column + (row === this.place.firstRow ? this.place.colOffset : 0),
      callee: name,
      indirect: this.isVariable(name),
      args,
      target,
      code: codeLine(this.ctx, row + this.rowOffset),
    });
    segments.forEach((s, i) => this.noteAddressText(s.text, s.from, 'argument', name, i));
    return `${name}(${args.join(', ')})`;
  }

  /** The callee text, whether the call is through a pointer, and the node giving its line. */
  private callee(fn: Node, argList: Node | null, out: Stmt[]): { callee: string; indirect: boolean; calleeNode: Node } {
    if (argList) {
      const name = this.text.slice(fn.startIndex, argList.startIndex).trimEnd();
      if (isIdentifier(name)) return { callee: name, indirect: this.isVariable(name), calleeNode: fn };
    }
    const bare = unwrap(fn, this.text);
    if (typeOf(bare) === 'identifier') {
      const name = this.raw(bare);
      return { callee: name, indirect: this.isVariable(name), calleeNode: bare };
    }
    if (typeOf(bare) === 'field_expression') {
      const field = bare.childForFieldName('field');
      return { callee: this.flatten(bare, DISCARDED, out), indirect: true, calleeNode: field ?? bare };
    }
    if (typeOf(bare) === 'pointer_expression') {
      const arg = bare.childForFieldName('argument');
      const inner = arg ? unwrap(arg, this.text) : undefined;
      if (inner && typeOf(inner) === 'identifier' && !this.isVariable(this.raw(inner))) {
        // (*foo)(x) with foo a function: a direct call.
        return { callee: this.raw(inner), indirect: false, calleeNode: inner };
      }
      return { callee: `(${this.flatten(bare, DISCARDED, out)})`, indirect: true, calleeNode: inner ?? bare };
    }
    return { callee: this.flatten(bare, DISCARDED, out), indirect: true, calleeNode: bare };
  }

  /** `lhs = rhs`: a call on the right gets `lhs` as target; anything else is an AssignStmt. */
  private assignment(node: Node, out: Stmt[], inCondition: boolean): string {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return collapse(this.raw(node));
    const op = collapse(this.text.slice(endOf(left), right.startIndex));
    const lhs = this.flatten(unwrap(left, this.text), DISCARDED, out);
    const value = unwrap(right, this.text);
    if (op !== '=') {
      this.flatten(value, inCondition ? COND : DISCARDED, out);
      return lhs;
    }
    if (typeOf(value) === 'call_expression') {
      this.flatten(value, lhs, out);
    } else if (typeOf(value) === 'assignment_expression') {
      // a = b = f(): the inner assignment's value flows on.
      const inner = this.flatten(value, DISCARDED, out);
      out.push({ k: 'assign', line: this.line(node), lhs, rhs: inner, decl: false });
    } else {
      this.assignValue(node, lhs, value, false, out);
      this.noteAddress(value, 'assignment', fieldOf(lhs), '', -1);
    }
    return lhs;
  }

  /**
   * A non-call right-hand side: an AssignStmt, except that a conditional whose branch is a
   * call (`p = c ? kmalloc(…) : NULL`) hands `lhs` to the call instead.
   */
  assignValue(at: Node, lhs: string, value: Node, decl: boolean, out: Stmt[]): void {
    const conditional = typeOf(value) === 'conditional_expression';
    const before = out.length;
    const rhs = this.flatten(value, conditional ? lhs : DISCARDED, out);
    if (conditional && out.slice(before).some((s) => s.k === 'call' && s.target === lhs)) return;
    out.push({ k: 'assign', line: this.line(at), lhs, rhs, decl });
  }

  /** Records `foo` / `&foo` used as a value, when foo is not a local or parameter. */
  noteAddress(node: Node, how: AddressTakenFact['how'], field: string, callee: string, argIndex: number): void {
    let n = unwrap(node, this.text);
    if (typeOf(n) === 'pointer_expression' && n.child(0)?.type === '&') {
      const arg = n.childForFieldName('argument');
      if (!arg) return;
      n = unwrap(arg, this.text);
    }
    if (typeOf(n) !== 'identifier') return;
    const name = this.raw(n);
    if (!isIdentifier(name) || this.scope.params.has(name) || this.scope.locals.has(name)) return;
    // Variables and ALL_CAPS constants are not functions; resolution drops other non-functions.
    if (this.ctx.globalNames.has(name) || /^[A-Z][A-Z0-9_]*$/.test(name)) return;
    this.ctx.addressTaken.push({ name, line: this.line(n), in: this.scope.name, how, field, callee, argIndex });
  }

  /** Text form of noteAddress for an argument read as text: `foo` or `&foo` at offset `from`. */
  noteAddressText(raw: string, from: number, how: AddressTakenFact['how'], callee: string, argIndex: number, field = ''): void {
    const m = /^(\s*&?\s*)([A-Za-z_]\w*)\s*$/.exec(raw);
    if (!m) return;
    const name = m[2];
    if (name === 'true' || name === 'false') return; // keywords (tree-sitter types them apart)
    if (this.scope.params.has(name) || this.scope.locals.has(name)) return;
    if (this.ctx.globalNames.has(name) || /^[A-Z][A-Z0-9_]*$/.test(name)) return;
    const line = rowAt(this.lineStarts(), from + m[1].length) + this.rowOffset + 1;
    this.ctx.addressTaken.push({ name, line, in: this.scope.name, how, field, callee, argIndex });
  }

  /** Offsets where the lines of the parsed text start (cached per text). */
  lineStarts(): number[] {
    if (this.place.lineStarts) return this.place.lineStarts;
    this.place.lineStarts = lineStartsOf(this.text);
    return this.place.lineStarts;
  }

  /**
   * Records function names inside an initializer list (`.open = foo_open`, `{ foo, bar }`),
   * flattening any calls in it with a discarded target.
   */
  initializer(node: Node, out: Stmt[]): void {
    // A table of numbers (a generated blob) names no function: skip it without touching its nodes.
    if (!/(?:^|[^\w])[A-Za-z_]/.test(this.raw(node).slice(1))) return;
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (typeOf(child) === 'initializer_pair') {
        const designators = child.childrenForFieldName('designator');
        const last = designators[designators.length - 1];
        const field = last?.type === 'field_designator' ? collapse(this.raw(last)).replace(/^\./, '') : '';
        const value = child.childForFieldName('value');
        if (value) this.initializerValue(value, field, out);
      } else if (typeOf(child) !== 'comment') {
        this.initializerValue(child, '', out);
      }
    }
  }

  private initializerValue(value: Node, field: string, out: Stmt[]): void {
    const v = unwrap(value, this.text);
    if (typeOf(v) === 'initializer_list') this.initializer(v, out);
    else {
      this.noteAddress(v, 'initializer', field, '', -1);
      this.flatten(v, DISCARDED, out);
    }
  }
}

/** True when the `(` at `open` is closed by the `)` just before `end` (strings, characters and comments skipped). */
function closesAt(text: string, open: number, end: number): boolean {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      for (i++; i < end && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && (text[i + 1] === '*' || text[i + 1] === '/')) {
      return false;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i === end - 1;
  }
  return false;
}

/** The last field of a path (`ops->cb` → `cb`), `` for a plain variable. */
function fieldOf(lhs: string): string {
  const m = /(?:->|\.)\s*([A-Za-z_]\w*)\s*$/.exec(lhs);
  return m ? m[1] : '';
}
