/**
 * The passes on the embedded sample (examples/nswap): the first two passes clear
 * exactly what the seed's Pass 1 and Pass 2 cleared, later passes clear the rest, and
 * the planted leak is the only suspect. The JSON contract and the write-up are also
 * compared with golden files (regenerate with UPDATE_GOLDEN=1 after a reviewed change).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { builtinAllocators } from '../../../main/analysis/allocators';
import { newInvestigation } from '../../../main/analysis/investigation';
import { DEFAULT_PASS_ORDER, runPasses, type PassesView } from '../../../main/analysis/run-passes';
import { renderWriteup } from '../../../main/report/markdown';
import type { Site } from '../../../preload/model';
import { programOf, sourcesOf } from './helpers';

const ROOT = path.join(__dirname, '../../../examples/nswap');
const GOLDEN = path.join(__dirname, 'golden');

async function nswap() {
  const program = await programOf(sourcesOf(ROOT));
  const view = runPasses(program, newInvestigation(DEFAULT_PASS_ORDER));
  return { program, view };
}

function name(s: Site): string {
  return `${s.file} ${s.function.slice(s.function.lastIndexOf(':') + 1)}`;
}

/** kmalloc / kfree sites left after the first `n` passes. */
function leftAfter(view: PassesView, n: number): { kmalloc: number; kfree: number } {
  const cleared = new Set(view.passes.slice(0, n).flatMap((p) => p.cleared.map((c) => c.site)));
  const left = view.sites.filter((s) => !cleared.has(s.id));
  return { kmalloc: left.filter((s) => s.api === 'kmalloc').length, kfree: left.filter((s) => s.api === 'kfree').length };
}

function clearedKmallocs(view: PassesView, pass: number): string[] {
  const ids = new Set(view.passes[pass]?.cleared.map((c) => c.site));
  return view.sites.filter((s) => ids.has(s.id) && s.api === 'kmalloc').map((s) => name(s)).sort();
}

test('nswap: the sample has the seed\'s 19 kmallocs and 22 kfrees', async () => {
  const { view } = await nswap();
  assert.deepEqual(leftAfter(view, 0), { kmalloc: 19, kfree: 22 });
});

test('nswap: pass 1 clears ht_iter and the six mem-monitor allocations with their 8 frees (12 / 14 left)', async () => {
  const { view } = await nswap();
  assert.equal(view.passes[0]?.name, 'single-use-helpers');
  assert.deepEqual(clearedKmallocs(view, 0), [
    'lib/nswap_hashtable.c ht_iter',
    'src/nswapd_mem_mon.c nswapd_mem_monitor_init',
    'src/nswapd_mem_mon.c nswapd_mem_monitor_init',
    'src/nswapd_mem_mon_orig.c nswapd_mem_monitor_init',
    'src/nswapd_mem_mon_orig.c nswapd_mem_monitor_init',
    'src/nswapd_mem_monitor.c nswapd_mem_monitor_init',
    'src/nswapd_mem_monitor.c nswapd_mem_monitor_init',
  ]);
  assert.deepEqual(leftAfter(view, 1), { kmalloc: 12, kfree: 14 });
});

test('nswap: pass 2 clears the hashtable library, 4 allocations and 3 frees (8 / 11 left)', async () => {
  const { view } = await nswap();
  assert.equal(view.passes[1]?.name, 'owned-by-structure');
  assert.deepEqual(clearedKmallocs(view, 1), ['lib/nswap_hashtable.c get_from_reserves', 'lib/nswap_hashtable.c ht_create', 'lib/nswap_hashtable.c ht_create', 'lib/nswap_hashtable.c ht_create']);
  const frees = new Set(view.passes[1]?.cleared.map((c) => c.site));
  assert.deepEqual(view.sites.filter((s) => frees.has(s.id) && s.api === 'kfree').map((s) => s.code), ['kfree(ht->table);', 'kfree(rsv_ptr);', 'kfree(ht);']);
  assert.deepEqual(leftAfter(view, 2), { kmalloc: 8, kfree: 11 });
});

test('nswap: the later passes clear the rest with evidence; the planted leak is the only suspect', async () => {
  const { view } = await nswap();
  const planted = view.sites.find((s) => s.api === 'kmalloc' && s.code.startsWith('new_page = kmalloc'));
  assert.ok(planted);
  assert.deepEqual(view.suspects, [planted.id]);
  assert.equal(view.details[0]?.reason, 'freed-on-some-paths');
  assert.match(view.details[0]?.detail ?? '', /host == NULL is true/);
  for (const p of view.passes) for (const c of p.cleared) assert.notEqual(c.evidence.text, '', `${c.site} has evidence`);
  assert.deepEqual(leftAfter(view, view.passes.length), { kmalloc: 1, kfree: 2 });
});

test('nswap: JSON contract and write-up match the golden files', async () => {
  const { program, view } = await nswap();
  const json = JSON.stringify({ passes: view.passes, suspects: view.suspects, sites: view.sites }, null, 1) + '\n';
  const md = renderWriteup(view, program.graph, { project: 'nswap', builtinApis: new Set(builtinAllocators().entries().map((e) => e.name)) });
  const files: [string, string][] = [
    ['nswap-passes.json', json],
    ['nswap-writeup.md', md],
  ];
  for (const [file, text] of files) {
    const golden = path.join(GOLDEN, file);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, text);
    assert.equal(text, readFileSync(golden, 'utf8'), `${file} differs from the golden file`);
  }
});
