/**
 * Golden test: the index of examples/nswap reproduces the seed's tables
 * (../shared/seed/tracking-down-a-memory-leak.txt, "Calls to kmalloc()" and the
 * kfree table) row for row — file, function, code — in the same order within each
 * file, with the seed's four `<global>` rows attributed to their real functions.
 * Also checks the call structure the seed's Pass 1 and Pass 2 rely on.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { buildProgram, type Program } from '../../../main/analysis/graph';
import { createAllocatorTable } from '../../../main/analysis/allocators';
import { defaultConfig } from '../../../main/index/config';
import { indexFolder, type IndexResult } from '../../../main/index/indexer';

const SAMPLE = path.resolve(__dirname, '../../../examples/nswap');

/** One row of the seed's tables; `seedLine` is the seed's line number, used only to order rows within a file. */
interface SeedRow {
  file: string;
  function: string;
  seedLine: number;
  code: string;
}

/**
 * "As it turns out, there are only 19 calls to kmalloc in the entire program."
 * Typed in from the seed; cscope's `<global>` became ht_create (3 rows) and nswap_thread (1 row).
 */
const SEED_KMALLOC: SeedRow[] = [
  { file: 'lib/nswap_hashtable.c', function: 'ht_create', seedLine: 36, code: 'htable_t ht = (htable_t)kmalloc(sizeof(htable_t), GFP_NSWAP);' },
  { file: 'lib/nswap_hashtable.c', function: 'ht_create', seedLine: 40, code: 'ht->table=(ht_list_t**)kmalloc(sizeof(ht_list_t*)*num_buckets,' },
  { file: 'lib/nswap_hashtable.c', function: 'ht_create', seedLine: 49, code: 'rsv_ptr=kmalloc(sizeof(ht_list_t), GFP_NSWAP);' },
  { file: 'lib/nswap_threads.c', function: 'nswap_thread', seedLine: 81, code: 'kmalloc(sizeof(nswap_thread_init_t), GFP_NSWAP);' },
  { file: 'lib/nswap_hashtable.c', function: 'get_from_reserves', seedLine: 15, code: 'l = (ht_list_t*)kmalloc(sizeof(ht_list_t), GFP_NSWAP);' },
  { file: 'lib/nswap_hashtable.c', function: 'ht_iter', seedLine: 198, code: 'cur=(ht_list_t*)kmalloc(sizeof(ht_list_t),' },
  { file: 'lib/nswap_net_io.c', function: 'nswap_tcp_alloc_socket', seedLine: 24, code: 'new_socket = kmalloc(sizeof(struct nswap_socket), GFP_NSWAP);' },
  { file: 'lib/nswap_net_io.c', function: 'nswap_udp_alloc_socket', seedLine: 56, code: 'new_socket = kmalloc(sizeof(struct nswap_socket), GFP_NSWAP);' },
  { file: 'lib/nswap_net_io.c', function: 'nswap_udp_alloc_socket', seedLine: 61, code: 'new_socket->addr = kmalloc(sizeof(struct sockaddr), GFP_NSWAP);' },
  { file: 'src/nswap_iptable.c', function: 'nswap_iptable_init', seedLine: 185, code: 'nswap_iptable = kmalloc(sizeof(struct nswap_ipentry)*NSWAP_MAXHOSTS,' },
  { file: 'src/nswapc_main.c', function: 'nswapc_init', seedLine: 292, code: 'io_request_sem = kmalloc(sizeof(struct semaphore), GFP_NSWAP);' },
  { file: 'src/nswapc_main.c', function: 'nswapc_init', seedLine: 319, code: 'worker_args = kmalloc(sizeof(struct worker_thread_args),' },
  { file: 'src/nswapd_mem.c', function: 'nswapd_mem_store', seedLine: 91, code: 'new_page = kmalloc(sizeof(page_data_t),(GFP_NSWAP));' },
  { file: 'src/nswapd_mem_mon.c', function: 'nswapd_mem_monitor_init', seedLine: 91, code: 'recent_monitor = kmalloc(sizeof(struct nswap_monitor_data), GFP_NSWAP);' },
  { file: 'src/nswapd_mem_mon.c', function: 'nswapd_mem_monitor_init', seedLine: 92, code: 'previous_monitor = kmalloc(sizeof(struct nswap_monitor_data), GFP_NSWAP);' },
  { file: 'src/nswapd_mem_mon_orig.c', function: 'nswapd_mem_monitor_init', seedLine: 91, code: 'recent_monitor = kmalloc(sizeof(struct nswap_monitor_data), GFP_NSWAP);' },
  { file: 'src/nswapd_mem_mon_orig.c', function: 'nswapd_mem_monitor_init', seedLine: 92, code: 'previous_monitor = kmalloc(sizeof(struct nswap_monitor_data), GFP_NSWAP);' },
  { file: 'src/nswapd_mem_monitor.c', function: 'nswapd_mem_monitor_init', seedLine: 93, code: 'recent_monitor = kmalloc(sizeof(struct nswap_monitor_data), GFP_NSWAP);' },
  { file: 'src/nswapd_mem_monitor.c', function: 'nswapd_mem_monitor_init', seedLine: 94, code: 'previous_monitor = kmalloc(sizeof(struct nswap_monitor_data), GFP_NSWAP);' },
];

/** "There are 22 calls to kfree." Typed in from the seed. */
const SEED_KFREE: SeedRow[] = [
  { file: 'lib/nswap_hashtable.c', function: 'ht_destroy', seedLine: 62, code: 'kfree(ht->table);' },
  { file: 'lib/nswap_hashtable.c', function: 'ht_destroy', seedLine: 66, code: 'kfree(rsv_ptr);' },
  { file: 'lib/nswap_hashtable.c', function: 'ht_destroy', seedLine: 69, code: 'kfree(ht);' },
  { file: 'lib/nswap_net_io.c', function: 'nswap_tcp_alloc_socket', seedLine: 34, code: 'kfree(new_socket);' },
  { file: 'lib/nswap_net_io.c', function: 'nswap_udp_alloc_socket', seedLine: 73, code: 'kfree(new_socket);' },
  { file: 'lib/nswap_net_io.c', function: 'nswap_tcp_close_socket', seedLine: 88, code: 'kfree(sock);' },
  { file: 'lib/nswap_net_io.c', function: 'nswap_udp_close_socket', seedLine: 99, code: 'kfree(sock->addr);' },
  { file: 'lib/nswap_net_io.c', function: 'nswap_udp_close_socket', seedLine: 101, code: 'kfree(sock);' },
  { file: 'lib/nswap_threads.c', function: 'nswap_thread_wrapper', seedLine: 47, code: 'kfree(args);' },
  { file: 'src/nswap_iptable.c', function: 'nswap_iptable_cleanup', seedLine: 728, code: 'kfree(nswap_iptable);' },
  { file: 'src/nswapc_main.c', function: 'request_worker_thr', seedLine: 448, code: 'kfree(worker_args);' },
  { file: 'src/nswapc_main.c', function: 'nswapc_cleanup', seedLine: 1472, code: 'kfree(io_request_sem);' },
  { file: 'src/nswapd_mem.c', function: 'nswapd_page_unmap_and_unwire', seedLine: 235, code: 'kfree(old);' },
  { file: 'src/nswapd_mem.c', function: 'nswapd_mem_release', seedLine: 271, code: 'kfree(old);' },
  { file: 'src/nswapd_mem.c', function: 'nswapd_mem_cleanup', seedLine: 470, code: 'kfree(htlist->info);' },
  { file: 'src/nswapd_mem.c', function: 'nswapd_mem_cleanup', seedLine: 471, code: 'kfree(htlist);' },
  { file: 'src/nswapd_mem_mon.c', function: 'nswapd_mem_monitor_cleanup', seedLine: 104, code: 'kfree(recent_monitor);' },
  { file: 'src/nswapd_mem_mon.c', function: 'nswapd_mem_monitor_cleanup', seedLine: 105, code: 'kfree(previous_monitor);' },
  { file: 'src/nswapd_mem_mon_orig.c', function: 'nswapd_mem_monitor_cleanup', seedLine: 104, code: 'kfree(recent_monitor);' },
  { file: 'src/nswapd_mem_mon_orig.c', function: 'nswapd_mem_monitor_cleanup', seedLine: 105, code: 'kfree(previous_monitor);' },
  { file: 'src/nswapd_mem_monitor.c', function: 'nswapd_mem_monitor_cleanup', seedLine: 106, code: 'kfree(recent_monitor);' },
  { file: 'src/nswapd_mem_monitor.c', function: 'nswapd_mem_monitor_cleanup', seedLine: 107, code: 'kfree(previous_monitor);' },
];

/** The seed's rows in index order: by file, then by the seed's line within the file. */
function inFileOrder(rows: SeedRow[]): { file: string; function: string; code: string }[] {
  return [...rows]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.seedLine - b.seedLine))
    .map(({ file, function: fn, code }) => ({ file, function: fn, code }));
}

let index: IndexResult;
let program: Program;

/** The table of one api as the index reports it: (file, enclosing function's name, code), in output order. */
function tableOf(api: string): { file: string; function: string; code: string }[] {
  const nameOf = new Map(program.graph.functions.map((f) => [f.id, f.name]));
  return program.graph.sites
    .filter((s) => s.api === api)
    .map((s) => ({ file: s.file, function: nameOf.get(s.function) ?? `<missing node ${s.function}>`, code: s.code }));
}

/** Names of the nodes calling any node named `callee`, sorted. */
function callersOf(callee: string): string[] {
  const ids = new Set(program.graph.functions.filter((f) => f.name === callee).map((f) => f.id));
  const nameOf = new Map(program.graph.functions.map((f) => [f.id, f.name]));
  return [...new Set(program.graph.calls.filter((c) => ids.has(c.to)).map((c) => nameOf.get(c.from) ?? c.from))].sort();
}

describe('examples/nswap reproduces the seed', () => {
  before(async () => {
    const config = defaultConfig();
    const table = createAllocatorTable(config.allocators);
    // As the CLI and the app index: with the allocator names' call details kept.
    index = await indexFolder(SAMPLE, { cacheDir: null, config, detailNames: table.entries().map((e) => e.name) });
    program = buildProgram(index.facts, table);
  });

  it('parses without a single warning', () => {
    assert.deepEqual(index.warnings, []);
    assert.deepEqual(index.facts.flatMap((f) => f.warnings), []);
  });

  it('has the seed\'s 19 kmalloc rows, in order within each file', () => {
    assert.deepEqual(tableOf('kmalloc'), inFileOrder(SEED_KMALLOC));
  });

  it('has the seed\'s 22 kfree rows, in order within each file', () => {
    assert.deepEqual(tableOf('kfree'), inFileOrder(SEED_KFREE));
  });

  it('records where each allocation goes and what each free releases', () => {
    // The left-hand sides of the seed's kmalloc lines (nswap_thread's is the declaration the line continues),
    // and the arguments of its kfree lines, in index order.
    const targets = (api: string): string[] => program.graph.sites.filter((s) => s.api === api).map((s) => s.target);
    assert.deepEqual(targets('kmalloc'), [
      'l', 'ht', 'ht->table', 'rsv_ptr', 'cur',
      'new_socket', 'new_socket', 'new_socket->addr',
      'args',
      'nswap_iptable',
      'io_request_sem', 'worker_args',
      'new_page',
      'recent_monitor', 'previous_monitor', 'recent_monitor', 'previous_monitor', 'recent_monitor', 'previous_monitor',
    ]);
    assert.deepEqual(targets('kfree'), [
      'ht->table', 'rsv_ptr', 'ht',
      'new_socket', 'new_socket', 'sock', 'sock->addr', 'sock',
      'args',
      'nswap_iptable',
      'worker_args', 'io_request_sem',
      'old', 'old', 'htlist->info', 'htlist',
      'recent_monitor', 'previous_monitor', 'recent_monitor', 'previous_monitor', 'recent_monitor', 'previous_monitor',
    ]);
  });

  it('has no other allocation or free sites', () => {
    assert.deepEqual([...new Set(program.graph.sites.map((s) => s.api))].sort(), ['kfree', 'kmalloc']);
    assert.equal(program.graph.sites.length, 19 + 22);
  });

  it('attributes the seed\'s <global> rows to real functions', () => {
    const globals = program.graph.sites.filter((s) => s.kind === 'alloc' && (s.code.startsWith('htable_t ht =') || s.code.startsWith('ht->table=') || s.code.startsWith('rsv_ptr=') || s.code.startsWith('kmalloc(sizeof(nswap_thread_init_t)')));
    assert.deepEqual(
      globals.map((s) => s.function),
      ['ht_create', 'ht_create', 'ht_create', 'nswap_thread'],
    );
  });

  it('has the call structure the seed\'s passes rely on', () => {
    // Pass 1: "ht_iter() only gets called once, in src/nswapd_mem.c:nswapd_mem_cleanup".
    assert.deepEqual(callersOf('ht_iter'), ['nswapd_mem_cleanup']);
    // Pass 1: "nswapd_mem_monitor_init() is only called once in src/nswapd_mem.c:nswapd_mem_init()".
    assert.deepEqual(callersOf('nswapd_mem_monitor_init'), ['nswapd_mem_init']);
    assert.ok(callersOf('nswapd_mem_monitor_cleanup').includes('nswapd_mem_cleanup'));
    // Pass 2: "get_from_reserves() is only called once in lib/nswap_hashtable.c:ht_insert()".
    assert.deepEqual(callersOf('get_from_reserves'), ['ht_insert']);
    assert.deepEqual(callersOf('add_to_reserves'), ['ht_create', 'ht_remove', 'ht_reset']);
    assert.deepEqual(callersOf('ht_reset'), ['ht_destroy']);
  });
});
