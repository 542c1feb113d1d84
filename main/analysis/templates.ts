/**
 * Template includes (see main/index/extract/instantiations.ts): expat's xmltok.c includes
 * xmltok_impl.c three times under `PREFIX(ident)` = `normal_##ident`, `little2_##ident` and
 * `big2_##ident`, so the compiler sees `normal_scanLt`, `little2_scanLt` and `big2_scanLt`,
 * each calling its own siblings (`PREFIX(scanAtts)(…)`). Each included function written
 * `PREFIX(name)` becomes one function per include, named by the macro's expansion, located
 * in the included file but resolving its calls in the including file (its translation
 * unit: its statics and macros). The included file's own copies are dropped.
 */
import path from 'node:path';
import type { FileFacts, FunctionFact, Instantiation, MacroFact, Stmt } from '../index/facts';
import { callsInBody } from '../index/lazy-facts';

/** One function of a template file as one include compiles it. */
export interface TemplateInstance {
  /** Where the body is written (the included file). */
  file: string;
  /** The including file: the translation unit whose names its calls see. */
  unit: string;
  fact: FunctionFact;
}

/** `PREFIX(scanLt)` or `(PREFIX(scanLt))` as a callee: the macro and its argument. */
const WRAPPED_CALLEE = /^\(?\s*([A-Za-z_]\w*)\s*\(\s*([A-Za-z_]\w*)\s*\)\s*\)?$/;

/** The file an include names: beside the including file, else the one file whose path ends with it. */
function includedFile(from: string, include: string, byPath: ReadonlyMap<string, FileFacts>, bySuffix: (include: string) => FileFacts | undefined): FileFacts | undefined {
  const beside = path.posix.normalize(path.posix.join(path.posix.dirname(from), include));
  return byPath.get(beside) ?? bySuffix(include);
}

/**
 * A body with calls through the pasting macros renamed (and the macro's own pseudo-call
 * dropped), and calls of macros the including file redefines between includes replaced by
 * the calls of the definition in force at the include (`BYTE_TYPE` is `SB_BYTE_TYPE` for the
 * `normal_` copy, `BIG2_BYTE_TYPE` for the `big2_` one; the graph keeps one node per macro name).
 */
function renameCalls(stmts: readonly Stmt[], pastes: Record<string, string>, redefined: ReadonlyMap<string, MacroFact>): Stmt[] {
  const out: Stmt[] = [];
  for (const s of stmts) {
    if (s.k === 'call') {
      // `PREFIX(scanLt)(…)` is read as a call of PREFIX with argument scanLt, then the call through its value.
      if (Object.hasOwn(pastes, s.callee) && s.args.length === 1) continue;
      const macro = redefined.get(s.callee);
      if (macro) {
        const params = new Set(macro.params);
        for (const c of callsInBody(macro.body)) if (!params.has(c.callee)) out.push({ ...s, callee: c.callee, indirect: c.indirect, args: [], target: '' });
        continue;
      }
      const m = WRAPPED_CALLEE.exec(s.callee);
      const template = m ? pastes[m[1] ?? ''] : undefined;
      out.push(m && template !== undefined && Object.hasOwn(pastes, m[1] ?? '') ? { ...s, callee: template.replace('$', m[2] ?? ''), indirect: false } : s);
    } else if (s.k === 'if') out.push({ ...s, then: renameCalls(s.then, pastes, redefined), else: renameCalls(s.else, pastes, redefined) });
    else if (s.k === 'loop' || s.k === 'switch') out.push({ ...s, body: renameCalls(s.body, pastes, redefined) });
    else out.push(s);
  }
  return out;
}

/** For each macro the including file defines more than once: the definition in force at `line`. */
function definitionsAt(unit: FileFacts, line: number): Map<string, MacroFact> {
  const byName = new Map<string, MacroFact[]>();
  for (const m of unit.macros) {
    if (!m.active) continue;
    const list = byName.get(m.name) ?? [];
    list.push(m);
    byName.set(m.name, list);
  }
  const at = new Map<string, MacroFact>();
  for (const [name, defs] of byName) {
    if (defs.length < 2) continue;
    const before = defs.filter((d) => d.line < line).sort((a, b) => b.line - a.line)[0];
    if (before) at.set(name, before);
  }
  return at;
}

/** One function of the template under one include's macros. */
function instanceOf(fn: FunctionFact, inst: Instantiation, name: string, redefined: ReadonlyMap<string, MacroFact>): FunctionFact {
  return {
    name,
    line: fn.line,
    endLine: fn.endLine,
    static: fn.static,
    inline: fn.inline,
    params: fn.params,
    paramTypes: fn.paramTypes,
    locals: fn.locals,
    guards: fn.guards,
    active: fn.active,
    body: renameCalls(fn.body, inst.pastes, redefined),
    ...(fn.prefixMacros !== undefined ? { prefixMacros: fn.prefixMacros } : {}),
  };
}

/**
 * The functions template includes compile, and the template files' own functions they
 * replace. Empty (and cheap) when no file records an instantiation.
 */
export function instantiateTemplates(files: readonly FileFacts[]): { instances: TemplateInstance[]; replaced: Set<FunctionFact> } {
  const instances: TemplateInstance[] = [];
  const replaced = new Set<FunctionFact>();
  const including = files.filter((f) => f.instantiations && f.instantiations.length > 0);
  if (including.length === 0) return { instances, replaced };
  const byPath = new Map(files.map((f) => [f.file, f]));
  const bySuffix = (include: string): FileFacts | undefined => {
    const found = files.filter((f) => f.file === include || f.file.endsWith(`/${include}`));
    return found.length === 1 ? found[0] : undefined;
  };
  for (const f of including) {
    for (const inst of f.instantiations ?? []) {
      const template = includedFile(f.file, inst.include, byPath, bySuffix);
      if (!template || template === f) continue;
      let redefined: Map<string, MacroFact> | undefined;
      for (const fn of template.functions) {
        const expansion = fn.wrapper !== undefined && Object.hasOwn(inst.pastes, fn.wrapper) ? inst.pastes[fn.wrapper] : undefined;
        if (expansion === undefined) continue;
        replaced.add(fn);
        redefined ??= definitionsAt(f, inst.line);
        instances.push({ file: template.file, unit: f.file, fact: instanceOf(fn, inst, expansion.replace('$', fn.name), redefined) });
      }
    }
  }
  return { instances, replaced };
}
