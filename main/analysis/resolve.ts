/**
 * Name resolution for the whole program: which node a called name means when seen
 * from a given file. C's rules, approximated without include graphs:
 *   1. a definition in the calling file itself (its statics, and its own copy of a
 *      function several files define), then a function-like macro of that file;
 *   2. the one external-linkage definition of the name;
 *   3. a static function or macro defined in a header (visible to its includers);
 * otherwise the name is undefined here and becomes an `external` node.
 * Statics and macros of other `.c` files are never visible.
 */

/** Lookup tables filled by the graph builder, then queried read-only. */
export class NameResolver {
  /** Per file: functions it defines (statics, and its own copy of duplicated externals). */
  private readonly ownFunctions = new Map<string, Map<string, string>>();
  private readonly ownMacros = new Map<string, Map<string, string>>();
  private readonly externals = new Map<string, string>();
  private readonly headerFunctions = new Map<string, string>();
  private readonly headerMacros = new Map<string, string>();

  /** Records a function defined in `file`; `external` when it is the program-wide definition of `name`. */
  addFunction(file: string, name: string, id: string, external: boolean): void {
    setIfAbsent(mapOf(this.ownFunctions, file), name, id);
    if (external) setIfAbsent(this.externals, name, id);
    if (isHeader(file) && !external) setIfAbsent(this.headerFunctions, name, id);
  }

  /** Records a function-like macro defined in `file`. */
  addMacro(file: string, name: string, id: string): void {
    setIfAbsent(mapOf(this.ownMacros, file), name, id);
    if (isHeader(file)) setIfAbsent(this.headerMacros, name, id);
  }

  /** The node id `name` means in `fromFile`, or undefined when nothing here defines it. */
  resolve(name: string, fromFile: string): string | undefined {
    return (
      this.ownFunctions.get(fromFile)?.get(name) ??
      this.ownMacros.get(fromFile)?.get(name) ??
      this.externals.get(name) ??
      this.headerFunctions.get(name) ??
      this.headerMacros.get(name)
    );
  }
}

/** True for header files, whose statics and macros are visible to the files including them. */
export function isHeader(file: string): boolean {
  return file.endsWith('.h');
}

function mapOf(maps: Map<string, Map<string, string>>, key: string): Map<string, string> {
  let map = maps.get(key);
  if (!map) {
    map = new Map();
    maps.set(key, map);
  }
  return map;
}

function setIfAbsent(map: Map<string, string>, key: string, value: string): void {
  if (!map.has(key)) map.set(key, value);
}
