/**
 * Ground truth for the leak accuracy bench: in a folder of small C programs, every
 * function named `*_leaky` leaks and every function named `*_ok` is its correct
 * twin (the convention of test/fixtures/leaks). A tool flags a function when one
 * of its leak reports lies inside the function's lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One function definition of a fixture file. */
export interface FixtureFunction {
  file: string;
  name: string;
  first: number;
  last: number;
  /** `leaky`, `ok`, or `helper` (any other function). */
  role: 'leaky' | 'ok' | 'helper';
}

/** A line a tool reported as a leak (or a wrong-family release). */
export interface LeakReport {
  file: string;
  line: number;
  /** The tool's own words or id, for the report. */
  what: string;
}

/** Header of a definition in the fixtures' style: return type and name at column 0, no `;`. */
const DEFINITION = /^[A-Za-z_][\w\s*]*?\b([A-Za-z_]\w*)\s*\([^;]*$/;

/** The function definitions of every .c file in dir (definitions start at column 0 and end at a `}` line at column 0). */
export function fixtureFunctions(dir: string): FixtureFunction[] {
  const out: FixtureFunction[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.c')).sort()) {
    const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = DEFINITION.exec(lines[i] ?? '');
      // (`struct s *make_ok(void)` is a definition; `struct s {` has no `(` and never matches.)
      if (!m?.[1] || /^(typedef|return|if|while|for|switch)\b/.test(lines[i] ?? '')) continue;
      const open = (lines[i] ?? '').includes('{') ? i : i + 1;
      if (!(lines[open] ?? '').includes('{')) continue;
      let end = open;
      while (end < lines.length && lines[end] !== '}') end++;
      const name = m[1];
      const role = name.endsWith('_leaky') ? 'leaky' : name.endsWith('_ok') ? 'ok' : 'helper';
      out.push({ file, name, first: i + 1, last: end + 1, role });
      i = end;
    }
  }
  return out;
}

/** Per-tool score over the fixture functions. */
export interface LeakScore {
  leaksFound: number;
  leaks: number;
  okFlagged: number;
  ok: number;
  helpersFlagged: number;
  /** Names of leaky functions not flagged. */
  missed: string[];
  /** Names of correct functions flagged. */
  falseAlarms: string[];
}

/** Scores a tool's reports against the fixture functions. */
export function scoreLeaks(functions: FixtureFunction[], reports: LeakReport[]): LeakScore {
  const flagged = new Set<FixtureFunction>();
  for (const r of reports) {
    const f = functions.find((g) => g.file === path.basename(r.file) && r.line >= g.first && r.line <= g.last);
    if (f) flagged.add(f);
  }
  const label = (f: FixtureFunction): string => `${f.file}:${f.name}`;
  const leaky = functions.filter((f) => f.role === 'leaky');
  const ok = functions.filter((f) => f.role === 'ok');
  return {
    leaksFound: leaky.filter((f) => flagged.has(f)).length,
    leaks: leaky.length,
    okFlagged: ok.filter((f) => flagged.has(f)).length,
    ok: ok.length,
    helpersFlagged: functions.filter((f) => f.role === 'helper' && flagged.has(f)).length,
    missed: leaky.filter((f) => !flagged.has(f)).map(label),
    falseAlarms: ok.filter((f) => flagged.has(f)).map(label),
  };
}
