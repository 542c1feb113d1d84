/** The path walk on hand-built IR: how each path ends for one allocation. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCfg } from '../../../main/analysis/cfg';
import { trackPointer, type CallOracle, type Outcome } from '../../../main/analysis/fate';
import type { FunctionContext } from '../../../main/analysis/storage';
import type { CallStmt, Stmt } from '../../../main/index/facts';

const call = (line: number, callee: string, args: string[] = [], target = ''): CallStmt => ({ k: 'call', line, col: 0, callee, indirect: false, args, target, code: '' });

const ctx = (locals: Record<string, string>, params: string[] = [], globals: string[] = []): FunctionContext => ({
  id: 'f',
  name: 'f',
  file: 'f.c',
  line: 1,
  endLine: 99,
  params,
  paramTypes: Object.fromEntries(params.map((p) => [p, 'struct s *'])),
  locals,
  isMacro: false,
  types: { typedefs: new Map(), structs: new Map([['s', { buf: 'char *' }]]), globals: new Map(globals.map((g) => [g, { type: 'char *', key: `global ${g}` }])) },
});

/** free() releases argument 0; keep() stores its argument; everything else borrows. */
const oracle: CallOracle = {
  release: (c) => (c.callee === 'free' ? { arg: 0, api: 'free', family: 'malloc', realloc: false } : c.callee === 'realloc' ? { arg: 0, api: 'realloc', family: 'malloc', realloc: true } : c.callee === 'vfree' ? { arg: 0, api: 'vfree', family: 'vmalloc', realloc: false } : undefined),
  canRelease: (api, family) => (api === 'vfree' ? family === 'vmalloc' : family === 'malloc'),
  argEffect: (c) => ({ effect: c.callee === 'keep' ? 'takes' : 'borrows', callee: c.callee, freeSites: [], keys: c.callee === 'keep' ? ['global kept'] : [], via: '', how: c.callee === 'keep' ? 'takes' : 'external' }),
  freesContents: () => false,
  returnsToPool: () => undefined,
  fieldsFreed: () => new Map(),
  noReturn: (c) => c.callee === 'exit',
  siteId: (c, api) => `f.c:${c.line}:${api}`,
};

/** Outcomes of the allocation at the first node, as `kind@line` (leaks with their reason). */
function walk(body: Stmt[], c: FunctionContext, holders = ['p']): string[] {
  const cfg = buildCfg(body, 50);
  const start = cfg.nodes.findIndex((n) => n.kind === 'call' && n.stmt.callee === 'malloc');
  const fate = trackPointer(cfg, c, { start, holders, mode: 'site', family: 'malloc' }, oracle);
  return fate.outcomes.map((o: Outcome) => `${o.kind}${o.kind === 'leak' ? `:${o.reason}` : ''}${o.kind === 'freed' && o.wrongFamily ? ':wrong' : ''}@${o.line}`).sort();
}

test('fate: if (!p) return right after the allocation is the null path, then freed', () => {
  const body: Stmt[] = [call(1, 'malloc', ['8'], 'p'), { k: 'if', line: 2, cond: '!p', then: [{ k: 'return', line: 3, value: '-ENOMEM' }], else: [] }, call(4, 'free', ['p']), { k: 'return', line: 5, value: '0' }];
  assert.deepEqual(walk(body, ctx({ p: 'char *' })), ['freed@4', 'null@2']);
});

test('fate: an error return between allocation and free leaks on that path', () => {
  const body: Stmt[] = [call(1, 'malloc', ['8'], 'p'), { k: 'if', line: 2, cond: 'err', then: [{ k: 'return', line: 3, value: '-1' }], else: [] }, call(4, 'free', ['p'])];
  assert.deepEqual(walk(body, ctx({ p: 'char *' })), ['freed@4', 'leak:lost-at-return@3']);
});

test('fate: a goto unwind ladder frees on every path', () => {
  const body: Stmt[] = [call(1, 'malloc', ['8'], 'p'), { k: 'if', line: 2, cond: 'err', then: [{ k: 'goto', line: 3, label: 'out' }], else: [] }, call(4, 'use', ['p']), { k: 'label', line: 5, name: 'out' }, call(6, 'free', ['p']), { k: 'return', line: 7, value: 'err' }];
  assert.deepEqual(walk(body, ctx({ p: 'char *' })), ['freed@6']);
});

test('fate: aliasing through a local, then storing into a global, escapes', () => {
  const body: Stmt[] = [call(1, 'malloc', ['8'], 'p'), { k: 'assign', line: 2, lhs: 'q', rhs: '(char *)p', decl: true }, { k: 'assign', line: 3, lhs: 'g', rhs: 'q', decl: false }, { k: 'return', line: 4, value: '0' }];
  assert.deepEqual(walk(body, ctx({ p: 'char *', q: 'char *' }, [], ['g'])), ['stored@3']);
});

test('fate: overwriting the only pointer leaks; p = realloc(p, n) leaks on failure', () => {
  const over: Stmt[] = [call(1, 'malloc', ['8'], 'p'), { k: 'assign', line: 2, lhs: 'p', rhs: 'NULL', decl: false }, { k: 'return', line: 3, value: '0' }];
  assert.deepEqual(walk(over, ctx({ p: 'char *' })), ['leak:overwritten@2']);
  const re: Stmt[] = [call(1, 'malloc', ['8'], 'p'), call(2, 'realloc', ['p', '16'], 'p'), call(3, 'free', ['p'])];
  assert.deepEqual(walk(re, ctx({ p: 'char *' })), ['leak:realloc-lost@2']);
});

test('fate: the same condition tested twice is followed consistently', () => {
  const body: Stmt[] = [call(1, 'malloc', ['8'], 'p'), { k: 'if', line: 2, cond: 'flag', then: [call(3, 'use', ['p'])], else: [] }, { k: 'if', line: 4, cond: 'flag', then: [call(5, 'free', ['p'])], else: [call(6, 'free', ['p'])] }];
  assert.deepEqual(walk(body, ctx({ p: 'char *' })), ['freed@5', 'freed@6']);
});

test('fate: freeing the struct while its field holds the block leaks; exit() ends the path', () => {
  const body: Stmt[] = [call(1, 'malloc', ['8'], 's->buf'), { k: 'if', line: 2, cond: 'bad', then: [call(3, 'exit', ['1'])], else: [] }, call(4, 'free', ['s'])];
  assert.deepEqual(walk(body, ctx({ s: 'struct s *' }), ['s->buf']), ['exit@3', 'leak:struct-freed@4']);
});

test('fate: a wrong deallocator is flagged; handing to a keeper ends the path', () => {
  const wrong: Stmt[] = [call(1, 'malloc', ['8'], 'p'), call(2, 'vfree', ['p'])];
  assert.deepEqual(walk(wrong, ctx({ p: 'char *' })), ['freed:wrong@2']);
  const kept: Stmt[] = [call(1, 'malloc', ['8'], 'p'), call(2, 'keep', ['p']), { k: 'return', line: 3, value: '0' }];
  assert.deepEqual(walk(kept, ctx({ p: 'char *' })), ['handed@2']);
});

test('fate: an allocation in a loop that is not freed before the next iteration leaks', () => {
  const body: Stmt[] = [{ k: 'loop', line: 1, kind: 'while', cond: 'more', body: [call(2, 'malloc', ['8'], 'p'), call(3, 'use', ['p'])] }, { k: 'return', line: 4, value: '0' }];
  assert.deepEqual(walk(body, ctx({ p: 'char *' })), ['leak:loop@2', 'leak:lost-at-return@4']);
});
