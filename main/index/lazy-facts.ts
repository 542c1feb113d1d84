/**
 * Compact, lazily decoded FileFacts. The function bodies (with locals and parameter
 * types) are most of a file's facts but only the passes read them; the call graph
 * needs just each body's calls. So facts travel and are cached in two parts:
 *   - `StoredFacts.meta`: the file's facts with bodies, locals and paramTypes emptied;
 *   - `calls`: one JSON string with a compact call list per function and macro
 *     (callee, line, column, indirect; and for calls to names in `detailNames`, the
 *     args, target and code), decoded when the call graph asks for them;
 *   - `heavy`: one JSON string with the emptied parts, decoded on first access.
 * `joinFacts` rebuilds ordinary-looking FileFacts whose `body`, `locals` and
 * `paramTypes` are getters over the decoded string, so consumers need not know.
 * This keeps a warm reopen from decoding ~70% of the cached bytes, and keeps the
 * main process holding strings instead of millions of small objects. The call lists
 * are read once, by the call graph, and only a few files' decoded lists are kept at a
 * time: held as arrays, the whole kernel's 15 million calls took ~1.6 GB.
 */
import type { CallStmt, FileFacts, FunctionFact, MacroFact, Stmt } from './facts';
import { packFacts, unpackFacts, type PackedFacts } from './pack';

/** A call as the call graph needs it; `detail` only for calls to names asked for. */
export interface CallRef {
  callee: string;
  line: number;
  col: number;
  indirect: boolean;
  detail?: { args: string[]; target: string; code: string };
}

/** One call, encoded: [callee, line, col, indirect 0/1] or with [args, target, code] appended. */
export type EncodedCall = [string, number, number, number] | [string, number, number, number, string[], string, string];

/** Facts ready for a message or the cache: light part, call lists, heavy part as a JSON string. */
export interface StoredFacts {
  /** The facts with every `body` emptied and functions' `locals` / `paramTypes` emptied. */
  meta: FileFacts;
  /** JSON of `EncodedCall[][]`: per function then per macro, in `meta` order, its calls. */
  calls: string;
  /** JSON of `[body, locals, paramTypes]` per function then `[body]` per macro. */
  heavy: string;
  /** JSON of `meta` packed as rows (pack.ts), when the facts came from a worker: the cache writes it as is. */
  packedMeta?: string;
}

/**
 * StoredFacts as a worker sends them: three strings. A string crosses the thread
 * boundary as one copy, where the light facts as objects cost a structured-clone
 * walk on both sides; the main thread parses the light part once and keeps its JSON
 * for the cache.
 */
export interface WireFacts {
  packedMeta: string;
  calls: string;
  heavy: string;
}

/** The wire form of stored facts (in the worker). */
export function toWire(stored: StoredFacts): WireFacts {
  return { packedMeta: JSON.stringify(packFacts(stored.meta)), calls: stored.calls, heavy: stored.heavy };
}

/** Stored facts back from their wire form (in the main thread). */
export function fromWire(wire: WireFacts): StoredFacts {
  return { meta: unpackFacts(JSON.parse(wire.packedMeta) as PackedFacts), calls: wire.calls, heavy: wire.heavy, packedMeta: wire.packedMeta };
}

type HeavyPart = [Stmt[], Record<string, string>?, Record<string, string>?];

/** The call lists of one file: read on demand (from the cache or spill file, or memory). */
interface CallsSource {
  text: () => string;
  decoded: EncodedCall[][] | undefined;
}
/** Files whose call lists are decoded right now, oldest first (the call graph reads files in order). */
const recentlyDecoded: CallsSource[] = [];
const DECODED_CALLS_KEPT = 16;

function callListsOf(source: CallsSource): EncodedCall[][] {
  if (!source.decoded) {
    try {
      source.decoded = JSON.parse(source.text()) as EncodedCall[][];
    } catch {
      // A damaged cache blob: no calls rather than a throw from deep inside the graph build.
      source.decoded = [];
    }
    recentlyDecoded.push(source);
    const evicted = recentlyDecoded.length > DECODED_CALLS_KEPT ? recentlyDecoded.shift() : undefined;
    if (evicted) evicted.decoded = undefined;
  }
  return source.decoded;
}
const heavyText = new WeakMap<FileFacts, () => string>();

/** The undecoded heavy part of one file, shared by its functions and macros. */
interface HeavySource {
  heavy: () => string;
  decoded: HeavyPart[] | undefined;
}

function partOf(parts: LazyParts): HeavyPart {
  const { heavy: source, index } = parts;
  if (!source.decoded) {
    try {
      source.decoded = JSON.parse(source.heavy()) as HeavyPart[];
    } catch {
      // A damaged cache blob: the bodies read as empty rather than throwing from a getter.
      source.decoded = [];
    }
  }
  return source.decoded[index] ?? [[]];
}

/** Calls in IR order, descending into every nested statement list. */
export function callsInBody(body: readonly Stmt[]): CallStmt[] {
  const out: CallStmt[] = [];
  const visit = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      if (s.k === 'call') out.push(s);
      else if (s.k === 'if') {
        visit(s.then);
        visit(s.else);
      } else if (s.k === 'loop' || s.k === 'switch') visit(s.body);
    }
  };
  visit(body);
  return out;
}

function encodeCalls(body: readonly Stmt[], wantDetail: (callee: string) => boolean): EncodedCall[] {
  return callsInBody(body).map((c): EncodedCall => (wantDetail(c.callee) ? [c.callee, c.line, c.col, c.indirect ? 1 : 0, c.args, c.target, c.code] : [c.callee, c.line, c.col, c.indirect ? 1 : 0]));
}

function decodeCall(e: EncodedCall): CallRef {
  const ref: CallRef = { callee: e[0], line: e[1], col: e[2], indirect: e[3] === 1 };
  if (e.length === 7) ref.detail = { args: e[4], target: e[5], code: e[6] };
  return ref;
}

/**
 * Splits full facts for transport and caching. `detailNames` are the callees whose
 * args/target/code are kept in the call list (the allocator table); undefined keeps none.
 */
export function splitFacts(facts: FileFacts, detailNames?: ReadonlySet<string>): StoredFacts {
  const wantDetail = (callee: string): boolean => detailNames?.has(callee) ?? false;
  const heavy: HeavyPart[] = [];
  const calls: EncodedCall[][] = [];
  const functions = facts.functions.map((fn) => {
    heavy.push([fn.body, fn.locals, fn.paramTypes]);
    calls.push(encodeCalls(fn.body, wantDetail));
    return { ...fn, body: [], locals: {}, paramTypes: {} };
  });
  const macros = facts.macros.map((m) => {
    heavy.push([m.body]);
    calls.push(encodeCalls(m.body, wantDetail));
    return { ...m, body: [] };
  });
  return { meta: { ...facts, functions, macros }, calls: JSON.stringify(calls), heavy: JSON.stringify(heavy) };
}

/** What a lazy function or macro reads: its file's heavy part and call lists, at its index in them. */
interface LazyParts {
  heavy: HeavySource;
  calls: CallsSource;
  index: number;
}

/**
 * What lazy functions and macros share: where their heavy part and call list lie.
 * Classes, not object literals with getters: V8 keeps a literal with per-object
 * accessor closures in dictionary mode, ~1.2 KB each against ~110 bytes for these,
 * which on the whole kernel's 750,000 functions was ~800 MB. The parts are a private
 * field, so they are neither enumerated nor serialised with the fact.
 */
abstract class LazyFact {
  readonly #parts: LazyParts;

  constructor(parts: LazyParts) {
    this.#parts = parts;
  }

  /** This definition's `[body, locals, paramTypes]` (decodes the file's heavy part once). */
  protected heavyPart(): HeavyPart {
    return partOf(this.#parts);
  }

  /** This definition's calls, from its file's call lists. */
  callTuples(): EncodedCall[] {
    return callListsOf(this.#parts.calls)[this.#parts.index] ?? [];
  }

  /** The JSON of the whole file's call lists, undecoded. */
  callListsText(): string {
    return this.#parts.calls.text();
  }
}

/**
 * A function's facts whose `body`, `locals` and `paramTypes` are read from the file's
 * heavy part on first use. Its fields are FunctionFact's (`implements` keeps them in
 * step); `toJSON` writes the whole fact in the extractor's key order.
 */
class LazyFunctionFact extends LazyFact implements FunctionFact {
  name: string;
  line: number;
  endLine: number;
  'static': boolean;
  inline: boolean;
  params: string[];
  guards: string[];
  active: boolean;
  declare wrapper?: string;
  declare prefixMacros?: string[];

  constructor(f: FunctionFact, parts: LazyParts) {
    super(parts);
    this.name = f.name;
    this.line = f.line;
    this.endLine = f.endLine;
    this.static = f.static;
    this.inline = f.inline;
    this.params = f.params;
    this.guards = f.guards;
    this.active = f.active;
    if (f.wrapper !== undefined) this.wrapper = f.wrapper;
    if (f.prefixMacros !== undefined) this.prefixMacros = f.prefixMacros;
  }

  get body(): Stmt[] {
    return this.heavyPart()[0];
  }

  get locals(): Record<string, string> {
    return this.heavyPart()[1] ?? {};
  }

  get paramTypes(): Record<string, string> {
    return this.heavyPart()[2] ?? {};
  }

  toJSON(): FunctionFact {
    const { name, line, endLine, inline, params, guards, active, wrapper, prefixMacros } = this;
    return {
      name, line, endLine, static: this.static, inline, params, paramTypes: this.paramTypes, locals: this.locals, guards, active, body: this.body,
      ...(wrapper !== undefined ? { wrapper } : {}),
      ...(prefixMacros !== undefined ? { prefixMacros } : {}),
    };
  }
}

/** A macro's facts whose `body` is read from the file's heavy part on first use (see LazyFunctionFact). */
class LazyMacroFact extends LazyFact implements MacroFact {
  name: string;
  line: number;
  endLine: number;
  params: string[];
  guards: string[];
  active: boolean;

  constructor(m: MacroFact, parts: LazyParts) {
    super(parts);
    this.name = m.name;
    this.line = m.line;
    this.endLine = m.endLine;
    this.params = m.params;
    this.guards = m.guards;
    this.active = m.active;
  }

  get body(): Stmt[] {
    return this.heavyPart()[0];
  }

  toJSON(): MacroFact {
    const { name, line, endLine, params, guards, active } = this;
    return { name, line, endLine, params, guards, active, body: this.body };
  }
}

/**
 * Rebuilds FileFacts from their stored parts. `heavy` is called at most once, on the
 * first access to any body, locals or paramTypes of the file; `calls` (the JSON, or a
 * reader of it) when the call lists are asked for. Functions and macros come back as
 * lazy objects: they read like plain facts and serialise whole (JSON), but a spread or
 * structured clone copies only their light fields.
 */
export function joinFacts(stored: { meta: FileFacts; calls: string | (() => string) }, heavy: () => string): FileFacts {
  const source: HeavySource = { heavy, decoded: undefined };
  const calls: CallsSource = { text: typeof stored.calls === 'string' ? constant(stored.calls) : stored.calls, decoded: undefined };
  const functions = stored.meta.functions.map((f, index): FunctionFact => new LazyFunctionFact(f, { heavy: source, calls, index }));
  const offset = functions.length;
  const macros = stored.meta.macros.map((m, i): MacroFact => new LazyMacroFact(m, { heavy: source, calls, index: offset + i }));
  const facts: FileFacts = { ...stored.meta, functions, macros };
  heavyText.set(facts, heavy);
  return facts;
}

/** A reader of a string already in memory (made outside `joinFacts` so it keeps only the string alive). */
function constant(text: string): () => string {
  return () => text;
}

/** The calls of a function or macro as tuples: from its compact list when it has one, else encoded from its body (with details). */
export function callTuplesOf(def: FunctionFact | MacroFact): EncodedCall[] {
  return def instanceof LazyFact ? def.callTuples() : encodeCalls(def.body, () => true);
}

/** The JSON of a file's call lists, as `StoredFacts.calls` holds it, without decoding it when it came from `joinFacts`. */
function callsJsonOf(facts: FileFacts): string {
  const first = facts.functions[0] ?? facts.macros[0];
  if (first instanceof LazyFact) return first.callListsText();
  return JSON.stringify([...facts.functions.map(callTuplesOf), ...facts.macros.map(callTuplesOf)]);
}

/** The calls of a function or macro as objects (convenient, slower than `callTuplesOf`). */
export function callRefsOf(def: FunctionFact | MacroFact): CallRef[] {
  return callTuplesOf(def).map(decodeCall);
}

/** Args, target and code of a call (decodes the body when the tuple has no detail). */
export function callDetail(def: FunctionFact | MacroFact, call: EncodedCall): { args: string[]; target: string; code: string } {
  if (call.length === 7) return { args: call[4], target: call[5], code: call[6] };
  const found = callsInBody(def.body).find((c) => c.line === call[1] && c.col === call[2] && c.callee === call[0]);
  return found ? { args: found.args, target: found.target, code: found.code } : { args: [], target: '', code: '' };
}

/** Own enumerable properties except `skip`, read without touching the lazy getters. */
function withoutHeavy(value: object, skip: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if (!skip.includes(key)) out[key] = (value as Record<string, unknown>)[key];
  return out;
}

/** The light part and call lists of facts, without touching (decoding) their heavy part. */
export function lightPartsOf(facts: FileFacts): Pick<StoredFacts, 'meta' | 'calls'> {
  const calls = callsJsonOf(facts);
  const functions = facts.functions.map((fn) => ({ ...withoutHeavy(fn, ['body', 'locals', 'paramTypes']), body: [], locals: {}, paramTypes: {} }) as unknown as FunctionFact);
  const macros = facts.macros.map((m) => ({ ...withoutHeavy(m, ['body']), body: [] }) as unknown as MacroFact);
  return { meta: { ...facts, functions, macros }, calls };
}

/** Stored parts of facts that came from `joinFacts` (no re-encoding), or a fresh split. */
export function storedPartsOf(facts: FileFacts, detailNames?: ReadonlySet<string>): StoredFacts {
  const heavy = heavyText.get(facts);
  if (!heavy) return splitFacts(facts, detailNames);
  return { ...lightPartsOf(facts), heavy: heavy() };
}
