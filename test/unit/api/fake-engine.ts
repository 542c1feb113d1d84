/**
 * A small deterministic engine for API tests: each `.c` file becomes one function
 * with one allocation per `malloc(` occurrence; a pass named `freed` clears sites on
 * lines that also contain `/*freed*\/`, and manual clears of scope `site` clear
 * their target. Lets the tests check the API's session logic exactly, without the
 * tree-sitter back end.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { Investigation, Site } from '../../../preload/contract';
import type { Analysis, Engine, IndexedProject, IndexRunOptions } from '../../../main/api/engine';

/** Options to slow the engine down so tests can cancel it. */
export interface FakeEngineOptions {
  /** Resolves when the index may finish; the index also stops when aborted. */
  gate?: Promise<void>;
  /** How many file warnings the index reports. */
  warnings?: number;
}

/** Creates the fake engine. */
export function createFakeEngine(fake: FakeEngineOptions = {}): Engine<null> & { indexRuns: number } {
  const engine = {
    indexRuns: 0,
    async index(root: string, options: IndexRunOptions): Promise<IndexedProject<null>> {
      engine.indexRuns++;
      const files = (await readdir(root)).filter((f) => f.endsWith('.c')).sort();
      const sites: Site[] = [];
      for (let i = 0; i < files.length; i++) {
        const file = files[i]!;
        const lines = (await readFile(`${root}/${file}`, 'utf8')).split('\n');
        lines.forEach((code, n) => {
          if (code.includes('malloc(')) sites.push({ id: `${file}:${n + 1}:malloc`, kind: 'alloc', api: 'malloc', family: 'malloc', function: file.replace(/\.c$/, ''), file, line: n + 1, code: code.trim(), target: 'p' });
        });
        options.onProgress({ phase: 'parse', done: i + 1, total: files.length, message: file });
      }
      if (fake.gate) {
        await Promise.race([
          fake.gate,
          new Promise((_, reject) => options.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })))),
        ]);
      }
      const functions = files.map((file) => ({ id: file.replace(/\.c$/, ''), name: file.replace(/\.c$/, ''), file, line: 1, endLine: 1, static: false, kind: 'function' as const }));
      const warnings = Array.from({ length: fake.warnings ?? 0 }, (_, i) => ({ file: 'a.c', line: i + 1, message: `warning ${i + 1}` }));
      return { graph: { functions, calls: [], sites }, files: files.length, cached: 0, parsed: files.length, warnings, program: null };
    },
    async analyse(project: IndexedProject<null>, investigation: Investigation): Promise<Analysis> {
      const manual = new Set(investigation.manual.filter((m) => m.scope === 'site').map((m) => m.target));
      const freedOn = !investigation.disabled.includes('freed');
      const freed = project.graph.sites.filter((s) => freedOn && s.code.includes('/*freed*/'));
      const passes = [
        { name: 'freed', title: 'Freed in place', cleared: freed.map((s) => ({ site: s.id, rule: 'freed', evidence: { text: 'freed', pairedWith: [], chain: [] } })) },
        { name: 'manual', title: 'Cleared by hand', cleared: [...manual].map((site) => ({ site, rule: 'manual', evidence: { text: 'by hand', pairedWith: [], chain: [] } })) },
      ];
      const cleared = new Set(passes.flatMap((p) => p.cleared.map((c) => c.site)));
      return { report: { passes, suspects: project.graph.sites.filter((s) => !cleared.has(s.id)).map((s) => s.id), sites: project.graph.sites }, details: [] };
    },
    async writeup(_project: IndexedProject<null>, _investigation: Investigation, analysis: Analysis, name: string): Promise<string> {
      return `# ${name}\n${analysis.report.suspects.length} suspects\n`;
    },
    defaultPassOrder(): string[] {
      return ['freed', 'manual'];
    },
  };
  return engine;
}
