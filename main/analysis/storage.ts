/**
 * Storage keys: where a pointer lives. An allocation's result and a free's argument
 * are both normalised to a key so frees match allocations by where the pointer is
 * kept, not by variable names: a local (`p`), a global or static (`global nswap_iptable`,
 * `static lib/a.c::rsv`), a struct field typed by its struct (`ht->table` with
 * `ht: struct htable *` → `struct htable.table`), an array slot (`struct htable.table[]`),
 * an out-parameter (`*out`), or `return`.
 */
import type { FileFacts, FunctionFact, MacroFact, StructFact } from '../index/facts';
import { baseName, isIdent, stripCasts } from './expr';

/** Type information visible from one file: typedefs and struct fields. */
export interface TypeScope {
  /** typedef name → type text. */
  typedefs: Map<string, string>;
  /** struct/union tag → field name → type text. */
  structs: Map<string, Record<string, string>>;
  /** Global variable name → { type, key } for the file (statics of the file first). */
  globals: GlobalLookup;
}

/** Read-only name → global lookup (a Map is one). */
export interface GlobalLookup {
  get(name: string): { type: string; key: string } | undefined;
  has(name: string): boolean;
}

/**
 * A file's globals over the program's shared ones, without copying the shared map per
 * file (on Linux fs/ that copy was ~1,900 maps of every non-static global).
 */
class LayeredGlobals implements GlobalLookup {
  constructor(
    private readonly own: Map<string, { type: string; key: string }>,
    private readonly shared: GlobalLookup,
  ) {}

  get(name: string): { type: string; key: string } | undefined {
    return this.own.get(name) ?? this.shared.get(name);
  }

  has(name: string): boolean {
    return this.own.has(name) || this.shared.has(name);
  }
}

/** One function (or function-like macro) as the passes see it. */
export interface FunctionContext {
  /** Graph node id. */
  id: string;
  name: string;
  file: string;
  line: number;
  endLine: number;
  params: string[];
  paramTypes: Record<string, string>;
  locals: Record<string, string>;
  isMacro: boolean;
  types: TypeScope;
}

/** What an lvalue or argument refers to. */
export type StorageKind = 'local' | 'global' | 'field' | 'deref' | 'index' | 'other';

/** A classified storage location. */
export interface Storage {
  kind: StorageKind;
  /** The normalised expression text (`p`, `s->buf`, `*out`). */
  text: string;
  /** Leading identifier (`s` for `s->buf`). */
  base: string;
  /** True when the base is a local variable or a parameter of this function. */
  baseIsLocal: boolean;
  /** True when the base is a parameter. */
  baseIsParam: boolean;
  /** The program-wide key (`struct htable.table`, `global g`, `local p`). */
  key: string;
}

/** Builds the type scope of one file from all facts (typedefs and structs are shared across files). */
export function buildTypeScope(file: FileFacts, shared: { typedefs: Map<string, string>; structs: Map<string, Record<string, string>>; externGlobals: Map<string, { type: string; key: string }> }): TypeScope {
  const own = new Map<string, { type: string; key: string }>();
  for (const g of file.globals) {
    if (g.static) own.set(g.name, { type: g.type, key: `static ${file.file}::${g.name}` });
    else if (!g.extern || !(own.has(g.name) || shared.externGlobals.has(g.name))) own.set(g.name, { type: g.type, key: `global ${g.name}` });
  }
  return { typedefs: shared.typedefs, structs: shared.structs, globals: new LayeredGlobals(own, shared.externGlobals) };
}

/** Collects typedefs, structs and non-static globals of every file. */
export function sharedTypes(files: FileFacts[]): { typedefs: Map<string, string>; structs: Map<string, Record<string, string>>; externGlobals: Map<string, { type: string; key: string }> } {
  const typedefs = new Map<string, string>();
  const structs = new Map<string, Record<string, string>>();
  const externGlobals = new Map<string, { type: string; key: string }>();
  for (const f of files) {
    for (const t of f.typedefs) if (!typedefs.has(t.name)) typedefs.set(t.name, t.type);
    for (const s of f.structs as StructFact[]) {
      const known = structs.get(s.name);
      // The facts' own field map when the struct is seen once (nothing writes to these maps); a merged copy otherwise.
      structs.set(s.name, known ? { ...s.fields, ...known } : s.fields);
    }
    for (const g of f.globals) if (!g.static && (!g.extern || !externGlobals.has(g.name))) externGlobals.set(g.name, { type: g.type, key: `global ${g.name}` });
  }
  return { typedefs, structs, externGlobals };
}

/** How the extractor writes a `static` local's type (`static char *`). */
const STATIC_LOCAL = 'static ';

/**
 * Context for a function fact. Its `static` locals keep their value between calls, so
 * they leave `locals` and become globals of this function (key `static a.c::f::name`):
 * a block stored in one is kept, not dropped at the return.
 */
export function functionContext(id: string, file: string, fn: FunctionFact | MacroFact, types: TypeScope): FunctionContext {
  const isMacro = !('locals' in fn);
  let locals = 'locals' in fn ? fn.locals : {};
  let scope = types;
  // Built only for the rare function that has a static local (this runs for every function).
  let own: Map<string, { type: string; key: string }> | undefined;
  for (const name in locals) {
    const type = locals[name];
    if (type?.startsWith(STATIC_LOCAL)) (own ??= new Map()).set(name, { type: type.slice(STATIC_LOCAL.length), key: `static ${file}::${fn.name}::${name}` });
  }
  if (own) {
    const statics = own;
    locals = Object.fromEntries(Object.entries(locals).filter(([name]) => !statics.has(name)));
    scope = { ...types, globals: new LayeredGlobals(statics, types.globals) };
  }
  return {
    id,
    name: fn.name,
    file,
    line: fn.line,
    endLine: fn.endLine,
    params: fn.params,
    paramTypes: 'paramTypes' in fn ? fn.paramTypes : {},
    locals,
    isMacro,
    types: scope,
  };
}

/** True when `name` is a local or a parameter of the function (unknown names that are not globals count as locals). */
export function isLocalName(ctx: FunctionContext, name: string): boolean {
  return ctx.params.includes(name) || name in ctx.locals || !ctx.types.globals.has(name);
}

/** Resolves typedefs until a struct/union tag appears: `htable_t` → `struct htable *` → `htable`. */
export function structTagOf(type: string, types: TypeScope, pointerDepth = 1): string | undefined {
  let t = type.trim();
  for (let i = 0; i < 8; i++) {
    const m = /\b(?:struct|union)\s+([A-Za-z_]\w*)/.exec(t);
    if (m?.[1]) return m[1];
    const word = /([A-Za-z_]\w*)\s*\**\s*$/.exec(t.replace(/\b(const|volatile|restrict|__rcu|__user|__iomem)\b/g, '').trim());
    if (!word?.[1]) return undefined;
    const next = types.typedefs.get(word[1]);
    if (next === undefined) {
      // `typedef struct foo foo;` style where the struct is known by the same name.
      return types.structs.has(word[1]) ? word[1] : undefined;
    }
    t = next;
  }
  void pointerDepth;
  return undefined;
}

/**
 * True when a declared type is a pointer, seen through typedefs (`png_uint_16pp` is
 * `png_uint_16 * *`); an array (`char buf[8]`) is not one.
 */
export function isPointerType(type: string, types: TypeScope): boolean {
  let t = type;
  for (let i = 0; i < 8; i++) {
    if (t.includes('[')) return false;
    if (t.includes('*')) return true;
    const word = /([A-Za-z_]\w*)\s*$/.exec(t.replace(/\b(const|volatile|restrict)\b/g, '').trim())?.[1];
    const next = word === undefined ? undefined : types.typedefs.get(word);
    if (next === undefined) return false;
    t = next;
  }
  return false;
}

/** Declared type of a variable visible in the function. */
export function typeOfName(ctx: FunctionContext, name: string): string | undefined {
  return ctx.paramTypes[name] ?? ctx.locals[name] ?? ctx.types.globals.get(name)?.type;
}

/** Struct tag of the object a path expression points into (`ht->table` → tag of `ht`). */
function containerTag(ctx: FunctionContext, path: string): string | undefined {
  // Split `a->b.c->d` into the base and field steps.
  const steps = path.split(/->|\./);
  const base = steps[0]?.replace(/\[.*$/, '') ?? '';
  let type = typeOfName(ctx, base);
  if (type === undefined) return undefined;
  for (let i = 1; i < steps.length - 1; i++) {
    const tag = structTagOf(type, ctx.types);
    if (tag === undefined) return undefined;
    const field = (steps[i] ?? '').replace(/\[.*$/, '');
    type = ctx.types.structs.get(tag)?.[field];
    if (type === undefined) return undefined;
  }
  return structTagOf(type, ctx.types);
}

/** `a->b.c` or `a[i]->b[j]`: a field path, its steps and last field possibly indexed. */
const FIELD_PATH_OR_SLOT = /^[A-Za-z_]\w*(\[[^\]]*\])?((->|\.)[A-Za-z_]\w*(\[[^\]]*\])?)+$/;
/** A field path whose last step is a plain field (`d->pool`, `a[i]->b.pool`). */
const FIELD_PATH = /^[A-Za-z_]\w*(\[[^\]]*\])?((->|\.)[A-Za-z_]\w*(\[[^\]]*\])?)*(->|\.)[A-Za-z_]\w*$/;

/** Classifies an expression (an lvalue, a free's argument) into a storage location. */
export function classify(ctx: FunctionContext, raw: string): Storage {
  const text = stripCasts(raw);
  const base = baseName(text);
  const baseIsParam = ctx.params.includes(base);
  const baseIsLocal = base !== '' && isLocalName(ctx, base);
  if (isIdent(text)) {
    if (baseIsLocal) return { kind: 'local', text, base, baseIsLocal, baseIsParam, key: `local ${ctx.id}::${text}` };
    const g = ctx.types.globals.get(text);
    return { kind: 'global', text, base, baseIsLocal, baseIsParam, key: g?.key ?? `global ${text}` };
  }
  const deref = /^\*\s*(.+)$/.exec(text);
  if (deref?.[1] !== undefined && isIdent(stripCasts(deref[1]))) {
    return { kind: 'deref', text, base, baseIsLocal, baseIsParam, key: baseIsParam ? `*param ${ctx.id}#${ctx.params.indexOf(base)}` : `*${base}` };
  }
  const index = /^(.+)\[[^\]]*\]$/.exec(text);
  if (index?.[1] !== undefined && !index[1].includes('(')) {
    const inner = classify(ctx, index[1]);
    return { kind: 'index', text, base, baseIsLocal, baseIsParam, key: `${inner.key}[]` };
  }
  if (FIELD_PATH_OR_SLOT.test(text)) {
    const field = /(?:->|\.)([A-Za-z_]\w*)(?:\[[^\]]*\])?$/.exec(text)?.[1] ?? '';
    const tag = containerTag(ctx, text.replace(/\[[^\]]*\]$/, ''));
    const suffix = /\]$/.test(text) ? '[]' : '';
    const key = tag !== undefined ? `struct ${tag}.${field}${suffix}` : `?.${field}${suffix}`;
    return { kind: 'field', text, base, baseIsLocal, baseIsParam, key };
  }
  return { kind: 'other', text, base, baseIsLocal, baseIsParam, key: `expr ${text}` };
}

/** The kind word of a macro argument's key. */
const MACRO_ARGUMENT = 'macro-argument';

/**
 * The key of a macro's parameter as a place a value is stored: the parameter is the caller's own
 * argument text, so `#define DUP_INTO(d, s) d = strdup(s)` stores into whatever the caller names
 * (an out-parameter whose argument is the variable itself, not its address).
 */
export function macroArgumentKey(ctx: FunctionContext, name: string): string | undefined {
  const index = ctx.isMacro ? ctx.params.indexOf(name) : -1;
  return index < 0 ? undefined : `${MACRO_ARGUMENT} ${ctx.id}#${index}`;
}

/** True for a key made by macroArgumentKey (a block handed back in a macro's argument, not through a pointer). */
export function isMacroArgumentKey(key: string): boolean {
  return key.startsWith(`${MACRO_ARGUMENT} `);
}

/** The struct tag a parameter or local points to, if declared (`htable_t ht` → `htable`). */
export function pointeeTag(ctx: FunctionContext, name: string): string | undefined {
  const t = typeOfName(ctx, name);
  return t === undefined ? undefined : structTagOf(t, ctx.types);
}

/**
 * The struct tag an expression points to: a name (as pointeeTag) or a field path whose
 * last field's declared type is known (`d->pool` with `pool: struct pool *` → `pool`).
 */
export function pointeeTagOfPath(ctx: FunctionContext, expr: string): string | undefined {
  const text = stripCasts(expr);
  if (isIdent(text)) return pointeeTag(ctx, text);
  if (!FIELD_PATH.test(text)) return undefined;
  const tag = containerTag(ctx, text);
  const field = /(?:->|\.)([A-Za-z_]\w*)$/.exec(text)?.[1];
  const type = tag !== undefined && field !== undefined ? ctx.types.structs.get(tag)?.[field] : undefined;
  return type === undefined ? undefined : structTagOf(type, ctx.types);
}
