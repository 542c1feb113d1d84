/** Per-file state shared by the extractor's modules while one file is processed. */
import type { AddressTakenFact, FileWarning, MacroAlias } from '../facts';
import type { ExtractOptions } from './options';

/** Where parsed text sits in the file: real row = row + rowOffset; `firstRow`'s columns shift by colOffset (macro bodies). */
export interface TextPlacement {
  text: string;
  rowOffset: number;
  firstRow: number;
  colOffset: number;
  /** Line start offsets of `text`, computed on first use and shared by every function of the file. */
  lineStarts?: number[];
}

/** The file being extracted and what has been learned about its scope so far. */
export interface ExtractContext {
  /** The text that was parsed (annotation macros blanked, same length and lines as the file). */
  readonly text: string;
  /** The original file text, for `code` lines. */
  readonly original: string;
  readonly file: string;
  readonly options: ExtractOptions;
  /** File-scope variable names seen so far (calls through them are indirect). */
  readonly globalNames: Set<string>;
  /** Object-like macros defined in the file so far (name → value), for `#if`. */
  readonly localDefines: Map<string, string>;
  /** Names `#undef`ined in the file so far. */
  readonly localUndefines: Set<string>;
  readonly addressTaken: AddressTakenFact[];
  /** `#define a b` renames seen in active code. */
  readonly aliases: MacroAlias[];
  /** Object-like macros seen so far whose value says `static` (`#define MEM_STATIC static inline`). */
  readonly staticMacros: Set<string>;
  readonly warnings: FileWarning[];
  /** Line ranges of headers read back from text (their parse errors are explained, not warned). */
  readonly recoveredHeaders: { from: number; to: number }[];
  /** The file's own placement (no shift), shared so line starts are computed once. */
  readonly place: TextPlacement;
  /** Original file lines, split on first use. */
  lines: string[] | undefined;
}

/** Creates the context for one file. */
export function createContext(text: string, original: string, file: string, options: ExtractOptions): ExtractContext {
  return {
    text,
    original,
    file,
    options,
    globalNames: new Set(),
    localDefines: new Map(),
    localUndefines: new Set(),
    addressTaken: [],
    aliases: [],
    staticMacros: new Set(),
    warnings: [],
    recoveredHeaders: [],
    place: { text, rowOffset: 0, firstRow: -1, colOffset: 0 },
    lines: undefined,
  };
}

/** The trimmed source line (0-based row) of the original file, as in the seed's tables. */
export function codeLine(ctx: ExtractContext, row: number): string {
  ctx.lines ??= ctx.original.split('\n');
  return (ctx.lines[row] ?? '').trim();
}
