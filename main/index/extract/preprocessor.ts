/**
 * Preprocessor branches: three-valued evaluation of `#if` conditions (true, false, or
 * unknown when a name's value is not known) and the guard text recorded on definitions.
 * Unknown conditions keep both branches active, as a reader of the code would.
 */
import type { Node } from 'web-tree-sitter';
import type { ExtractContext } from './context';
import { collapse } from './normalise';
import { typeOf } from './nodes';

/** The scope a definition sits in: guards outermost first and whether the branch is live. */
export interface BranchScope {
  guards: string[];
  active: boolean;
}

/** A branch of an `#if` chain: its guard texts, truth value, and the items inside it. */
export interface Branch {
  guards: string[];
  value: boolean | undefined;
  items: Node[];
  /** The branch's own condition as C reads it (`defined(X)`, `!defined(X)`, `N > 2`); '' for `#else`. */
  test: string;
  /** The directive that opens the branch (`#ifdef`, `#elif`, `#else`). */
  directive: Node;
}

/** A numeric value, or undefined when unknown. */
type Value = number | undefined;

/** The value a -D/-U option or a local #define gives a name; undefined when unknown. */
function nameValue(ctx: ExtractContext, name: string): Value {
  const defined = isDefined(ctx, name);
  if (defined === false) return 0;
  const raw = ctx.options.defines[name] ?? ctx.localDefines.get(name);
  if (raw === undefined) return undefined;
  if (raw.trim() === '') return 1;
  return parseNumber(raw.trim());
}

/** Three-valued `defined(name)`. */
function isDefined(ctx: ExtractContext, name: string): boolean | undefined {
  if (Object.prototype.hasOwnProperty.call(ctx.options.defines, name)) return true;
  if (ctx.localUndefines.has(name) || ctx.options.undefines.includes(name)) return false;
  if (ctx.localDefines.has(name)) return true;
  if (ctx.options.undefinedPrefixes.some((p) => name.startsWith(p))) return false;
  return undefined;
}

/** Parses a C integer literal (`0x10`, `1UL`, `010`); undefined when not a number. */
function parseNumber(raw: string): Value {
  const s = raw.replace(/[uUlL]+$/, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0[0-7]*$/.test(s)) return parseInt(s, 8);
  if (/^[1-9]\d*$/.test(s)) return parseInt(s, 10);
  return undefined;
}

const truth = (v: Value): boolean | undefined => (v === undefined ? undefined : v !== 0);
const num = (b: boolean | undefined): Value => (b === undefined ? undefined : b ? 1 : 0);

/** Evaluates a binary operator when both sides are known. */
function binary(op: string, a: number, b: number): Value {
  switch (op) {
    case '==': return num(a === b);
    case '!=': return num(a !== b);
    case '<': return num(a < b);
    case '>': return num(a > b);
    case '<=': return num(a <= b);
    case '>=': return num(a >= b);
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? undefined : Math.trunc(a / b);
    case '%': return b === 0 ? undefined : a % b;
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '<<': return a << b;
    case '>>': return a >> b;
    default: return undefined;
  }
}

/** Three-valued evaluation of a `#if` expression node. */
export function evaluate(ctx: ExtractContext, node: Node | null): Value {
  if (!node) return undefined;
  switch (node.type) {
    case 'number_literal':
      return parseNumber(node.text);
    case 'char_literal':
      return node.text.length === 3 ? node.text.charCodeAt(1) : undefined;
    case 'identifier':
      return nameValue(ctx, node.text);
    case 'preproc_defined': {
      const name = node.namedChildren[0];
      return num(name ? isDefined(ctx, name.text) : undefined);
    }
    case 'parenthesized_expression':
      return evaluate(ctx, node.namedChildren[0] ?? null);
    case 'unary_expression': {
      const v = evaluate(ctx, node.childForFieldName('argument'));
      const op = node.childForFieldName('operator')?.text ?? '';
      if (v === undefined) return undefined;
      return op === '!' ? num(v === 0) : op === '-' ? -v : op === '~' ? ~v : v;
    }
    case 'binary_expression': {
      const op = node.childForFieldName('operator')?.text ?? '';
      const a = evaluate(ctx, node.childForFieldName('left'));
      const b = evaluate(ctx, node.childForFieldName('right'));
      if (op === '&&') {
        if (a === 0 || b === 0) return 0;
        return a === undefined || b === undefined ? undefined : 1;
      }
      if (op === '||') {
        if ((a !== undefined && a !== 0) || (b !== undefined && b !== 0)) return 1;
        return a === undefined || b === undefined ? undefined : 0;
      }
      return a === undefined || b === undefined ? undefined : binary(op, a, b);
    }
    case 'conditional_expression': {
      const c = truth(evaluate(ctx, node.childForFieldName('condition')));
      if (c === undefined) return undefined;
      return evaluate(ctx, node.childForFieldName(c ? 'consequence' : 'alternative'));
    }
    case 'call_expression': {
      // IS_ENABLED(CONFIG_X) / IS_BUILTIN / IS_MODULE: the kernel's config test macros.
      const fn = node.childForFieldName('function')?.text ?? '';
      const arg = node.childForFieldName('arguments')?.namedChildren[0];
      if (arg && /^IS_(ENABLED|BUILTIN|REACHABLE)$/.test(fn)) return num(isDefined(ctx, arg.text));
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The negation of a guard text: `X` ↔ `!X`, otherwise `!(…)`. */
export function negate(guard: string): string {
  if (/^!\w+$/.test(guard)) return guard.slice(1);
  if (/^\w+$/.test(guard)) return `!${guard}`;
  return `!(${guard})`;
}

/** True for `#ifndef X` followed at once by `#define X`: an include guard, always active. */
function isIncludeGuard(name: string, first: Node | undefined): boolean {
  return first?.type === 'preproc_def' && first.childForFieldName('name')?.text === name;
}

/**
 * Splits an `#if`/`#ifdef` node into its branches with their guards and values.
 * `#elif` after earlier branches is guarded by their negations, then its own condition.
 */
export function branchesOf(ctx: ExtractContext, node: Node): Branch[] {
  const branches: Branch[] = [];
  const previous: string[] = [];
  let anyTrue = false;
  let anyUnknown = false;
  let current: Node | null = node;
  while (current) {
    const kind: string = typeOf(current);
    const alternative: Node | null = current.childForFieldName('alternative');
    const condition = current.childForFieldName('condition') ?? current.childForFieldName('name');
    const items = current.namedChildren.filter(
      (c): c is Node => c !== null && c.id !== condition?.id && c.id !== alternative?.id && typeOf(c) !== 'comment',
    );
    let guard: string | undefined;
    let value: boolean | undefined;
    let test = '';
    if (kind === 'preproc_else') {
      value = anyTrue ? false : anyUnknown ? undefined : true;
    } else {
      const directive = current.child(0)?.text ?? '';
      const name = condition?.text ?? '';
      if (kind === 'preproc_ifdef' || kind === 'preproc_elifdef') {
        const negated = directive.endsWith('ndef');
        if (negated && kind === 'preproc_ifdef' && isIncludeGuard(name, items[0])) {
          branches.push({ guards: [], value: true, items, test: '', directive: current });
          return branches;
        }
        const defined = isDefinedForBranch(ctx, name);
        value = defined === undefined ? undefined : negated ? !defined : defined;
        guard = negated ? `!${name}` : name;
        test = negated ? `!defined(${name})` : `defined(${name})`;
      } else {
        value = truth(evaluate(ctx, condition));
        guard = collapse(condition?.text ?? '');
        test = guard;
      }
      if (anyTrue) value = false;
      else if (anyUnknown && value === true) value = undefined;
    }
    const guards = kind === 'preproc_else' ? previous.map(negate) : [...previous.map(negate), guard ?? ''];
    branches.push({ guards, value, items, test, directive: current });
    if (guard !== undefined) previous.push(guard);
    if (value === true) anyTrue = true;
    if (value === undefined) anyUnknown = true;
    current = alternative;
  }
  return branches;
}

function isDefinedForBranch(ctx: ExtractContext, name: string): boolean | undefined {
  return isDefined(ctx, name);
}

/** Records object-like `#define`/`#undef` so later `#if`s in the file can use them. */
export function noteDefine(ctx: ExtractContext, node: Node): void {
  if (node.type === 'preproc_def') {
    const name = node.childForFieldName('name')?.text;
    if (!name) return;
    ctx.localUndefines.delete(name);
    ctx.localDefines.set(name, node.childForFieldName('value')?.text ?? '');
  } else if (node.type === 'preproc_call' && node.childForFieldName('directive')?.text === '#undef') {
    const name = collapse(node.childForFieldName('argument')?.text ?? '');
    if (!name) return;
    ctx.localDefines.delete(name);
    ctx.localUndefines.add(name);
  }
}

/** The scope of a branch nested in `outer`. */
export function enter(outer: BranchScope, branch: Branch): BranchScope {
  return { guards: [...outer.guards, ...branch.guards.filter((g) => g !== '')], active: outer.active && branch.value !== false };
}
