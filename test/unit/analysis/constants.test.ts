/** Constant conditions: the expression evaluator, the program's constant globals and functions, and the CFG edges they remove. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCfg } from '../../../main/analysis/cfg';
import { evaluateConstant } from '../../../main/analysis/const-expr';
import { ProgramConstants } from '../../../main/analysis/constants';
import type { Stmt } from '../../../main/index/facts';
import { programOf } from './helpers';

const known = new Map([['five', 5], ['zero', 0]]);
const lookup = (name: string, call: boolean): number | undefined => (call ? (name === 'yes' ? 1 : undefined) : known.get(name));

test('const-expr: arithmetic, comparisons, logic, calls without arguments', () => {
  assert.equal(evaluateConstant('5==5', lookup), 1);
  assert.equal(evaluateConstant('5 != 5', lookup), 0);
  assert.equal(evaluateConstant('five * 2 + 1', lookup), 11);
  assert.equal(evaluateConstant('!(five == 5) || zero', lookup), 0);
  assert.equal(evaluateConstant('yes() && 0x10 >> 4', lookup), 1);
  assert.equal(evaluateConstant('-1 < 010', lookup), 1);
  assert.equal(evaluateConstant('10UL / 3', lookup), 3);
});

test('const-expr: anything unknown leaves the whole expression unknown', () => {
  assert.equal(evaluateConstant('other == 5', lookup), undefined);
  assert.equal(evaluateConstant('f(1)', lookup), undefined);
  assert.equal(evaluateConstant('p->x', lookup), undefined);
  assert.equal(evaluateConstant('1 / zero', lookup), undefined);
  assert.equal(evaluateConstant('(int)five', lookup), undefined);
  assert.equal(evaluateConstant('', lookup), undefined);
});

test('constants: const or never-written globals and single-return functions are known; written, duplicated or shadowed ones are not', async () => {
  const program = await programOf({
    'a.c': [
      'static const int LIMIT = 4;',
      'static int quiet = 0;',
      'static int level = 1;',
      'int shared = 7;',
      'int bumped = 0;',
      'static int *ptr;',
      'static int always(void) { return 1; }',
      'static int twice(void) { return LIMIT * 2; }',
      'static int random_one(void) { return rand() % 2; }',
      'void set(int v) { level = v; }',
      'void f(int quiet2) { int shadow = 1; if (quiet) bumped++; }',
    ].join('\n'),
    'b.c': ['extern int shared;', 'void g(void) { int *q = &shared; }', 'int other = 3;', 'void h(void) { other = 4; }'].join('\n'),
  });
  const constants = new ProgramConstants(program);
  const inA = constants.evaluatorFor('a.c', (name) => name === 'shadow');
  assert.equal(inA.value('LIMIT'), 4);
  assert.equal(inA.truth('quiet'), false);
  assert.equal(inA.value('level'), undefined, 'written by set()');
  assert.equal(inA.value('shared'), undefined, 'its address is taken in b.c');
  assert.equal(inA.value('bumped'), undefined, 'incremented in f()');
  assert.equal(inA.value('ptr'), undefined);
  assert.equal(inA.truth('always()'), true);
  assert.equal(inA.value('twice()'), 8);
  assert.equal(inA.value('random_one()'), undefined);
  assert.equal(inA.value('other'), undefined, 'assigned in h()');
  assert.equal(inA.value('shadow'), undefined);
  assert.equal(constants.evaluatorFor('b.c', () => false).value('LIMIT'), undefined, 'a static of another file');
});

const call = (line: number, callee: string): Stmt => ({ k: 'call', line, col: 0, callee, indirect: false, args: [], target: '', code: '' });

function reachable(body: Stmt[], values: Record<string, number>): number[] {
  const evaluator = {
    value: (e: string, b?: ReadonlyMap<string, number>): number | undefined => evaluateConstant(e, (n) => b?.get(n) ?? values[n]),
    truth: (e: string, b?: ReadonlyMap<string, number>): boolean | undefined => {
      const v = evaluateConstant(e, (n) => b?.get(n) ?? values[n]);
      return v === undefined ? undefined : v !== 0;
    },
  };
  const cfg = buildCfg(body, 99, evaluator);
  const seen = new Set<number>();
  const stack = [cfg.entry];
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === undefined || n < 0 || seen.has(n)) continue;
    seen.add(n);
    stack.push(...(cfg.nodes[n]?.succ ?? []));
  }
  return [...new Set([...seen].map((i) => cfg.nodes[i]).filter((n) => n?.kind === 'call').map((n) => n?.line ?? 0))].sort((a, b) => a - b);
}

test('cfg with constants: if on a known flag, switch on a known value', () => {
  const ifBody: Stmt[] = [{ k: 'if', line: 1, cond: 'flag != 5', then: [call(2, 'a')], else: [call(3, 'b')] }];
  assert.deepEqual(reachable(ifBody, { flag: 5 }), [3]);
  assert.deepEqual(reachable(ifBody, {}), [2, 3]);
  const sw: Stmt[] = [
    { k: 'switch', line: 1, cond: 'mode', body: [{ k: 'case', line: 2, value: '1' }, call(3, 'one'), { k: 'break', line: 4 }, { k: 'case', line: 5, value: 'default' }, call(6, 'other'), { k: 'break', line: 7 }] },
    call(8, 'after'),
  ];
  assert.deepEqual(reachable(sw, { mode: 1 }), [3, 8]);
  assert.deepEqual(reachable(sw, { mode: 7 }), [6, 8]);
  assert.deepEqual(reachable(sw, {}), [3, 6, 8]);
});

test('cfg with constants: a counted for loop that runs exactly once has no way around or back into its body', () => {
  const loop = (cond: string, update: string): Stmt[] => [
    { k: 'assign', line: 1, lhs: 'i', rhs: '0', decl: false },
    { k: 'loop', line: 2, kind: 'for', cond, update, body: [call(3, 'body')] },
    call(4, 'after'),
  ];
  const cfgOf = (body: Stmt[]): ReturnType<typeof buildCfg> =>
    buildCfg(body, 99, { value: (e, b) => evaluateConstant(e, (n) => b?.get(n)), truth: (e, b) => { const v = evaluateConstant(e, (n) => b?.get(n)); return v === undefined ? undefined : v !== 0; } });
  const once = cfgOf(loop('i < 1', 'i++'));
  const entryToBody = (cfg: ReturnType<typeof buildCfg>): boolean => cfg.nodes[cfg.nodes[cfg.entry]?.succ[0] ?? -1]?.line === 3;
  const header = (cfg: ReturnType<typeof buildCfg>) => cfg.nodes.find((n) => n.kind === 'branch' && n.line === 2);
  assert.equal(entryToBody(once), true, 'i = 0 leads straight into the body');
  assert.deepEqual(header(once)?.succ.map((s) => (s < 0 ? -1 : once.nodes[s]?.line)), [-1, 4], 'after one trip the loop is left');
  const many = cfgOf(loop('i < 3', 'i++'));
  assert.equal(entryToBody(many), true);
  assert.deepEqual(header(many)?.succ.map((s) => (s < 0 ? -1 : many.nodes[s]?.line)), [3, 4]);
  const unknown = cfgOf(loop('i < n', 'i++'));
  assert.equal(entryToBody(unknown), false);
});
