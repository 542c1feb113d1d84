/** Options that change which preprocessor branches are active (they feed the cache key). */
export interface ExtractOptions {
  /** -D: macro name → value. */
  defines: Record<string, string>;
  /** -U: names known to be undefined. */
  undefines: string[];
  /** Names with these prefixes are undefined unless in `defines` (e.g. ['CONFIG_'] for a kernel without .config). */
  undefinedPrefixes: string[];
}
