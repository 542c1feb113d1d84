import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinAllocators } from '../../../main/analysis/allocators';
import { buildProgram, calleeField } from '../../../main/analysis/graph';
import type { AddressTakenFact, CallStmt, FileFacts, FunctionFact, MacroFact, Stmt } from '../../../main/index/facts';

/** A call statement; `indirect` when the callee is not a plain name. */
function call(line: number, callee: string, args: string[] = [], target = '', col = 2, indirect = !/^[A-Za-z_]\w*$/.test(callee)): CallStmt {
  return { k: 'call', line, col, callee, indirect, args, target, code: `${target ? `${target} = ` : ''}${callee}(${args.join(', ')});` };
}
function fn(name: string, line: number, endLine: number, body: Stmt[], extra: Partial<FunctionFact> = {}): FunctionFact {
  return { name, line, endLine, static: false, inline: false, params: [], locals: {}, paramTypes: {}, body, guards: [], active: true, ...extra };
}
function macro(name: string, line: number, params: string[], body: Stmt[], extra: Partial<MacroFact> = {}): MacroFact {
  return { name, line, endLine: line, params, body, guards: [], active: true, ...extra };
}
function taken(name: string, line: number, how: AddressTakenFact['how'], field = '', callee = '', argIndex = -1): AddressTakenFact {
  return { name, line, in: '', how, field, callee, argIndex };
}
function file(path: string, functions: FunctionFact[], macros: MacroFact[] = [], addressTaken: AddressTakenFact[] = []): FileFacts {
  return { file: path, hash: '0', functions, macros, addressTaken, globals: [], structs: [], typedefs: [], warnings: [] };
}
const edges = (p: ReturnType<typeof buildProgram>): string[] => p.graph.calls.map((c) => `${c.from} -> ${c.to} @${c.file}:${c.line} ${c.kind}`);
const table = builtinAllocators();

test('two statics with one name in two files are two nodes; each file calls its own', () => {
  const p = buildProgram(
    [
      file('b.c', [fn('init', 1, 3, [], { static: true }), fn('b_main', 5, 7, [call(6, 'init')])]),
      file('a.c', [fn('init', 1, 3, [], { static: true }), fn('a_main', 5, 7, [call(6, 'init')])]),
    ],
    table,
  );
  assert.deepEqual(
    p.graph.functions.map((f) => `${f.id} ${f.kind} ${f.static} ${f.file}:${f.line}-${f.endLine}`),
    ['a.c::init function true a.c:1-3', 'a_main function false a.c:5-7', 'b.c::init function true b.c:1-3', 'b_main function false b.c:5-7'],
  );
  assert.deepEqual(edges(p), ['a_main -> a.c::init @a.c:6 direct', 'b_main -> b.c::init @b.c:6 direct']);
  assert.equal(p.resolve('init', 'a.c'), 'a.c::init');
  assert.equal(p.resolve('init', 'c.c'), undefined); // another file's static is invisible
});

test('a static declared in a header and defined in a .c resolves within that .c; header statics are visible to others', () => {
  const p = buildProgram(
    [
      file('include/util.h', [fn('clamp', 3, 5, [], { static: true, inline: true })]),
      file('src/worker.c', [fn('helper', 10, 12, [], { static: true }), fn('run', 14, 20, [call(15, 'helper'), call(16, 'clamp')])]),
      file('src/other.c', [fn('go', 1, 4, [call(2, 'helper'), call(3, 'clamp')])]),
    ],
    table,
  );
  assert.deepEqual(edges(p), [
    'go -> helper @src/other.c:2 direct',
    'go -> include/util.h::clamp @src/other.c:3 direct',
    'run -> include/util.h::clamp @src/worker.c:16 direct',
    'run -> src/worker.c::helper @src/worker.c:15 direct',
  ]);
  // other.c cannot see worker.c's static helper: the call goes to an external node.
  assert.deepEqual(p.graph.functions.find((f) => f.id === 'helper'), { id: 'helper', name: 'helper', file: '', line: 0, endLine: 0, static: false, kind: 'external' });
});

test('calls to undefined names become external nodes; calls through pointers do not', () => {
  const p = buildProgram([file('m.c', [fn('main', 1, 9, [call(2, 'printf', ['"hi"']), call(3, 'ops->open'), call(4, '(*fp)'), call(5, 'printf')])])], table);
  assert.deepEqual(p.graph.functions.map((f) => `${f.id} ${f.kind}`), ['main function', 'printf external']);
  assert.deepEqual(edges(p), ['main -> printf @m.c:2 direct', 'main -> printf @m.c:5 direct']);
});

test('macros are nodes; calls through them are caller -> macro -> callee, and their allocations are sites', () => {
  const p = buildProgram(
    [
      file('include/mem.h', [], [macro('ALLOC', 4, ['t'], [call(4, 'kmalloc', ['sizeof(t)', 'GFP_KERNEL'], 'return', 17)]), macro('CALL', 5, ['fn', 'x'], [call(5, 'fn', ['x'])])]),
      file('src/a.c', [fn('make', 1, 5, [call(2, 'ALLOC', ['struct foo'], 'p'), call(3, 'CALL', ['make', '1'])])]),
    ],
    table,
  );
  assert.deepEqual(edges(p), [
    'include/mem.h::ALLOC -> kmalloc @include/mem.h:4 direct',
    'make -> include/mem.h::ALLOC @src/a.c:2 macro',
    'make -> include/mem.h::CALL @src/a.c:3 macro',
  ]);
  assert.deepEqual(p.graph.functions.map((f) => `${f.id} ${f.kind} ${f.static}`), [
    'include/mem.h::ALLOC macro false',
    'include/mem.h::CALL macro false',
    'kmalloc external false',
    'make function false',
  ]);
  assert.deepEqual(p.graph.sites, [
    { id: 'include/mem.h:4:kmalloc', kind: 'alloc', api: 'kmalloc', family: 'kmalloc', function: 'include/mem.h::ALLOC', file: 'include/mem.h', line: 4, code: 'return = kmalloc(sizeof(t), GFP_KERNEL);', target: 'return' },
  ]);
  assert.equal(p.bodies.get('include/mem.h::ALLOC')?.params[0], 't');
});

test('indirect edges: struct-field calls reach functions stored in that field; pointer calls reach functions passed in the same file', () => {
  const p = buildProgram(
    [
      file('fs/a.c', [fn('a_open', 1, 2, [], { static: true }), fn('a_read', 3, 4, [], { static: true })], [], [taken('a_open', 6, 'initializer', 'open'), taken('a_read', 7, 'initializer', 'read')]),
      file('fs/b.c', [fn('b_open', 1, 2, [])], [], [taken('b_open', 5, 'assignment', 'open')]),
      file('fs/core.c', [fn('thread_fn', 1, 2, [], { static: true }), fn('vfs_open', 4, 9, [call(5, 'f->f_op->open', ['f']), call(6, 'start', ['thread_fn'])]), fn('run', 10, 12, [call(11, 'cb', ['0'], '', 2, true)], { params: ['cb'] })], [], [taken('thread_fn', 6, 'argument', '', 'start', 0), taken('nonexistent', 7, 'argument', '', 'start', 0)]),
    ],
    table,
  );
  assert.deepEqual(edges(p), [
    'run -> fs/core.c::thread_fn @fs/core.c:11 indirect',
    'vfs_open -> b_open @fs/core.c:5 indirect',
    'vfs_open -> fs/a.c::a_open @fs/core.c:5 indirect',
    'vfs_open -> start @fs/core.c:6 direct',
  ]);
  assert.equal(calleeField('s->s_op->put_super'), 'put_super');
  assert.equal(calleeField('ops.open'), 'open');
  assert.equal(calleeField('(*fp)'), '');
});

test('one function defined in both branches of an #ifdef is one node; inactive definitions are left out', () => {
  const p = buildProgram(
    [
      file('x.c', [
        fn('setup', 3, 6, [call(4, 'kmalloc', ['8'], 'a')], { guards: ['CONFIG_A'] }),
        fn('setup', 8, 11, [call(9, 'vmalloc', ['8'], 'a')], { guards: ['!CONFIG_A'] }),
        fn('dead', 13, 15, [call(14, 'kfree', ['a'])], { guards: ['0'], active: false }),
        fn('main', 20, 22, [call(21, 'setup'), call(21, 'dead', [], '', 12)]),
      ]),
    ],
    table,
  );
  assert.deepEqual(p.graph.functions.map((f) => `${f.id} ${f.kind} ${f.line}-${f.endLine}`), ['dead external 0-0', 'kmalloc external 0-0', 'main function 20-22', 'setup function 3-11', 'vmalloc external 0-0']);
  assert.deepEqual(edges(p), ['main -> dead @x.c:21 direct', 'main -> setup @x.c:21 direct', 'setup -> kmalloc @x.c:4 direct', 'setup -> vmalloc @x.c:9 direct'].sort());
  assert.deepEqual(p.graph.sites.map((s) => `${s.id} ${s.function}`), ['x.c:4:kmalloc setup', 'x.c:9:vmalloc setup']);
});

test('duplicate external definitions: one keeps the id, the others get file ids, a warning, and callers reach the nearest', () => {
  const p = buildProgram(
    [
      file('prog1/util.c', [fn('xalloc', 1, 3, [call(2, 'malloc', ['n'], 'return')])]),
      file('prog2/util.c', [fn('xalloc', 1, 3, [call(2, 'malloc', ['n'], 'return')])]),
      file('prog2/main.c', [fn('main', 1, 3, [call(2, 'xalloc', ['4'], 'p')])]),
      file('mon/a.c', [fn('mon_init', 1, 2, [])]),
      file('mon/b.c', [fn('mon_init', 1, 2, [])]),
      file('core/main.c', [fn('start', 1, 3, [call(2, 'mon_init')])]),
    ],
    table,
  );
  assert.deepEqual(p.graph.functions.map((f) => f.id), ['main', 'malloc', 'mon/b.c::mon_init', 'mon_init', 'prog2/util.c::xalloc', 'start', 'xalloc']);
  assert.deepEqual(edges(p).filter((e) => !e.includes('malloc @')), [
    'main -> prog2/util.c::xalloc @prog2/main.c:2 direct',
    'start -> mon/b.c::mon_init @core/main.c:2 direct',
    'start -> mon_init @core/main.c:2 direct',
  ]);
  assert.equal(p.resolve('xalloc', 'prog2/main.c'), 'prog2/util.c::xalloc');
  assert.equal(p.resolve('xalloc', 'elsewhere.c'), 'xalloc');
  assert.deepEqual(p.graph.sites.map((s) => `${s.id} ${s.function}`), ['prog1/util.c:2:malloc xalloc', 'prog2/util.c:2:malloc prog2/util.c::xalloc']);
  assert.deepEqual(
    p.warnings.map((w) => `${w.file}:${w.line} ${w.message}`),
    [
      'mon/a.c:1 mon_init is defined with external linkage 2 times (also mon/b.c:1); this one keeps the id mon_init, the others are mon/b.c::mon_init; calls from other files go to the definitions nearest them in the folder tree',
      'prog1/util.c:1 xalloc is defined with external linkage 2 times (also prog2/util.c:1); this one keeps the id xalloc, the others are prog2/util.c::xalloc; calls from other files go to the definitions nearest them in the folder tree',
    ],
  );
});

test('sites: kinds, families, targets for returns, out-parameters and frees, #n for repeats, siteAt by column', () => {
  const p = buildProgram(
    [
      file('s.c', [
        fn('f', 1, 20, [
          call(2, 'kmalloc', ['8', 'GFP_KERNEL'], 'ht->table', 10),
          call(3, 'getline', ['&line', '&n', 'fp'], '', 2),
          call(4, 'posix_memalign', ['pp', '16', '64'], 'err', 8),
          call(5, 'kfree', ['a'], '', 2),
          call(5, 'kfree', ['b'], '', 12),
          call(6, 'kmem_cache_free', ['cache', 'obj'], '', 2),
          call(7, 'krealloc', ['buf', '64', 'GFP_KERNEL'], 'buf', 8),
          call(8, 'devm_kzalloc', ['dev', '8', 'GFP_KERNEL'], 'priv', 9),
          call(9, 'ops->kfree', ['x'], '', 2),
        ]),
      ]),
    ],
    table,
  );
  assert.deepEqual(
    p.graph.sites.map((s) => `${s.id} ${s.kind} ${s.family} [${s.target}]`),
    [
      's.c:2:kmalloc alloc kmalloc [ht->table]',
      's.c:3:getline alloc malloc [line]',
      's.c:4:posix_memalign alloc malloc [*pp]',
      's.c:5:kfree free kmalloc [a]',
      's.c:5:kfree#2 free kmalloc [b]',
      's.c:6:kmem_cache_free free kmem_cache [obj]',
      's.c:7:krealloc realloc kmalloc [buf]',
      's.c:8:devm_kzalloc alloc devm [priv]',
    ],
  );
  assert.equal(p.siteAt('s.c', 5, 12)?.id, 's.c:5:kfree#2');
  assert.equal(p.siteAt('s.c', 5, 3), undefined);
});

test('output order is deterministic whatever the input order', () => {
  const files = [
    file('z.c', [fn('zf', 1, 3, [call(2, 'kfree', ['p']), call(2, 'af')])]),
    file('a.c', [fn('af', 1, 3, [call(2, 'kmalloc', ['1'], 'q'), call(2, 'zf')]), fn('bf', 5, 6, [call(5, 'af')])]),
  ];
  const one = buildProgram(files, table).graph;
  const two = buildProgram([...files].reverse(), table).graph;
  assert.deepEqual(one, two);
  assert.deepEqual(one.functions.map((f) => f.id), ['af', 'bf', 'kfree', 'kmalloc', 'zf']);
  assert.deepEqual(one.calls.map((c) => `${c.from}>${c.to}`), ['af>kmalloc', 'af>zf', 'bf>af', 'zf>af', 'zf>kfree']);
  assert.deepEqual(one.sites.map((s) => s.id), ['a.c:2:kmalloc', 'z.c:2:kfree']);
});
