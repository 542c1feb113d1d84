/**
 * A small hand-written call graph and passes report shaped like the sample: an entry
 * point, an init/cleanup pair, a store with the planted leak, a macro hop, an indirect
 * call and an unrelated function, so walks, grouping and counts have exact answers.
 */
import type { CallEdge, CallGraph, FunctionNode, PassesReport, Site } from '../../../preload/model';

const fn = (id: string, file: string, line: number, kind: FunctionNode['kind'] = 'function'): FunctionNode => ({
  id,
  name: id.includes('::') ? (id.split('::')[1] as string) : id,
  file,
  line,
  endLine: line + 9,
  static: id.includes('::'),
  kind,
});
const call = (from: string, to: string, kind: CallEdge['kind'] = 'direct', line = 1): CallEdge => ({ from, to, file: '', line, kind });
const site = (id: string, kind: Site['kind'], api: string, family: string, fnId: string, file: string, line: number): Site => ({ id, kind, api, family, function: fnId, file, line, code: `${api}(x);`, target: 'x' });

/** The fixture graph. */
export const graph: CallGraph = {
  functions: [
    fn('main', 'src/main.c', 1),
    fn('init', 'src/main.c', 20),
    fn('run', 'src/main.c', 40),
    fn('cleanup', 'src/main.c', 60),
    fn('store', 'src/mem.c', 5),
    fn('release', 'src/mem.c', 30),
    fn('src/mem.h::HELPER', 'src/mem.h', 3, 'macro'),
    fn('mon_init', 'lib/mon.c', 5),
    fn('mon_cleanup', 'lib/mon.c', 30),
    fn('lib/thr.c::thread_fn', 'lib/thr.c', 10),
    fn('util', 'lib/util.c', 1),
    fn('kmalloc', '', 0, 'external'),
    fn('printk', '', 0, 'external'),
  ],
  calls: [
    call('main', 'init'),
    call('main', 'run'),
    call('main', 'cleanup'),
    call('init', 'store'),
    call('init', 'mon_init'),
    call('run', 'store', 'direct', 41),
    call('run', 'store', 'direct', 45),
    call('run', 'src/mem.h::HELPER', 'macro'),
    call('src/mem.h::HELPER', 'store', 'macro'),
    call('run', 'lib/thr.c::thread_fn', 'indirect'),
    call('cleanup', 'release'),
    call('cleanup', 'mon_cleanup'),
    call('store', 'kmalloc'),
    call('store', 'printk'),
    call('mon_init', 'kmalloc'),
    call('store', 'ghost'),
  ],
  sites: [
    site('src/mem.c:8:kmalloc', 'alloc', 'kmalloc', 'kmalloc', 'store', 'src/mem.c', 8),
    site('src/mem.c:33:kfree', 'free', 'kfree', 'kmalloc', 'release', 'src/mem.c', 33),
    site('lib/mon.c:7:kmalloc', 'alloc', 'kmalloc', 'kmalloc', 'mon_init', 'lib/mon.c', 7),
    site('lib/mon.c:8:kzalloc', 'alloc', 'kzalloc', 'kmalloc', 'mon_init', 'lib/mon.c', 8),
    site('lib/mon.c:31:kfree', 'free', 'kfree', 'kmalloc', 'mon_cleanup', 'lib/mon.c', 31),
    site('lib/mon.c:32:kfree', 'free', 'kfree', 'kmalloc', 'mon_cleanup', 'lib/mon.c', 32),
    site('lib/thr.c:12:malloc', 'alloc', 'malloc', 'malloc', 'lib/thr.c::thread_fn', 'lib/thr.c', 12),
    site('lib/thr.c:15:free', 'free', 'free', 'malloc', 'lib/thr.c::thread_fn', 'lib/thr.c', 15),
  ],
};

const evidence = { text: 'freed', pairedWith: [], chain: [] };

/** The fixture's passes: local pairs first, then the init/cleanup pair; the store leaks. */
export const report: PassesReport = {
  passes: [
    { name: 'freed-locally', title: 'Freed in the function that allocated it', cleared: [
      { site: 'lib/thr.c:12:malloc', rule: 'freed-locally', evidence },
      { site: 'lib/thr.c:15:free', rule: 'freed-locally', evidence },
    ] },
    { name: 'init-cleanup', title: 'Paired init and cleanup', cleared: [
      { site: 'lib/mon.c:7:kmalloc', rule: 'init-cleanup', evidence },
      { site: 'lib/mon.c:8:kzalloc', rule: 'init-cleanup', evidence },
      { site: 'lib/mon.c:31:kfree', rule: 'init-cleanup', evidence },
      { site: 'lib/mon.c:32:kfree', rule: 'init-cleanup', evidence },
      { site: 'lib/thr.c:15:free', rule: 'init-cleanup', evidence },
    ] },
  ],
  suspects: ['src/mem.c:8:kmalloc'],
  sites: graph.sites,
};
