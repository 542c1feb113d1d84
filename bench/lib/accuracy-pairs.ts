/**
 * Shared scoring for the call-graph accuracy bench: every tool's output is reduced
 * to caller→callee pairs of functions clang saw defined, named the same way for
 * every tool, and scored against clang's pairs.
 */

/** Where each function name is defined: name → the files (relative to the root) defining it. */
export type Definitions = Map<string, Set<string>>;

/** One tool's reduced output. */
export interface ToolGraph {
  /** Keys of `caller→callee` pairs (see {@link pairKey}). */
  pairs: Set<string>;
  /** Keys of the functions the tool says are defined (see {@link FunctionNamer}). */
  defined: Set<string>;
  /** Wall-clock milliseconds the tool took. */
  ms: number;
  /** Anything worth printing under the table (failures, skipped files). */
  notes: string[];
}

/**
 * Names functions the same way for every tool: a name defined in exactly one file is
 * its bare name; a name defined in several files (statics such as `main` or
 * `init` in many files) is `file::name` for the definition in that file, so two
 * statics of one name are never confused and no tool is penalised for which one
 * "wins" a bare name.
 */
export class FunctionNamer {
  constructor(private readonly defs: Definitions) {}

  /** The key of a definition of `name` in `file`, or undefined when clang saw no such definition. */
  definition(name: string, file: string): string | undefined {
    const files = this.defs.get(name);
    if (!files?.has(file)) return undefined;
    return files.size === 1 ? name : `${file}::${name}`;
  }

  /**
   * The key of the function a call to `name` made in `callerFile` reaches: the
   * definition in the same file first (a static wins), else the only definition,
   * else `?::name` (ambiguous; still compared, the same for every tool), else
   * undefined (not a function of the project).
   */
  callee(name: string, callerFile: string, calleeFile?: string): string | undefined {
    const files = this.defs.get(name);
    if (!files) return undefined;
    if (calleeFile !== undefined && files.has(calleeFile)) return this.definition(name, calleeFile);
    if (files.has(callerFile)) return this.definition(name, callerFile);
    if (files.size === 1) return name;
    return `?::${name}`;
  }
}

/** The key of one caller→callee pair. */
export function pairKey(caller: string, callee: string): string {
  return `${caller} -> ${callee}`;
}

/** Precision, recall and F1 of `got` against `truth`. */
export interface Score {
  found: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Scores a set of keys against the true set. */
export function score(got: Set<string>, truth: Set<string>): Score {
  let correct = 0;
  for (const k of got) if (truth.has(k)) correct++;
  const precision = got.size === 0 ? 0 : correct / got.size;
  const recall = truth.size === 0 ? 0 : correct / truth.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { found: got.size, correct, precision, recall, f1 };
}

/** Keys in `a` missing from `b`, sorted, at most `limit`. */
export function missing(a: Set<string>, b: Set<string>, limit: number): string[] {
  const out: string[] = [];
  for (const k of a) if (!b.has(k)) out.push(k);
  return out.sort().slice(0, limit);
}
