/**
 * File-scope declarations that declare functions through a function typedef: expat's
 * `typedef enum XML_Error Processor(XML_Parser, …); static Processor epilogProcessor;`.
 * The declaration looks like a variable, so calls of the name were read as calls through a
 * pointer. C gives one file-scope identifier one meaning per file, so a name the file also
 * defines as a function is that function: it is no global, and its calls are direct unless
 * a parameter or local of the caller shadows it.
 */
import type { FunctionFact, GlobalFact, MacroFact } from '../facts';
import { callsInBody } from '../lazy-facts';

/**
 * Drops globals that the file defines as functions and makes the calls of those names direct
 * (in place). Returns the globals left. Costs one set look-up per global unless a name clashes.
 */
export function settleDeclaredFunctions(functions: FunctionFact[], macros: MacroFact[], globals: GlobalFact[]): GlobalFact[] {
  if (globals.length === 0 || functions.length === 0) return globals;
  const defined = new Set<string>();
  for (const f of functions) defined.add(f.name);
  const declared = new Set<string>();
  for (const g of globals) if (defined.has(g.name)) declared.add(g.name);
  if (declared.size === 0) return globals;
  for (const f of functions) {
    for (const c of callsInBody(f.body)) {
      if (c.indirect && declared.has(c.callee) && !f.params.includes(c.callee) && !Object.hasOwn(f.locals, c.callee)) c.indirect = false;
    }
  }
  for (const m of macros) {
    for (const c of callsInBody(m.body)) if (c.indirect && declared.has(c.callee) && !m.params.includes(c.callee)) c.indirect = false;
  }
  return globals.filter((g) => !declared.has(g.name));
}
