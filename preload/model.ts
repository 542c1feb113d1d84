/**
 * The data model every layer shares: the call graph and its alloc/free sites
 * (the public JSON contract of `leakscope index --json`), and the result of the
 * elimination passes (`leakscope passes --json`). Pure types, no runtime code, so
 * main, preload and renderer can all import it.
 */

/** A node of the call graph. */
export interface FunctionNode {
  /** `file::name` for a static function or a macro, `name` for external linkage and externals. */
  id: string;
  name: string;
  /** Path relative to the opened folder with `/` separators; `""` for externals. */
  file: string;
  /** 1-based first line of the definition; 0 for externals. */
  line: number;
  /** 1-based last line of the definition; 0 for externals. */
  endLine: number;
  static: boolean;
  /** `macro`: a function-like `#define` whose body calls things; `external`: called but never defined here. */
  kind: 'function' | 'macro' | 'external';
}

/** A call from one node to another. */
export interface CallEdge {
  from: string;
  to: string;
  file: string;
  line: number;
  /** `macro`: the callee is a macro node; `indirect`: through a function pointer to an address-taken function. */
  kind: 'direct' | 'macro' | 'indirect';
}

/** An allocation, free or reallocation call. */
export interface Site {
  /** `file:line:api`, with `#2`, `#3`… appended when one line holds the same api more than once. */
  id: string;
  kind: 'alloc' | 'free' | 'realloc';
  /** The function or macro called, e.g. `kmalloc` or a derived wrapper such as `ht_alloc_node`. */
  api: string;
  /** The allocator family, e.g. `kmalloc`, `malloc`, `vmalloc`; frees match allocations of the same family. */
  family: string;
  /** Id of the enclosing function or macro node. */
  function: string;
  file: string;
  line: number;
  /** The source line of the call, trimmed, as in the seed's tables. */
  code: string;
  /**
   * Where an allocation goes (`p`, `ht->table`, a global name, `return`, `foo(#0)` for
   * the first argument of foo, `` when discarded) or what a free releases.
   */
  target: string;
}

/** `leakscope index DIR --json`: exactly these three keys. */
export interface CallGraph {
  functions: FunctionNode[];
  calls: CallEdge[];
  sites: Site[];
}

/** Why a site was cleared, in words and with links into the graph. */
export interface Evidence {
  /** One or two sentences a person understands, naming functions and lines. */
  text: string;
  /** Ids of the free sites that pair with this allocation (or the allocations a free pairs with). */
  pairedWith: string[];
  /** Function ids of the call chain the argument follows, in order. */
  chain: string[];
}

/** One site cleared by a pass. */
export interface Clearing {
  site: string;
  /** The rule's short name, e.g. `freed-locally`. */
  rule: string;
  evidence: Evidence;
}

/** One elimination pass as run. */
export interface PassResult {
  /** Stable identifier, e.g. `freed-locally`, `manual`. */
  name: string;
  /** One line a person understands, e.g. "Freed in the function that allocated it". */
  title: string;
  cleared: Clearing[];
}

/** Why a remaining site is suspected, most severe first. */
export type SuspectReason = 'never-freed' | 'freed-on-some-paths' | 'wrong-family' | 'overwritten-while-live' | 'unmatched';

/** Ranked detail for one suspect (not part of the `--json` contract, used by the UI and write-up). */
export interface SuspectDetail {
  site: string;
  reason: SuspectReason;
  /** Human explanation, e.g. "leaks on the path through line 42 (return -EINVAL)". */
  detail: string;
}

/** `leakscope passes DIR --json`: exactly these three keys. */
export interface PassesReport {
  passes: PassResult[];
  /** Site ids still suspected after every pass, most severe first. */
  suspects: string[];
  sites: Site[];
}
