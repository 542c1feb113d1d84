/**
 * Loads tree-sitter's C grammar through web-tree-sitter (WASM). The WASM binding is
 * used rather than the native one because its trees are freed deterministically with
 * `tree.delete()` (see DESIGN.md: 0.19 GB vs 2.8 GB peak on drivers/net) and it needs
 * no native rebuild for Electron.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

/** A loaded C parser (web-tree-sitter + tree-sitter-c wasm). The caller must `delete()` each tree. */
export interface CParser {
  /** Parses C source text; never returns null (an empty tree is produced for failures). */
  parse(text: string): Tree;
}

/** Where the two .wasm files live: next to the bundle (dist/wasm) or in node_modules under tsx/tests. */
function wasmPaths(): { runtime: string; grammar: string } {
  const bundled = path.join(__dirname, '..', 'wasm');
  const runtime = path.join(bundled, 'tree-sitter.wasm');
  const grammar = path.join(bundled, 'tree-sitter-c.wasm');
  if (existsSync(runtime) && existsSync(grammar)) return { runtime, grammar };
  return {
    runtime: require.resolve('web-tree-sitter/tree-sitter.wasm'),
    grammar: require.resolve('tree-sitter-c/tree-sitter-c.wasm'),
  };
}

/** The parts of web-tree-sitter's Emscripten Module that marshalling goes through. */
interface RuntimeMemory {
  getValue(ptr: number, type?: string): number;
  setValue(ptr: number, value: number, type?: string): void;
  /** Replaced by the runtime whenever its memory grows, so it is read at every access. */
  HEAP32: Int32Array;
}

/**
 * web-tree-sitter hands every node to and from WASM through a transfer buffer, five i32 reads or
 * writes per node, each through the generic getValue/setValue (a type-string switch, then a
 * little-endian DataView call). On a little-endian host an i32 slot is HEAP32[ptr >> 2], the same
 * value: these specialised versions take that path for 'i32' and leave every other type to the
 * originals. Measured as part of the extractor's JS glue (extract-profile.ts).
 */
function specialiseInt32Access(memory: RuntimeMemory): void {
  const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  if (!littleEndian || typeof memory.getValue !== 'function' || typeof memory.setValue !== 'function' || !(memory.HEAP32 instanceof Int32Array)) return;
  const getValue = memory.getValue;
  const setValue = memory.setValue;
  memory.getValue = (ptr: number, type = 'i8'): number => (type === 'i32' ? memory.HEAP32[ptr >> 2] : getValue(ptr, type));
  memory.setValue = (ptr: number, value: number, type = 'i8'): void => {
    if (type === 'i32') memory.HEAP32[ptr >> 2] = value;
    else setValue(ptr, value, type);
  };
}

let languagePromise: Promise<Language> | undefined;

/** Initialises the runtime once per thread and loads the grammar. */
function loadLanguage(): Promise<Language> {
  languagePromise ??= (async () => {
    const { runtime, grammar } = wasmPaths();
    // Emscripten builds the runtime's Module on the options object passed in: keep it to specialise its accessors.
    const moduleOptions = { locateFile: (): string => runtime };
    await Parser.init(moduleOptions);
    specialiseInt32Access(moduleOptions as unknown as RuntimeMemory);
    return Language.load(grammar);
  })();
  return languagePromise;
}

/** Creates a C parser; the WASM runtime is initialised once per thread. */
export async function loadCParser(): Promise<CParser> {
  const language = await loadLanguage();
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(text: string): Tree {
      const tree = parser.parse(text);
      if (!tree) throw new Error('tree-sitter returned no tree');
      return tree;
    },
  };
}
