/**
 * One C file → FileFacts. Blanks annotation macros, comments inside directives and `#if` groups
 * that cut through a statement, parenthesises `if MACRO(x)` conditions, parses once, walks the file scope
 * (descending into `#if` branches with their guards, and into ERROR regions so a damaged
 * stretch never loses the rest of the file), then parses all function-like macro bodies
 * in one second parse. Never throws: a failure becomes a warning on otherwise-empty facts.
 */
import type { Node } from 'web-tree-sitter';
import type { FileFacts, FunctionFact } from '../facts';
import type { CParser } from '../parser';
import { blankAnnotations } from './annotations';
import { parenthesiseBareIfs } from './bare-if-conditions';
import { endStatementMacros } from './statement-macros';
import { blankDirectiveComments } from './directive-comments';
import { blankInlineConditionals } from './inline-conditionals';
import { createContext, type ExtractContext } from './context';
import { collectStruct, type DeclarationFacts, fileDeclaration, typeDefinition } from './declarations';
import { type BodyEnd, functionFromDefinition, functionFromOrphanBody } from './definitions';
import { endOf, typeOf } from './nodes';
import { extractMacros, pendingMacro, pendingObjectMacro, type PendingMacro } from './macros';
import { findObjectMacroUses, placeObjectMacroUses } from './object-macros';
import { includesSource, TemplateTracker } from './instantiations';
import { markCallsThroughUserVariables } from './macro-callees';
import { settleDeclaredFunctions } from './declared-functions';
import type { ExtractOptions } from './options';
import { type BranchScope, branchesOf, enter, noteDefine } from './preprocessor';
import { parseWarnings } from './warnings';
import { bareCallsIn } from './bare-calls';
import { writtenNames } from './written-names';

export type { ExtractOptions } from './options';

/** Options with nothing defined: every config-dependent branch is unknown, hence active. */
export const NO_DEFINES: ExtractOptions = { defines: {}, undefines: [], undefinedPrefixes: [] };

/** Walks the file scope, collecting definitions. */
class FileScopeWalker {
  readonly functions: FunctionFact[] = [];
  readonly macros: PendingMacro[] = [];
  readonly decls: DeclarationFacts = { globals: [], structs: [], typedefs: [] };
  /** Template-include tracking, only in a file that includes a non-header (`#include "xmltok_impl.c"`). */
  readonly templates: TemplateTracker | undefined;

  constructor(
    private readonly ctx: ExtractContext,
    private readonly parser: CParser,
  ) {
    this.templates = includesSource(ctx.text) ? new TemplateTracker() : undefined;
  }

  /** How many times a file may be re-parsed after run-away bodies (bounds the work on hostile input). */
  private reparses = 0;
  /** Lines whose bare file-scope call is recorded (an ERROR's children are items too). */
  private readonly bareCallLines = new Set<number>();

  /**
   * A damaged body that runs past a `}` in column 0: tree-sitter's error recovery can swallow
   * every later definition of the file into one body. C code (kernel style and GNU style alike)
   * closes a function with `}` in column 0, so that line is taken as the real end.
   */
  private overrun(body: Node): BodyEnd | undefined {
    if (!body.hasError) return undefined;
    const text = this.ctx.text;
    const end = endOf(body) - 1;
    const close = text.indexOf('\n}', body.startIndex);
    if (close < 0 || close + 1 >= end) return undefined;
    return { offset: close + 1, line: body.startPosition.row + 1 + countLines(text, body.startIndex, close + 1) };
  }

  /** Parses [from, to) again on its own (same offsets: the text before is blanked) and walks its items. */
  private reparse(from: number, to: number, scope: BranchScope): void {
    if (++this.reparses > MAX_REPARSES) return;
    const text = this.ctx.text;
    const padded = text.slice(0, from).replace(/[^\n]/g, ' ') + text.slice(from, to);
    const tree = this.parser.parse(padded);
    try {
      const items = tree.rootNode.namedChildren.filter((n): n is Node => n !== null && n.startIndex < to);
      this.items(items, scope);
    } finally {
      tree.delete();
    }
  }

  /**
   * Records the address of `f` in file-scope `NAME(f)` lines without `;` (bare-calls.ts),
   * once per line. Returns the offset just past the last one (the node's start when none).
   */
  private bareCalls(node: Node, leadingOnly: boolean): number {
    let after = node.startIndex;
    for (const c of bareCallsIn(this.ctx.text, node.startIndex, endOf(node), node.startPosition.row + 1, leadingOnly)) {
      after = c.end;
      if (this.bareCallLines.has(c.line)) continue;
      this.bareCallLines.add(c.line);
      this.ctx.addressTaken.push({ name: c.name, line: c.line, in: '', how: 'argument', field: '', callee: c.callee, argIndex: 0 });
    }
    return after;
  }

  items(nodes: readonly (Node | null)[], scope: BranchScope): void {
    for (const node of nodes) if (node) this.item(node, scope);
  }

  private item(node: Node, scope: BranchScope): void {
    const ctx = this.ctx;
    const type = typeOf(node);
    // A file-scope `module_init(f)` without its `;` hides in an ERROR or in the head of the next item;
    // that item is read again without the lines, or the macro would pass for its name.
    if (scope.active && (type === 'ERROR' || type === 'function_definition' || type === 'declaration')) {
      const after = this.bareCalls(node, type !== 'ERROR');
      if (after > node.startIndex && type !== 'ERROR') {
        if (ctx.text.slice(after, endOf(node)).trim() !== '') this.reparse(after, endOf(node), scope);
        return;
      }
    }
    switch (type) {
      case 'function_definition': {
        const body = node.childForFieldName('body');
        if (!body) return;
        const end = this.overrun(body);
        const fn = functionFromDefinition(ctx, node, body, scope, end);
        if (fn) this.functions.push(fn);
        if (end) this.reparse(end.offset + 1, endOf(body), scope);
        return;
      }
      case 'compound_statement': {
        const end = this.overrun(node);
        const fn = functionFromOrphanBody(ctx, node, scope, end);
        if (fn) this.functions.push(fn);
        if (end) this.reparse(end.offset + 1, endOf(node), scope);
        return;
      }
      case 'declaration':
        fileDeclaration(ctx, node, this.decls);
        return;
      case 'type_definition':
        typeDefinition(node, this.decls, ctx.text);
        return;
      case 'struct_specifier':
      case 'union_specifier':
        collectStruct(node, this.decls, ctx.text);
        return;
      case 'preproc_function_def': {
        const m = pendingMacro(ctx, node, scope);
        if (m) this.macros.push(m);
        if (scope.active) this.templates?.define(ctx.text, node);
        return;
      }
      case 'preproc_include':
        if (scope.active) this.templates?.include(node);
        return;
      case 'preproc_def': {
        if (scope.active && scope.guards.length === 0) noteDefine(ctx, node);
        // Name and value read once, as text slices: headers hold thousands of defines.
        const value = node.childForFieldName('value');
        const nameNode = value ? node.childForFieldName('name') : null;
        if (!value || !nameNode) return;
        const name = ctx.text.slice(nameNode.startIndex, nameNode.endIndex);
        const raw = ctx.text.slice(value.startIndex, value.endIndex);
        if (scope.active) {
          noteAlias(ctx, name, raw.trim(), node.startPosition.row + 1, isConfigured(scope));
          if (raw.includes('static') && /\bstatic\b/.test(raw)) ctx.staticMacros.add(name);
        }
        const m = pendingObjectMacro(node, value, name, raw, scope);
        if (m) this.macros.push(m);
        return;
      }
      case 'preproc_call':
        if (scope.active && scope.guards.length === 0) noteDefine(ctx, node);
        if (scope.active && this.templates && node.childForFieldName('directive')?.text === '#undef') {
          this.templates.undefine(node.childForFieldName('argument')?.text.trim() ?? '');
        }
        return;
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_elif':
      case 'preproc_else':
        for (const branch of branchesOf(ctx, node)) this.items(branch.items, enter(scope, branch));
        return;
      case 'linkage_specification':
      case 'declaration_list':
      case 'ERROR':
        this.items(node.namedChildren, scope);
        return;
      case 'expression_statement': {
        // `DEFINE_X(…) { body }` headers show up as a statement followed by an orphan body.
        // `module_init(foo);` / `module_exit(foo);` at file scope register foo: record its
        // address as taken so registration pairs (init/exit) can be found downstream.
        const call = node.namedChildren.find((c) => c !== null && c.type === 'call_expression');
        const fn = call?.childForFieldName('function');
        const args = call?.childForFieldName('arguments');
        if (scope.active && fn?.type === 'identifier' && args) {
          args.namedChildren.forEach((a, i) => {
            if (a?.type === 'identifier') ctx.addressTaken.push({ name: a.text, line: a.startPosition.row + 1, in: '', how: 'argument', field: '', callee: fn.text, argIndex: i });
          });
        }
        return;
      }
      default:
        return;
    }
  }
}

/**
 * True when a scope depends on the configuration. `#ifdef __cplusplus` only wraps a C header's
 * `extern "C" {`, and tree-sitter nests the rest of the header inside that group: it is no
 * configuration of a C program.
 */
function isConfigured(scope: BranchScope): boolean {
  return scope.guards.some((g) => !g.includes('__cplusplus'));
}

/**
 * Records `#define get4byte sqlite3Get4byte` (an object-like macro whose value is one
 * identifier): a call `get4byte(p)` is then a call of sqlite3Get4byte. Which names are
 * functions is only known for the whole program, so every such rename is kept, marked
 * `guarded` under a configuration `#if`.
 */
function noteAlias(ctx: ExtractContext, name: string, value: string, line: number, guarded: boolean): void {
  if (value && value !== name && /^[A-Za-z_]\w*$/.test(value)) ctx.aliases.push(guarded ? { name, target: value, line, guarded } : { name, target: value, line });
}

/** Re-parses allowed per file after run-away bodies. */
const MAX_REPARSES = 50;

/** Newlines in text[from, to). */
function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Empty facts for a file (also what a file that defines nothing gives). */
export function emptyFacts(file: string, hash: string): FileFacts {
  return { file, hash, functions: [], macros: [], addressTaken: [], globals: [], structs: [], typedefs: [], warnings: [] };
}

/**
 * A fault of the WASM runtime (`memory access out of bounds`, an emscripten `Aborted()`):
 * its heap may be broken, so every later parse in this thread would fail too. On
 * Linux 6.1, `drivers/clk/ingenic/jz4780-cgu.c` trips one in web-tree-sitter 0.25.8 and,
 * swallowed, took 34,733 of the 55,404 files after it down with it.
 */
export function isRuntimeFault(error: unknown): boolean {
  return error instanceof WebAssembly.RuntimeError || (error instanceof Error && /^Aborted\(/.test(error.message));
}

/**
 * Extracts the facts of one file; the tree is always deleted. A file the extractor cannot
 * read gives empty facts and a warning. The only throw is a WASM runtime fault
 * (isRuntimeFault): the worker then reports the file and exits, and the pool carries on
 * with a fresh parser.
 */
export function extractFacts(parser: CParser, text: string, file: string, hash: string, options: ExtractOptions): FileFacts {
  try {
    const parsed = endStatementMacros(parenthesiseBareIfs(blankInlineConditionals(blankDirectiveComments(blankAnnotations(text)))));
    const ctx = createContext(parsed, text, file, options);
    const walker = new FileScopeWalker(ctx, parser);
    const tree = parser.parse(parsed);
    try {
      const root = tree.rootNode;
      const items = root.namedChildren;
      ctx.warnings.push(...parseWarnings(root, parsed, file));
      walker.items(items, { guards: [], active: true });
    } finally {
      tree.delete();
    }
    // A compiler ignores everything after an unterminated comment; so do we.
    const cut = ctx.warnings.find((w) => w.message.startsWith('unterminated comment'))?.line ?? Infinity;
    const before = <T extends { line: number }>(items: T[]): T[] => (cut === Infinity ? items : items.filter((i) => i.line < cut));
    const functions = before(walker.functions);
    const objectUses = findObjectMacroUses(ctx, functions, before(walker.macros));
    const macros = extractMacros(parser, ctx, objectUses.pending);
    placeObjectMacroUses(ctx, objectUses, macros);
    markCallsThroughUserVariables(functions, macros);
    const globals = settleDeclaredFunctions(functions, macros, before(walker.decls.globals));
    const explained = new Set<number>();
    for (const r of ctx.recoveredHeaders) for (let line = r.from; line <= r.to; line++) explained.add(line);
    const facts: FileFacts = {
      file,
      hash,
      functions,
      macros,
      addressTaken: before(ctx.addressTaken),
      ...(ctx.aliases.length > 0 ? { aliases: before(ctx.aliases) } : {}),
      ...(ctx.staticMacros.size > 0 ? { staticMacros: [...ctx.staticMacros] } : {}),
      ...(walker.templates && walker.templates.instantiations.length > 0 ? { instantiations: before(walker.templates.instantiations) } : {}),
      globals,
      structs: before(walker.decls.structs),
      typedefs: walker.decls.typedefs,
      warnings: ctx.warnings.filter((w) => w.line === cut || !explained.has(w.line)),
    };
    const written = writtenNames(text, [...functions, ...macros]);
    if (written.length > 0) facts.written = written;
    return facts;
  } catch (error) {
    if (isRuntimeFault(error)) throw error;
    const facts = emptyFacts(file, hash);
    facts.warnings.push({ file, line: 0, message: `could not extract facts: ${error instanceof Error ? error.message : String(error)}` });
    return facts;
  }
}
