/** Shared helpers for the extractor tests: one parser per test process, small IR views. */
import type { CallStmt, FileFacts, FunctionFact, Stmt } from '../../../main/index/facts';
import { type CParser, loadCParser } from '../../../main/index/parser';
import { type ExtractOptions, extractFacts, NO_DEFINES } from '../../../main/index/extract/index';

let parser: CParser | undefined;

/** Extracts facts from a C snippet as file `a.c`. */
export async function factsOf(source: string, options: ExtractOptions = NO_DEFINES): Promise<FileFacts> {
  parser ??= await loadCParser();
  return extractFacts(parser, source, 'a.c', 'h', options);
}

/** The function named `name`; throws when missing so a test fails with a clear message. */
export function fn(facts: FileFacts, name: string): FunctionFact {
  const found = facts.functions.find((f) => f.name === name);
  if (!found) throw new Error(`no function ${name} in ${facts.functions.map((f) => f.name).join(', ')}`);
  return found;
}

/** Every call in an IR, depth first in statement order. */
export function allCalls(stmts: Stmt[]): CallStmt[] {
  const out: CallStmt[] = [];
  const walk = (list: Stmt[]): void => {
    for (const s of list) {
      if (s.k === 'call') out.push(s);
      else if (s.k === 'if') {
        walk(s.then);
        walk(s.else);
      } else if (s.k === 'loop' || s.k === 'switch') walk(s.body);
    }
  };
  walk(stmts);
  return out;
}

/** `callee>target` for each call, the compact view most target tests compare. */
export function targets(stmts: Stmt[]): string[] {
  return allCalls(stmts).map((c) => `${c.callee}>${c.target}`);
}
