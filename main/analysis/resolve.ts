/**
 * Name resolution for the whole program: which node a called name means when seen
 * from a given file. C's rules, approximated without include graphs:
 *   1. a definition in the calling file itself (its statics, and its own copy of a
 *      function several files define), then a function-like macro of that file;
 *   2. the external-linkage definition of the name; when several files define it
 *      (variants chosen at link time, or several programs in one tree), the ones
 *      closest to the caller in the folder tree, all of them on a tie;
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
  /** Every external-linkage definition of a name, preferred first, with its folder. */
  private readonly externalVariants = new Map<string, { id: string; dir: string }[]>();
  private readonly headerFunctions = new Map<string, string>();
  private readonly headerMacros = new Map<string, string>();

  /** Records a function defined in `file`; `external` when it is the program-wide definition of `name`. */
  addFunction(file: string, name: string, id: string, external: boolean): void {
    setIfAbsent(mapOf(this.ownFunctions, file), name, id);
    if (external) setIfAbsent(this.externals, name, id);
    if (isHeader(file) && !external) setIfAbsent(this.headerFunctions, name, id);
  }

  /** Records one of several external-linkage definitions of `name` (call in preference order, winner first). */
  addExternalVariant(file: string, name: string, id: string): void {
    const list = this.externalVariants.get(name) ?? [];
    list.push({ id, dir: dirOf(file) });
    this.externalVariants.set(name, list);
  }

  /** Records a function-like macro defined in `file`. */
  addMacro(file: string, name: string, id: string): void {
    setIfAbsent(mapOf(this.ownMacros, file), name, id);
    if (isHeader(file)) setIfAbsent(this.headerMacros, name, id);
  }

  /** The node id `name` means in `fromFile` (the preferred one when several are equally near), or undefined. */
  resolve(name: string, fromFile: string): string | undefined {
    const own = this.ownFunctions.get(fromFile)?.get(name) ?? this.ownMacros.get(fromFile)?.get(name);
    if (own !== undefined) return own;
    if (this.externalVariants.has(name)) return this.resolveAll(name, fromFile)[0];
    return this.externals.get(name) ?? this.headerFunctions.get(name) ?? this.headerMacros.get(name);
  }

  /** True when `name` means the same node from every file that does not define it itself (no nearest-variant choice). */
  sameFromEveryFile(name: string): boolean {
    return !this.externalVariants.has(name);
  }

  /** True when `fromFile` defines a function or macro called `name` (its own definition wins there). */
  definesLocally(name: string, fromFile: string): boolean {
    return (this.ownFunctions.get(fromFile)?.has(name) ?? false) || (this.ownMacros.get(fromFile)?.has(name) ?? false);
  }

  /** True when several files define `name` with external linkage. */
  hasVariants(name: string): boolean {
    return this.externalVariants.has(name);
  }

  /**
   * Every node `name` may mean in `fromFile`: one id, except for a name with several
   * external definitions equally close to the caller, where each is a candidate.
   */
  resolveAll(name: string, fromFile: string): string[] {
    const own = this.ownFunctions.get(fromFile)?.get(name) ?? this.ownMacros.get(fromFile)?.get(name);
    if (own !== undefined) return [own];
    const variants = this.externalVariants.get(name);
    if (variants && variants.length > 1) {
      const from = dirOf(fromFile);
      const scores = variants.map((v) => commonDepth(from, v.dir));
      const best = Math.max(...scores);
      return variants.filter((_, i) => scores[i] === best).map((v) => v.id);
    }
    const found = this.externals.get(name) ?? this.headerFunctions.get(name) ?? this.headerMacros.get(name);
    return found === undefined ? [] : [found];
  }
}

/** True for header files, whose statics and macros are visible to the files including them. */
export function isHeader(file: string): boolean {
  return file.endsWith('.h');
}

function dirOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '' : file.slice(0, slash);
}

/** Number of leading folder names two folders share. */
function commonDepth(a: string, b: string): number {
  if (a === b) return a === '' ? 0 : a.split('/').length;
  const pa = a === '' ? [] : a.split('/');
  const pb = b === '' ? [] : b.split('/');
  let n = 0;
  while (n < pa.length && n < pb.length && pa[n] === pb[n]) n++;
  return n;
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
