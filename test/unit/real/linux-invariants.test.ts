/**
 * Invariants of the index on real code: a slice of Linux 6.1 (ext4 + jbd2, mm, the
 * e1000e driver) taken from Debian's linux-source-6.1 tarball, which .ci/run
 * installs. The slice is extracted once into ~/.cache/leakscope-linux/<slice>/ (or
 * under $LEAKSCOPE_LINUX_CACHE) and reused by later runs. Without the tarball this
 * test fails and says what to install.
 *
 * Checked: every call's ends are nodes; every site and every call lies inside the
 * line range of the function it is attributed to; ids are unique; the output is the
 * same on a second run, and that run parses nothing (all facts come from the cache).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CallGraph, FunctionNode } from '../../../preload/model';
import { buildProgram } from '../../../main/analysis/graph';
import { createAllocatorTable } from '../../../main/analysis/allocators';
import { defaultConfig } from '../../../main/index/config';
import { indexFolder, type IndexResult } from '../../../main/index/indexer';
import { ensureLinuxTree } from '../../../bench/lib/linux-source';

/** The slice of the kernel indexed, relative to the tree root. */
const MEMBERS = ['fs/ext4', 'fs/jbd2', 'mm', 'drivers/net/ethernet/intel/e1000e'];

interface Run {
  index: IndexResult;
  graph: CallGraph;
}

/** The first few offenders, for a readable failure message. */
function firstOf<T>(items: T[], show: (item: T) => string): string {
  return `${items.length} offenders, e.g.\n  ${items.slice(0, 8).map(show).join('\n  ')}`;
}

describe('index invariants on Linux 6.1 (ext4, jbd2, mm, e1000e)', () => {
  let work: string;
  let first: Run;
  let second: Run;
  let nodes: Map<string, FunctionNode>;
  /**
   * Whether `file:line` lies inside the function `id`: inside the node's own range, or
   * inside another active definition of the same name in the same file (a function
   * defined in both branches of an `#ifdef` is one node spanning its first definition).
   */
  let inside: (id: string, file: string, line: number) => boolean;

  before(async () => {
    // The extracted tree holds exactly the slice.
    const linux = ensureLinuxTree(MEMBERS);
    work = mkdtempSync(path.join(os.tmpdir(), 'leakscope-linux-'));
    const config = defaultConfig();
    const cacheDir = path.join(work, 'cache');
    const table = createAllocatorTable(config.allocators);
    const run = async (): Promise<Run> => {
      const index = await indexFolder(linux, { cacheDir, config, detailNames: table.entries().map((e) => e.name) });
      return { index, graph: buildProgram(index.facts, table).graph };
    };
    first = await run();
    second = await run();
    nodes = new Map(first.graph.functions.map((f) => [f.id, f]));
    const definitions = new Map<string, [number, number][]>();
    for (const f of first.index.facts) {
      for (const fn of [...f.functions, ...f.macros]) {
        if (!fn.active) continue;
        const key = `${f.file}\u0000${fn.name}`;
        definitions.set(key, [...(definitions.get(key) ?? []), [fn.line, fn.endLine]]);
      }
    }
    inside = (id, file, line) => {
      const fn = nodes.get(id);
      if (!fn || fn.kind === 'external' || fn.file !== file) return false;
      if (line >= fn.line && line <= fn.endLine) return true;
      return (definitions.get(`${file}\u0000${fn.name}`) ?? []).some(([from, to]) => line >= from && line <= to);
    };
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('indexes a substantial slice', () => {
    assert.ok(first.index.stats.files > 200, `only ${first.index.stats.files} files indexed`);
    assert.equal(first.index.stats.parsed, first.index.stats.files);
    assert.ok(first.graph.sites.length > 500, `only ${first.graph.sites.length} sites`);
    assert.ok(first.graph.calls.length > 10_000, `only ${first.graph.calls.length} calls`);
  });

  it('has unique function ids and unique site ids', () => {
    const dupes = (ids: string[]): string[] => ids.filter((id, i) => ids.indexOf(id) !== i);
    const fnIds = first.graph.functions.map((f) => f.id);
    assert.equal(new Set(fnIds).size, fnIds.length, `duplicate function ids: ${dupes(fnIds).slice(0, 8).join(', ')}`);
    const siteIds = first.graph.sites.map((s) => s.id);
    assert.equal(new Set(siteIds).size, siteIds.length, `duplicate site ids: ${dupes(siteIds).slice(0, 8).join(', ')}`);
  });

  it('has both ends of every call as nodes', () => {
    const dangling = first.graph.calls.filter((c) => !nodes.has(c.from) || !nodes.has(c.to));
    assert.equal(dangling.length, 0, firstOf(dangling, (c) => `${c.file}:${c.line} ${c.from} -> ${c.to}`));
  });

  it('places every call inside the lines of its calling function', () => {
    const outside = first.graph.calls.filter((c) => !inside(c.from, c.file, c.line));
    assert.equal(outside.length, 0, firstOf(outside, (c) => `${c.file}:${c.line} attributed to ${c.from} (${nodes.get(c.from)?.file}:${nodes.get(c.from)?.line}-${nodes.get(c.from)?.endLine})`));
  });

  it('places every site inside the lines of its function', () => {
    const outside = first.graph.sites.filter((s) => !inside(s.function, s.file, s.line));
    assert.equal(outside.length, 0, firstOf(outside, (s) => `${s.id} attributed to ${s.function} (${nodes.get(s.function)?.file}:${nodes.get(s.function)?.line}-${nodes.get(s.function)?.endLine})`));
  });

  it('gives external nodes no file and defined nodes a real line range', () => {
    const bad = first.graph.functions.filter((f) => (f.kind === 'external' ? f.file !== '' || f.line !== 0 : f.file === '' || f.line < 1 || f.endLine < f.line));
    assert.equal(bad.length, 0, firstOf(bad, (f) => JSON.stringify(f)));
  });

  it('serves a second run entirely from the cache', () => {
    assert.equal(second.index.stats.parsed, 0);
    assert.equal(second.index.stats.cached, first.index.stats.files);
  });

  it('produces identical output on the second run', () => {
    assert.deepEqual(second.graph, first.graph);
  });
});
