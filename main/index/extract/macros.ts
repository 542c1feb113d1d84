/**
 * Function-like `#define`s → MacroFact. Bodies are parsed in a second parse, all macros of
 * a file at once: each body is wrapped as `void __lsmN(void){ BODY ;}` (statement bodies such
 * as `do { … } while (0)`) or `void __lsmN(void){return BODY ;}` (expression bodies, so the
 * macro's value gets target `return`). Each wrapper starts on the row of the body's first
 * line, so rows map back to the file by a fixed offset and `code` is the real file line.
 * Wrappers the batch could not place cleanly are parsed again one by one.
 */
import type { Node } from 'web-tree-sitter';
import type { MacroFact, Stmt } from '../facts';
import type { CParser } from '../parser';
import type { ExtractContext } from './context';
import { ExpressionFlattener } from './expressions';
import type { BranchScope } from './preprocessor';
import { BodyBuilder } from './statements';

/** A function-like #define waiting for the batched body parse. */
export interface PendingMacro {
  name: string;
  line: number;
  endLine: number;
  params: string[];
  scope: BranchScope;
  /** Body text (line continuations blanked), its first row and column in the file. */
  body: string;
  /** True for an object-like `#define NAME value` (its uses are names, not calls). */
  object?: boolean;
  row: number;
  column: number;
}

/** Reads a preproc_function_def; undefined when its body cannot contain a call. */
export function pendingMacro(ctx: ExtractContext, node: Node, scope: BranchScope): PendingMacro | undefined {
  const value = node.childForFieldName('value');
  const name = node.childForFieldName('name');
  if (!value || !name) return undefined;
  const raw = ctx.text.slice(value.startIndex, value.endIndex);
  if (!raw.includes('(')) return undefined;
  if (!balanced(raw)) return undefined;
  const params: string[] = [];
  for (const p of node.childForFieldName('parameters')?.children ?? []) {
    if (!p) continue;
    if (p.type === 'identifier') params.push(p.text);
    else if (p.type === '...') params.push('__VA_ARGS__');
  }
  return {
    name: name.text,
    line: node.startPosition.row + 1,
    endLine: value.endPosition.row + 1,
    params,
    scope,
    body: raw.replace(/\\(?=\r?\n)/g, ' '),
    row: value.startPosition.row,
    column: value.startPosition.column,
  };
}

/**
 * A name with a lower-case letter followed by `(`: a value that may call a function. All-caps
 * calls (`GENMASK(3, 0)`, `_IOR('r', 1, T)`: thousands in kernel headers) are macros that
 * rarely end in a function, and each parsed body costs; `sizeof(…)` and the like call nothing.
 */
const CALL_IN_VALUE = /\b(?!(?:sizeof|typeof|__typeof__|defined|_Alignof|__alignof__|offsetof)\b)[A-Za-z_]*[a-z]\w*\s*\(/;

/**
 * Reads an object-like `#define NAME value` whose value may call something
 * (`#define XXH_CPU_LITTLE_ENDIAN XXH_isLittleEndian()`): a macro without parameters.
 */
export function pendingObjectMacro(node: Node, value: Node, name: string, raw: string, scope: BranchScope): PendingMacro | undefined {
  if (!raw.includes('(') || !CALL_IN_VALUE.test(raw) || !balanced(raw)) return undefined;
  return {
    name,
    line: node.startPosition.row + 1,
    endLine: value.endPosition.row + 1,
    params: [],
    scope,
    body: raw.replace(/\\(?=\r?\n)/g, ' '),
    row: value.startPosition.row,
    column: value.startPosition.column,
    object: true,
  };
}

/** True when parentheses and braces balance (an unbalanced body would swallow the next wrappers). */
function balanced(s: string): boolean {
  let paren = 0;
  let brace = 0;
  for (const c of s) {
    if (c === '(') paren++;
    else if (c === ')') paren--;
    else if (c === '{') brace++;
    else if (c === '}') brace--;
    if (paren < 0 || brace < 0) return false;
  }
  return paren === 0 && brace === 0;
}

const STATEMENT_BODY = /^\s*(do\b|\{|if\b|for\b|while\b|switch\b|return\b|goto\b)/;

/** True when the IR contains a call anywhere. */
function hasCall(stmts: Stmt[]): boolean {
  return stmts.some((s) => {
    switch (s.k) {
      case 'call': return true;
      case 'if': return hasCall(s.then) || hasCall(s.else);
      case 'loop':
      case 'switch': return hasCall(s.body);
      default: return false;
    }
  });
}

/** Where a macro's wrapper sits in a parsed text. */
interface Placement {
  firstRow: number;
  prefixLength: number;
}

/** `void __lsmN(void){ BODY ;}` — statement bodies as they are, expression bodies returned. */
function wrapperPrefix(m: PendingMacro, index: number): string {
  const statement = STATEMENT_BODY.test(m.body) || /;\s*\S/.test(m.body) || m.body.trimEnd().endsWith(';');
  return `void __lsm${index}(void){${statement ? '' : 'return '}`;
}

/** The wrapper index of a top-level function definition, or undefined when it is not a wrapper. */
function wrapperIndex(def: Node): number | undefined {
  const nameNode = def.childForFieldName('declarator')?.childForFieldName('declarator');
  const index = /^__lsm(\d+)$/.exec(nameNode?.text ?? '');
  return index ? Number(index[1]) : undefined;
}

/**
 * Parses all pending macro bodies of a file in one parse; keeps macros whose body calls something.
 * One damaged body (e.g. an initializer `{ a, b }`, or a fragment) can make tree-sitter nest
 * every later wrapper inside it, so any wrapper that is missing at top level or contains an
 * error is parsed again on its own: one bad body never loses the others.
 */
export function extractMacros(parser: CParser, ctx: ExtractContext, pending: PendingMacro[]): MacroFact[] {
  if (pending.length === 0) return [];
  const pieces: string[] = [];
  const placements: Placement[] = [];
  let row = 0;
  pending.forEach((m, i) => {
    const prefix = wrapperPrefix(m, i);
    const piece = `${prefix}${m.body}\n;}\n`;
    placements.push({ firstRow: row, prefixLength: prefix.length });
    pieces.push(piece);
    row += countNewlines(piece);
  });
  const text = pieces.join('');
  const found = new Map<number, MacroFact | null>();
  const tree = parser.parse(text);
  try {
    for (const def of tree.rootNode.namedChildren) {
      if (def?.type !== 'function_definition' || def.hasError) continue;
      const index = wrapperIndex(def);
      const m = index === undefined ? undefined : pending[index];
      const place = index === undefined ? undefined : placements[index];
      if (index === undefined || !m || !place || found.has(index)) continue;
      found.set(index, macroFromWrapper(ctx, def, m, text, place));
    }
  } finally {
    tree.delete();
  }
  pending.forEach((m, i) => {
    if (!found.has(i)) found.set(i, parseAlone(parser, ctx, m, i));
  });
  const macros: MacroFact[] = [];
  for (let i = 0; i < pending.length; i++) {
    const fact = found.get(i);
    if (fact) macros.push(fact);
  }
  return macros;
}

/** Parses one macro body on its own (after the batched parse could not place it). */
function parseAlone(parser: CParser, ctx: ExtractContext, m: PendingMacro, index: number): MacroFact | null {
  const prefix = wrapperPrefix(m, index);
  const text = `${prefix}${m.body}\n;}\n`;
  const tree = parser.parse(text);
  try {
    const def = tree.rootNode.namedChildren.find((n) => n?.type === 'function_definition' && wrapperIndex(n) === index);
    return def ? macroFromWrapper(ctx, def, m, text, { firstRow: 0, prefixLength: prefix.length }) : null;
  } finally {
    tree.delete();
  }
}

/** The MacroFact of one parsed wrapper, or null when its body has no call. */
function macroFromWrapper(ctx: ExtractContext, def: Node, m: PendingMacro, text: string, place: Placement): MacroFact | null {
  const body = def.childForFieldName('body');
  if (!body) return null;
  const expr = new ExpressionFlattener(
    ctx,
    { name: m.name, params: new Set(m.params), locals: new Set() },
    { text, rowOffset: m.row - place.firstRow, firstRow: place.firstRow, colOffset: m.column - place.prefixLength },
  );
  const stmts = new BodyBuilder(ctx, expr).block(body);
  if (!hasCall(stmts)) return null;
  return { name: m.name, line: m.line, endLine: m.endLine, params: m.params, guards: m.scope.guards, active: m.scope.active, body: stmts };
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
