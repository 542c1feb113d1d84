/**
 * Extractor profile (not a test): single thread, the same files each run, CPU time of a bare
 * parse (`parser.parse(text)` + `tree.delete()`, the floor) against parse + extract, best of N.
 * With `--dump FILE` it writes the facts of the sample as JSON instead, so a change to the
 * extractor can be checked byte for byte against the output before it (`--check FILE`).
 *
 *   node --import tsx bench/lib/extract-profile.ts [--root DIR] [--set small|fs] [--runs 3]
 *   node --import tsx bench/lib/extract-profile.ts --dump /tmp/facts-before.json
 *   node --import tsx bench/lib/extract-profile.ts --check /tmp/facts-before.json
 *   node --import tsx bench/lib/extract-profile.ts --slow --check /tmp/facts-before.json   (tree path only)
 *   node --import tsx bench/lib/extract-profile.ts --root DIR --every 1 --dump FILE   (every source of a small tree)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fastPath } from '../../main/index/extract/fast-path';
import { extractFacts, NO_DEFINES } from '../../main/index/extract/index';
import { loadCParser } from '../../main/index/parser';
import { decodeSource } from '../../main/index/read';

/** Command-line options of the profile. */
interface ProfileArgs {
  root: string;
  set: 'small' | 'fs';
  runs: number;
  dump?: string;
  check?: string;
  /** Tree path only (fast path off), for the differential check on real files. */
  slow: boolean;
  /** The golden sample takes every `every`-th source (6 unless told; 1 for a small tree). */
  every: number;
}

function parseArgs(argv: string[]): ProfileArgs {
  const args: ProfileArgs = { root: '/work/linux/linux-source-6.1/fs', set: 'small', runs: 3, slow: false, every: 6 };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--root': args.root = value; i++; break;
      case '--set': args.set = value === 'fs' ? 'fs' : 'small'; i++; break;
      case '--runs': args.runs = Number(value); i++; break;
      case '--dump': args.dump = value; i++; break;
      case '--check': args.check = value; i++; break;
      case '--slow': args.slow = true; break;
      case '--every': args.every = Number(value); i++; break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  return args;
}

/** `*.c` directly in `dir`, sorted. */
function cFilesIn(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.c')).sort().map((f) => path.join(dir, f));
}

/** Every `*.c` and `*.h` under `dir`, sorted (no symlinks followed: the kernel tree has none that matter). */
function allSources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) allSources(full, out);
    else if (entry.isFile() && /\.[ch]$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** The timed file set: fs/*.c + fs/ext4/*.c (small), or all of fs/ (fs). */
function timedFiles(args: ProfileArgs): string[] {
  return args.set === 'fs' ? allSources(args.root) : [...cFilesIn(args.root), ...cFilesIn(path.join(args.root, 'ext4'))];
}

/** The golden sample: every 6th source of fs/ (~300 files, .c and .h, many subsystems), or every `--every`-th. */
function sampleFiles(args: ProfileArgs): string[] {
  return allSources(args.root).filter((_, i) => i % args.every === 0);
}

/** CPU milliseconds (user + system) spent by `work`. */
function cpuMs(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const parser = await loadCParser();
  fastPath.enabled = !args.slow;
  if (args.dump !== undefined || args.check !== undefined) {
    const files = sampleFiles(args);
    const facts = files.map((file) => {
      const text = decodeSource(readFileSync(file), file).text;
      return extractFacts(parser, text, path.relative(args.root, file), '', NO_DEFINES);
    });
    const json = JSON.stringify(facts, null, 1);
    if (args.dump !== undefined) {
      writeFileSync(args.dump, json);
      console.log(`${files.length} files → ${args.dump} (${json.length} chars)`);
      return;
    }
    const before = readFileSync(args.check ?? '', 'utf8');
    if (before === json) {
      console.log(`identical: ${files.length} files`);
      return;
    }
    const old = JSON.parse(before) as unknown[];
    for (let i = 0; i < facts.length; i++) {
      if (JSON.stringify(old[i], null, 1) !== JSON.stringify(facts[i], null, 1)) console.log(`differs: ${files[i]}`);
    }
    writeFileSync('/tmp/facts-after.json', json);
    process.exitCode = 1;
    return;
  }
  const files = timedFiles(args);
  const texts = files.map((file) => decodeSource(readFileSync(file), file).text);
  const bytes = texts.reduce((n, t) => n + t.length, 0);
  let floor = Infinity;
  let full = Infinity;
  for (let run = 0; run < args.runs; run++) {
    floor = Math.min(floor, cpuMs(() => { for (const t of texts) parser.parse(t).delete(); }));
    full = Math.min(full, cpuMs(() => { for (let i = 0; i < texts.length; i++) extractFacts(parser, texts[i], files[i], '', NO_DEFINES); }));
  }
  console.log(`${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, best of ${args.runs}`);
  console.log(`parse only:      ${(floor / 1000).toFixed(2)} s CPU`);
  console.log(`parse + extract: ${(full / 1000).toFixed(2)} s CPU (${(full / floor).toFixed(2)}× the floor)`);
}

void main();
