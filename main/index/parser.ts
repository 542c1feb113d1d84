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

let languagePromise: Promise<Language> | undefined;

/** Initialises the runtime once per thread and loads the grammar. */
function loadLanguage(): Promise<Language> {
  languagePromise ??= (async () => {
    const { runtime, grammar } = wasmPaths();
    await Parser.init({ locateFile: () => runtime });
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
