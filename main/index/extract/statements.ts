/**
 * Function bodies → the IR of facts.ts (`Stmt`). Control flow is kept as structure
 * (if/loop/switch with case markers, return, goto, labels, break/continue) so the passes
 * can walk paths; everything else is reduced to the calls and assignments in it.
 *
 * Loop conditions: their calls are emitted once, before the loop (for `do … while`, at the
 * end of the body); `for` update expressions at the end of the body.
 * `#if` inside a body: statements of active branches are kept (both when unknown).
 */
import type { Node } from 'web-tree-sitter';
import type { LoopStmt, Stmt } from '../facts';
import type { ExtractContext } from './context';
import { baseType, declaredName, isCallLikeDeclaration, isPrototype, storageClasses, typeText } from './declarators';
import { COND, DISCARDED, type ExpressionFlattener, unwrap } from './expressions';
import { branchesOf, type Branch } from './preprocessor';
import { collapse } from './normalise';
import { fastCondition, fastDeclaration, fastExpressionStatement, fastReturn, misparsedCallStatement } from './fast-path';
import { endOf, firstNamed, typeOf } from './nodes';

/** Names of iterator macros (`list_for_each_entry`, `for_each_cpu`, `hash_for_each_safe`, `FOREACH_ACL_ENTRY`). */
export const LOOP_MACRO = /for_?each|foreach/i;

/** Builds the IR of one body and collects its locals (name → type text). */
export class BodyBuilder {
  /** Local variables declared anywhere in the body. */
  readonly locals: Record<string, string> = {};

  constructor(
    private readonly ctx: ExtractContext,
    private readonly expr: ExpressionFlattener,
    /** Statements starting at or after this offset belong to later definitions (see index.ts). */
    private readonly limit = Infinity,
  ) {}

  /** IR of a compound statement's children (or of any single statement). */
  block(node: Node | null): Stmt[] {
    const out: Stmt[] = [];
    if (node) this.statement(node, out);
    return out;
  }

  /** Appends the IR of one statement to `out`. */
  statement(node: Node, out: Stmt[]): void {
    if (node.startIndex >= this.limit) return;
    const x = this.expr;
    switch (typeOf(node)) {
      case 'compound_statement':
      case 'translation_unit': {
        const children = node.namedChildren;
        for (let i = 0; i < children.length; i++) {
          const child = children[i];
          if (!child) continue;
          const loop = this.loopMacro(child, children[i + 1] ?? null, out);
          if (loop) i++;
          else this.statement(child, out);
        }
        return;
      }
      case 'expression_statement': {
        if (fastExpressionStatement(x, node.startIndex, endOf(node), out)) return;
        const e = firstNamed(node, this.expr.text);
        if (e) x.value(e, DISCARDED, out);
        return;
      }
      case 'declaration':
        this.declaration(node, out);
        return;
      case 'if_statement': {
        const cond = fastCondition(x.text, node.startIndex, 'if') ?? this.condition(node.childForFieldName('condition'), out);
        const alternative = node.childForFieldName('alternative');
        const elseBody = alternative ? firstNamed(alternative, this.expr.text) ?? null : null;
        out.push({ k: 'if', line: x.line(node), cond, then: this.block(node.childForFieldName('consequence')), else: this.block(elseBody) });
        return;
      }
      case 'while_statement': {
        const cond = fastCondition(x.text, node.startIndex, 'while') ?? this.condition(node.childForFieldName('condition'), out);
        out.push({ k: 'loop', line: x.line(node), kind: 'while', cond, body: this.block(node.childForFieldName('body')) });
        return;
      }
      case 'do_statement': {
        const body = this.block(node.childForFieldName('body'));
        const cond = this.condition(node.childForFieldName('condition'), body);
        out.push({ k: 'loop', line: x.line(node), kind: 'do', cond, body });
        return;
      }
      case 'for_statement': {
        const init = node.childForFieldName('initializer');
        if (init) {
          if (typeOf(init) === 'declaration') this.declaration(init, out);
          else x.value(init, DISCARDED, out);
        }
        const condNode = node.childForFieldName('condition');
        const cond = condNode ? this.condition(condNode, out) : '';
        const body = this.block(node.childForFieldName('body'));
        const update = node.childForFieldName('update');
        if (update) x.value(update, DISCARDED, body);
        const loop: LoopStmt = { k: 'loop', line: x.line(node), kind: 'for', cond, body };
        // `i++` leaves no statement in the IR; its text lets analysis count a constant loop's trips.
        if (update) loop.update = collapse(x.raw(update));
        out.push(loop);
        return;
      }
      case 'switch_statement': {
        const cond = fastCondition(x.text, node.startIndex, 'switch') ?? this.condition(node.childForFieldName('condition'), out);
        out.push({ k: 'switch', line: x.line(node), cond, body: this.block(node.childForFieldName('body')) });
        return;
      }
      case 'case_statement': {
        const value = node.childForFieldName('value');
        out.push({ k: 'case', line: x.line(node), value: value ? collapse(x.raw(value)) : 'default' });
        for (const child of node.namedChildren) {
          if (child && child.id !== value?.id) this.statement(child, out);
        }
        return;
      }
      case 'return_statement': {
        if (fastReturn(x, node.startIndex, endOf(node), out)) return;
        const e = firstNamed(node, this.expr.text);
        const value = e ? x.value(e, 'return', out) : '';
        out.push({ k: 'return', line: x.line(node), value });
        return;
      }
      case 'goto_statement':
        out.push({ k: 'goto', line: x.line(node), label: node.childForFieldName('label')?.text ?? '' });
        return;
      case 'labeled_statement': {
        const label = node.childForFieldName('label');
        out.push({ k: 'label', line: x.line(node), name: label?.text ?? '' });
        for (const child of node.namedChildren) if (child && child.id !== label?.id) this.statement(child, out);
        return;
      }
      case 'break_statement':
        out.push({ k: 'break', line: x.line(node) });
        return;
      case 'continue_statement':
        out.push({ k: 'continue', line: x.line(node) });
        return;
      case 'attributed_statement':
        for (const child of node.namedChildren) if (child && typeOf(child) !== 'attribute_declaration') this.statement(child, out);
        return;
      case 'preproc_if':
      case 'preproc_ifdef':
        this.conditionalBranches(branchesOf(this.ctx, node), out);
        return;
      case 'function_definition': {
        // `MACRO(x) { … }` with one argument reads as a nested definition: a macro call and its block.
        const block = node.childForFieldName('body');
        if (!block) return;
        const calls: Stmt[] = [];
        if (!fastExpressionStatement(x, node.startIndex, block.startIndex, calls)) return;
        const call = calls[calls.length - 1];
        out.push(...calls);
        if (call?.k === 'call' && LOOP_MACRO.test(call.callee)) {
          out.push({ k: 'loop', line: x.line(node), kind: 'for', cond: `${call.callee}(${call.args.join(', ')})`, body: this.block(block) });
        } else {
          this.statement(block, out);
        }
        return;
      }
      case 'macro_type_specifier':
        // `__fput(container_of(work, struct file, f));` read as a type: a call with a type among its macro arguments.
        misparsedCallStatement(x, node.startIndex, endOf(node), out);
        return;
      case 'ERROR':
        // Keep what can be recovered inside a damaged region.
        for (const child of node.namedChildren) if (child) this.statement(child, out);
        return;
      default:
        if (typeOf(node).endsWith('_expression')) x.value(node, DISCARDED, out);
        return;
    }
  }

  /**
   * The branches of an `#if` chain inside a body that may be compiled. One is read as plain
   * statements (an unknown `#ifdef TRACE` alone is assumed on). Two or more are alternatives:
   * only one of `#ifdef USE_MMAP … #else … #endif` is ever compiled, so they become an `if` on
   * the directives' conditions, not statements that both run (which read as one block
   * overwriting the other, or as a free running twice).
   */
  private conditionalBranches(branches: readonly Branch[], out: Stmt[]): void {
    const live = branches.filter((b) => b.value !== false);
    const last = live[live.length - 1];
    if (!last) return;
    let rest: Stmt[] = [];
    for (const item of last.items) this.statement(item, rest);
    if (live.length === 1) {
      out.push(...rest);
      return;
    }
    for (let i = live.length - 2; i >= 0; i--) {
      const branch = live[i];
      if (!branch) continue;
      const then: Stmt[] = [];
      for (const item of branch.items) this.statement(item, then);
      rest = [{ k: 'if', line: this.expr.line(branch.directive), cond: branch.test, then, else: rest }];
    }
    out.push(...rest);
  }

  /**
   * `list_for_each_entry(pos, head, member) { … }`: an iterator macro call missing its `;`
   * followed by a block (or one statement) is a loop whose condition is the macro call.
   * Returns true when `statement` and `next` were consumed as such a loop.
   */
  private loopMacro(statement: Node, next: Node | null, out: Stmt[]): boolean {
    if (!next || typeOf(statement) !== 'expression_statement') return false;
    const text = this.expr.text;
    // Name first, from a short prefix: most statements are not loop macros and need no end offset.
    const name = /^([A-Za-z_]\w*)\s*\(/.exec(text.slice(statement.startIndex, statement.startIndex + 80))?.[1];
    if (!name || !LOOP_MACRO.test(name)) return false;
    if (text.slice(statement.startIndex, endOf(statement)).trimEnd().endsWith(';')) return false;
    const cond = this.expr.value(firstNamed(statement, text) ?? statement, DISCARDED, out);
    out.push({ k: 'loop', line: this.expr.line(statement), kind: 'for', cond, body: this.block(next) });
    return true;
  }

  /**
   * `for_each_cpu(i) put(i);` without braces reads as a declaration of `put` with a macro type;
   * it is the loop macro with one statement, read back from the text.
   */
  private loopMacroDeclaration(node: Node, out: Stmt[]): boolean {
    const text = this.expr.text;
    const head = /^([A-Za-z_]\w*)\s*\(/.exec(text.slice(node.startIndex, node.startIndex + 80));
    if (!head || !LOOP_MACRO.test(head[1])) return false;
    const type = node.childForFieldName('type');
    const declarator = node.childForFieldName('declarator');
    if (!type || !declarator || typeOf(type) !== 'macro_type_specifier') return false;
    const cond = collapse(text.slice(type.startIndex, endOf(type)));
    const calls: Stmt[] = [];
    fastExpressionStatement(this.expr, type.startIndex, endOf(type), calls);
    const body: Stmt[] = [];
    if (!fastExpressionStatement(this.expr, declarator.startIndex, endOf(node), body)) return false;
    out.push(...calls, { k: 'loop', line: this.expr.line(node), kind: 'for', cond, body });
    return true;
  }

  /**
   * A condition: calls in it are flattened before the statement with target `cond`
   * (or their assigned lvalue); returns the condition text with assignments read as their lvalue.
   */
  private condition(node: Node | null, out: Stmt[], target = COND): string {
    if (!node) return '';
    const inner = unwrap(node, this.expr.text);
    return this.expr.value(inner, target, out);
  }

  /** A declaration inside a body: locals, and calls/assignments of initialisers. */
  private declaration(node: Node, out: Stmt[]): void {
    if (this.loopMacroDeclaration(node, out)) return;
    if (fastDeclaration(this.expr, node.startIndex, endOf(node), this.locals, out)) return;
    if (isCallLikeDeclaration(node, this.expr.text) && misparsedCallStatement(this.expr, node.startIndex, endOf(node), out)) return;
    const base = baseType(node, this.expr.text);
    // A static local is initialised once, before the program runs, not on every call:
    // its initialiser's statements are dropped (the addresses it takes are still noted).
    const isStatic = storageClasses(node).has('static');
    const into = isStatic ? [] : out;
    for (const d of node.childrenForFieldName('declarator')) {
      if (!d) continue;
      const { name, suffix } = declaredName(d);
      if (!name) continue;
      if (isPrototype(d)) continue; // a local prototype, not a variable
      this.locals[name] = isStatic ? `static ${typeText(base, suffix)}` : typeText(base, suffix);
      this.expr.scope.locals.add(name);
      if (typeOf(d) !== 'init_declarator') continue;
      const valueNode = d.childForFieldName('value');
      if (!valueNode) continue;
      const value = unwrap(valueNode, this.expr.text);
      if (typeOf(value) === 'initializer_list') {
        this.expr.initializer(value, into);
      } else if (typeOf(value) === 'call_expression') {
        this.expr.flatten(value, name, into);
      } else {
        this.expr.assignValue(d, name, value, true, into);
        this.expr.noteAddress(value, 'assignment', '', '', -1);
      }
    }
  }
}
