/**
 * Calls in a macro body through a name the macro does not define: zlib's
 * `#define PULL() … have = in(in_desc, &next);` calls `in`, a function-pointer parameter
 * of inflateBack, the function the macro is expanded in. When every function of the file
 * that reaches the macro (directly or through other macros) has that name as a parameter
 * or local, the call goes through a variable: it is marked indirect, like the same call
 * written in the function itself.
 */
import type { CallStmt, FunctionFact, MacroFact, Stmt } from '../facts';

/** Every call of an IR, depth first. */
function callsOf(stmts: Stmt[], out: CallStmt[] = []): CallStmt[] {
  for (const s of stmts) {
    if (s.k === 'call') out.push(s);
    else if (s.k === 'if') {
      callsOf(s.then, out);
      callsOf(s.else, out);
    } else if (s.k === 'loop' || s.k === 'switch') callsOf(s.body, out);
  }
  return out;
}

/** For each macro, the functions of the file that expand it, directly or through other macros. */
function macroUsers(functions: FunctionFact[], macros: MacroFact[]): Map<string, Set<FunctionFact>> {
  const names = new Set(macros.map((m) => m.name));
  const users = new Map<string, Set<FunctionFact>>();
  const usersOf = (name: string): Set<FunctionFact> => {
    let set = users.get(name);
    if (!set) {
      set = new Set();
      users.set(name, set);
    }
    return set;
  };
  for (const f of functions) for (const c of callsOf(f.body)) if (names.has(c.callee)) usersOf(c.callee).add(f);
  // Macro → macro uses: a macro's users also use the macros it calls (to a fixed point).
  const inner = macros.map((m) => ({ name: m.name, callees: [...new Set(callsOf(m.body).map((c) => c.callee))].filter((n) => names.has(n) && n !== m.name) }));
  for (let changed = true, rounds = 0; changed && rounds < macros.length; rounds++) {
    changed = false;
    for (const { name, callees } of inner) {
      const from = users.get(name);
      if (!from) continue;
      for (const callee of callees) {
        const to = usersOf(callee);
        const before = to.size;
        for (const f of from) to.add(f);
        if (to.size !== before) changed = true;
      }
    }
  }
  return users;
}

/** Marks macro-body calls through a variable of every expanding function as indirect (in place). */
export function markCallsThroughUserVariables(functions: FunctionFact[], macros: MacroFact[]): void {
  if (macros.length === 0 || functions.length === 0) return;
  const users = macroUsers(functions, macros);
  const macroNames = new Set(macros.map((m) => m.name));
  for (const m of macros) {
    const expanders = users.get(m.name);
    if (!expanders || expanders.size === 0) continue;
    const params = new Set(m.params);
    for (const c of callsOf(m.body)) {
      if (c.indirect || params.has(c.callee) || macroNames.has(c.callee)) continue;
      const isVariable = (f: FunctionFact): boolean => f.params.includes(c.callee) || Object.hasOwn(f.locals, c.callee);
      if ([...expanders].every(isVariable)) c.indirect = true;
    }
  }
}
