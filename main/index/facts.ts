/**
 * Per-file facts: what a parse worker extracts from one C file and what the cache
 * stores. Plain JSON (no trees, no classes) so it crosses worker boundaries and
 * serialises cheaply. Nothing here knows about allocators: classification happens
 * in analysis/, so the cache stays valid when the allocator table or project
 * config changes (only `defines` feed the cache key, because they change which
 * preprocessor branches are active).
 *
 * Function bodies are kept as a small structured IR (`Stmt`) so that the
 * intraprocedural passes (freed on every path, early returns, goto unwind ladders)
 * run in analysis/ without a tree-sitter tree.
 */

/** Bump when the extractor's output changes for the same input; invalidates the cache. */
export const EXTRACTOR_VERSION = 16;

/** Where the result of a call goes, or what a free-like call releases (see `Site.target`). */
export type Target = string;

/** A call, flattened out of its expression in evaluation order (inner calls first). */
export interface CallStmt {
  k: 'call';
  line: number;
  /** 0-based column of the callee's first character (disambiguates calls on one line). */
  col: number;
  /**
   * The callee: an identifier (`kmalloc`), or for calls through pointers the normalised
   * expression (`ops->open`, `fp`, `(*fp)`).
   */
  callee: string;
  /**
   * True when the callee is not a plain function name: a struct field, or a parameter,
   * local or global variable (a function pointer).
   */
  indirect: boolean;
  /** Argument expressions, normalised (whitespace collapsed, outer casts and parens removed). */
  args: string[];
  /**
   * Where the result goes: the assigned lvalue (`p`, `ht->table`, `*out`), `return`,
   * `callee(#i)` when passed as argument i of another call, `cond` when only tested, `` when discarded.
   */
  target: Target;
  /** The source line of the callee identifier, trimmed. */
  code: string;
}

/** A plain assignment or initialised declaration that is not a call: `q = p;`, `p = NULL;`, `int *p = q;`. */
export interface AssignStmt {
  k: 'assign';
  line: number;
  /** Normalised lvalue (`q`, `s->buf`, `*out`, `arr[i]`). */
  lhs: string;
  /** Normalised right-hand side (`p`, `NULL`, `p + 1`, `&x`). */
  rhs: string;
  /** True for a declaration (`T *q = p;`), which introduces a local. */
  decl: boolean;
}

/** `if`: calls in the condition are flattened before it. */
export interface IfStmt {
  k: 'if';
  line: number;
  /** Normalised condition text (`!p`, `p == NULL`, `IS_ERR(p)`, `0`). */
  cond: string;
  then: Stmt[];
  else: Stmt[];
}

/** `for`, `while`, `do … while`: calls in the condition are flattened into `body`'s start and before the loop. */
export interface LoopStmt {
  k: 'loop';
  line: number;
  kind: 'for' | 'while' | 'do';
  /** Normalised condition; `` for `for (;;)`. */
  cond: string;
  body: Stmt[];
  /** `for` only: the update expression's text (`i++`), when there is one. */
  update?: string;
}

/** `switch`: cases are markers inside the body so fall-through is explicit. */
export interface SwitchStmt {
  k: 'switch';
  line: number;
  cond: string;
  body: Stmt[];
}

/** `case X:` / `default:` inside a switch body. */
export interface CaseStmt {
  k: 'case';
  line: number;
  /** Normalised case value, `default` for the default label. */
  value: string;
}

export interface ReturnStmt {
  k: 'return';
  line: number;
  /** Normalised returned expression; `` for a bare `return;`. */
  value: string;
}

export interface GotoStmt {
  k: 'goto';
  line: number;
  label: string;
}

export interface LabelStmt {
  k: 'label';
  line: number;
  name: string;
}

export interface JumpStmt {
  k: 'break' | 'continue';
  line: number;
}

/** A statement of the IR. Anything not listed (arithmetic, asm, …) is dropped. */
export type Stmt =
  | CallStmt
  | AssignStmt
  | IfStmt
  | LoopStmt
  | SwitchStmt
  | CaseStmt
  | ReturnStmt
  | GotoStmt
  | LabelStmt
  | JumpStmt;

/** A preprocessor condition a definition sits under, e.g. `CONFIG_SMP` or `!defined(X)`. */
export interface Guarded {
  /** Conditions of the enclosing `#if`/`#ifdef`/`#else` branches, outermost first; empty when unconditional. */
  guards: string[];
  /** False inside `#if 0` or a branch whose condition is false under the configured defines. */
  active: boolean;
}

/** A function definition. */
export interface FunctionFact extends Guarded {
  name: string;
  line: number;
  endLine: number;
  static: boolean;
  inline: boolean;
  /** Parameter names in order (`` for unnamed or `...`). */
  params: string[];
  /**
   * Local variable names mapped to their declared type text (`struct ht *`), for typing field
   * paths. A `static` local's type starts with `static ` (`static char *`): it keeps its value
   * between calls, so the passes treat it as a global of the function.
   */
  locals: Record<string, string>;
  /** Parameter names mapped to their declared type text. */
  paramTypes: Record<string, string>;
  body: Stmt[];
  /**
   * The macro the name is written inside, for `int PREFIX(scanLt)(…)` (`PREFIX`; `name` is
   * then `scanLt`): a file included as a template may name its functions through a macro
   * the including file defines (see FileFacts.instantiations). Absent for plain names.
   */
  wrapper?: string;
  /**
   * All-caps words before the name of a function that is not known to be static
   * (`FORCE_INLINE_TEMPLATE size_t f(…)`): one may be a macro another file defines as
   * `static …` (FileFacts.staticMacros). Absent when none.
   */
  prefixMacros?: string[];
}

/** A function-like `#define` whose body was parsed as statements or an expression. */
export interface MacroFact extends Guarded {
  name: string;
  line: number;
  endLine: number;
  params: string[];
  /** The body as IR; `return` of the body's value when it is a single expression. */
  body: Stmt[];
}

/** A place where a function's address is taken, so it may be called indirectly. */
export interface AddressTakenFact {
  /** The function name whose address is taken. */
  name: string;
  line: number;
  /** Enclosing function name, or `` at file scope. */
  in: string;
  /**
   * `initializer`: `.open = foo_open` (field is `open`, struct is the initialised type if known);
   * `argument`: `register_x(foo)` / `kernel_thread(fn, arg)` (callee and index set);
   * `assignment`: `ops->cb = foo` / `fp = foo` (field set when assigned to a field).
   */
  how: 'initializer' | 'argument' | 'assignment';
  field: string;
  callee: string;
  argIndex: number;
}

/** A file-scope variable definition or declaration (used by the "owned by a global" pass). */
export interface GlobalFact {
  name: string;
  line: number;
  static: boolean;
  /** Declared type text. */
  type: string;
  /** True for `extern` declarations. */
  extern: boolean;
  /** The initialiser's text when it is a plain expression (`1`, `5`, `-1`), for constant conditions; absent otherwise. */
  init?: string;
}

/** A struct definition's pointer fields, for typing `ht->table`-style paths. */
export interface StructFact {
  name: string;
  line: number;
  /** Field name mapped to its type text. */
  fields: Record<string, string>;
}

/** A `typedef` name mapped to the type text it names. */
export interface TypedefFact {
  name: string;
  type: string;
}

/** A recoverable problem in one file, reported to the user with the path. */
export interface FileWarning {
  file: string;
  line: number;
  message: string;
}

/** Everything extracted from one file. */
/** `#define get4byte sqlite3Get4byte`: an object-like macro that renames a function. */
export interface MacroAlias {
  name: string;
  /** The identifier it stands for. */
  target: string;
  line: number;
  /** True under an `#if` other than an include guard (another configuration may not rename). */
  guarded?: boolean;
}

/**
 * `#include "impl.c"` after token-pasting macros of this file (`#define PREFIX(ident)
 * normal_##ident`): the included file is compiled as part of this one with those macros, so
 * its `PREFIX(scanLt)` functions are `normal_scanLt` here.
 */
export interface Instantiation {
  /** The path as written between the quotes. */
  include: string;
  line: number;
  /** Macro name → its expansion with `$` for the argument (`normal_$`, `$NS`, `$`). */
  pastes: Record<string, string>;
}

export interface FileFacts {
  /** Path relative to the opened folder, `/` separators. */
  file: string;
  /** sha1 of the file's bytes. */
  hash: string;
  functions: FunctionFact[];
  macros: MacroFact[];
  addressTaken: AddressTakenFact[];
  globals: GlobalFact[];
  structs: StructFact[];
  typedefs: TypedefFact[];
  /** Parse errors and decoding problems; the rest of the facts still stand. */
  warnings: FileWarning[];
  /** Object-like macros whose value is one identifier, in active code (absent when none). */
  aliases?: MacroAlias[];
  /** Object-like macros whose value says `static` (`#define MEM_STATIC static inline`); absent when none. */
  staticMacros?: string[];
  /** Quoted includes made after token-pasting macros of this file (absent when none). */
  instantiations?: Instantiation[];
  /**
   * Identifiers this file may write outside their declaration: assigned (`=`, `+=`…),
   * incremented or decremented inside a function or macro body, or whose address is
   * taken anywhere. A global not written anywhere keeps its initial value. Absent when
   * empty (facts without `GlobalFact.init` never make a constant, so older facts are safe).
   */
  written?: string[];
}
