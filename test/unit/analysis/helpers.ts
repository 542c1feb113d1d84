/**
 * Test helpers: index C sources in memory (parser + extractor + graph) and run the
 * passes, without the worker pool or the cache.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createAllocatorTable } from '../../../main/analysis/allocators';
import { buildProgram, type Program } from '../../../main/analysis/graph';
import { newInvestigation } from '../../../main/analysis/investigation';
import { DEFAULT_PASS_ORDER, runPasses, type PassesView } from '../../../main/analysis/run-passes';
import { extractFacts, NO_DEFINES } from '../../../main/index/extract/index';
import { loadCParser, type CParser } from '../../../main/index/parser';

let parser: Promise<CParser> | undefined;

/** The C parser, loaded once per test process. */
export function cParser(): Promise<CParser> {
  parser ??= loadCParser();
  return parser;
}

/** A program from sources given as `{ path: text }`. */
export async function programOf(sources: Record<string, string>): Promise<Program> {
  const p = await cParser();
  const facts = Object.entries(sources).map(([file, text]) => extractFacts(p, text, file, 'test', NO_DEFINES));
  return buildProgram(facts, createAllocatorTable());
}

/** Every .c/.h file under a folder, as `{ relative path: text }`. */
export function sourcesOf(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.[ch]$/.test(name)) out[path.relative(root, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return out;
}

/** Runs the passes with the default investigation. */
export async function passesOf(sources: Record<string, string>): Promise<PassesView> {
  return runPasses(await programOf(sources), newInvestigation(DEFAULT_PASS_ORDER));
}

/** Site id → the pass that cleared it, or `suspect <reason>`. */
export function verdicts(view: PassesView): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of view.passes) for (const c of p.cleared) out.set(c.site, p.name);
  for (const d of view.details) out.set(d.site, `suspect ${d.reason}`);
  return out;
}
