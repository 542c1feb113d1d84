/**
 * Program-wide constants for deciding conditions (`if (staticTrue)`,
 * `if (GLOBAL_CONST_FIVE == 5)`, `if (globalReturnsFalse())`, `switch (6)`):
 * a file-scope variable with a scalar initialiser that is `const` or that no file
 * writes (see FileFacts.written) keeps that value; a function whose body is a
 * single `return <constant>` returns it. A name defined more than once, a function
 * under a preprocessor condition (a config stub), or a name shadowed by a local
 * stays unknown, so only conditions the whole program pins down are decided.
 */
import type { GlobalFact } from '../index/facts';
import { evaluateConstant } from './const-expr';
import { unwrapCondition } from './expr';
import type { Program } from './graph';

/** Decides conditions and values of one function's body. */
export interface ConditionEvaluator {
  /** True/false when the condition is a known constant, else undefined. */
  truth(cond: string, bindings?: ReadonlyMap<string, number>): boolean | undefined;
  /** The integer value of an expression when known (switch subjects and case labels). */
  value(expr: string, bindings?: ReadonlyMap<string, number>): number | undefined;
}

const IS_POINTER_OR_ARRAY = /[*[]/;
const SURELY_UNKNOWN = /->|[.["'&]/;
/** Numbers (skipped, so `0x1F` and `10UL` name nothing) and names, with `()` after a name marking a call. */
const NAMES = /(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_]\w*)(\s*\(\s*\))?/g;

/** The program's constant globals and constant-returning functions. */
export class ProgramConstants {
  /** name → its single non-extern definition (undefined when defined twice) and its file, for external linkage. */
  private readonly externs = new Map<string, { g: GlobalFact; file: string } | undefined>();
  private readonly statics = new Map<string, Map<string, GlobalFact | undefined>>();
  private readonly writtenByFile = new Map<string, Set<string>>();
  private readonly writtenAnywhere = new Set<string>();
  private readonly functionDefs = new Map<string, number>();
  private readonly guarded = new Set<string>();
  private readonly memo = new Map<string, number | undefined>();
  /** Names a variable lookup can answer: file-scope variables with a scalar initialiser. */
  private readonly valueNames = new Set<string>(['true', 'false']);
  /** Names a call lookup can answer: defined functions. */
  private readonly callNames = new Set<string>();
  constructor(private readonly program: Program) {
    for (const f of program.files) {
      const written = new Set(f.written ?? []);
      this.writtenByFile.set(f.file, written);
      for (const w of written) this.writtenAnywhere.add(w);
      for (const g of f.globals) {
        if (g.extern) continue;
        if (g.init !== undefined && !IS_POINTER_OR_ARRAY.test(g.type)) this.valueNames.add(g.name);
        if (g.static) {
          const own = this.statics.get(f.file) ?? new Map<string, GlobalFact | undefined>();
          own.set(g.name, own.has(g.name) ? undefined : g);
          this.statics.set(f.file, own);
        } else this.externs.set(g.name, this.externs.has(g.name) ? undefined : { g, file: f.file });
      }
      for (const fn of f.functions) {
        // Statics are told apart by file; an external name defined twice (config variants) stays unknown.
        const key = fn.static ? `${f.file}\u0000${fn.name}` : fn.name;
        this.callNames.add(fn.name);
        this.functionDefs.set(key, (this.functionDefs.get(key) ?? 0) + 1);
        if (fn.guards.length > 0 || !fn.active) this.guarded.add(key);
      }
    }
  }

  /** The evaluator for a function of `file` whose parameters and locals are `shadows`. */
  evaluatorFor(file: string, shadows: (name: string) => boolean): ConditionEvaluator {
    const value = (expr: string, bindings?: ReadonlyMap<string, number>): number | undefined => {
      // Fields, array slots, strings and addresses are never constants here: skip the tokenizer.
      if (SURELY_UNKNOWN.test(expr)) return undefined;
      const text = unwrapCondition(expr);
      if (!this.mayBeConstant(text, bindings)) return undefined;
      return evaluateConstant(text, (name, call) => {
        if (call) return shadows(name) ? undefined : this.returnOf(name, file, 0);
        const bound = bindings?.get(name);
        if (bound !== undefined) return bound;
        return shadows(name) ? undefined : this.globalValue(name, file, 0);
      });
    };
    return {
      value,
      truth: (cond, bindings) => {
        const v = value(cond, bindings);
        return v === undefined ? undefined : v !== 0;
      },
    };
  }

  /**
   * False when a name in `text` can have no value: evaluateConstant looks up every name
   * and gives up on the first unknown one, so most conditions (`!p`, `err < 0`) are
   * settled here without the tokenizer and lookups. Computed on every `if` of every
   * function, several times (CFG, statement order, used names).
   */
  private mayBeConstant(text: string, bindings: ReadonlyMap<string, number> | undefined): boolean {
    NAMES.lastIndex = 0;
    for (let m = NAMES.exec(text); m !== null; m = NAMES.exec(text)) {
      const name = m[1];
      if (name === undefined) continue;
      if (m[2] !== undefined ? !this.callNames.has(name) : !this.valueNames.has(name) && bindings?.has(name) !== true) return false;
    }
    return true;
  }

  /** The constant value of a file-scope variable seen from `file`. */
  private globalValue(name: string, file: string, depth: number): number | undefined {
    if (depth > 4) return undefined;
    const own = this.statics.get(file);
    let def: { g: GlobalFact; file: string } | undefined;
    let isStatic = false;
    if (own?.has(name)) {
      const g = own.get(name);
      if (!g) return undefined;
      def = { g, file };
      isStatic = true;
    } else def = this.externs.get(name);
    if (!def || def.g.init === undefined || IS_POINTER_OR_ARRAY.test(def.g.type)) return undefined;
    const key = `v\u0000${def.file}\u0000${name}`;
    if (this.memo.has(key)) return this.memo.get(key);
    this.memo.set(key, undefined); // cycles stay unknown
    const constant = /\bconst\b/.test(def.g.type);
    const written = isStatic ? this.writtenByFile.get(def.file)?.has(name) : this.writtenAnywhere.has(name);
    const v = constant || !written ? evaluateConstant(def.g.init, (n, call) => (call ? undefined : this.globalValue(n, def.file, depth + 1))) : undefined;
    this.memo.set(key, v);
    return v;
  }

  /** The constant a function returns when its whole body is `return <constant>;`. */
  private returnOf(name: string, file: string, depth: number): number | undefined {
    if (depth > 4) return undefined;
    const id = this.program.resolve(name, file);
    const body = id === undefined ? undefined : this.program.bodies.get(id);
    if (!body || body.node.kind !== 'function' || body.params.some((p) => p !== '' && p !== 'void')) return undefined;
    const key0 = body.node.static ? `${body.node.file}\u0000${name}` : name;
    if (this.functionDefs.get(key0) !== 1 || this.guarded.has(key0)) return undefined;
    const key = `f\u0000${id}`;
    if (this.memo.has(key)) return this.memo.get(key);
    this.memo.set(key, undefined);
    const only = body.body.length === 1 ? body.body[0] : undefined;
    const v =
      only?.k === 'return' && only.value !== ''
        ? evaluateConstant(only.value, (n, call) => (call ? this.returnOf(n, body.node.file, depth + 1) : this.globalValue(n, body.node.file, depth + 1)))
        : undefined;
    this.memo.set(key, v);
    return v;
  }
}
