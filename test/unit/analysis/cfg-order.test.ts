/** The whole-program scans read a body's statements without its CFG, in the order of the CFG's nodes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCfg, callsInCfgOrder, forEachNodeStmt, namesUsedInBody } from '../../../main/analysis/cfg';
import { evaluateConstant } from '../../../main/analysis/const-expr';
import type { ConditionEvaluator } from '../../../main/analysis/constants';
import type { Stmt } from '../../../main/index/facts';

const call = (line: number, callee: string, col = 0, args: string[] = []): Stmt => ({ k: 'call', line, col, callee, indirect: false, args, target: '', code: '' });
const assign = (line: number, lhs: string, rhs: string): Stmt => ({ k: 'assign', line, lhs, rhs, decl: false });

/** A body with every construct: if (0), if/else, do and while loops, a switch, goto/label and returns. */
const body: Stmt[] = [
  assign(1, 'p', 'q'),
  { k: 'if', line: 2, cond: '0', then: [call(3, 'never')], else: [call(4, 'always', 0, ['p'])] },
  { k: 'if', line: 5, cond: 'x', then: [call(6, 'yes')], else: [assign(7, 'r', 'p')] },
  { k: 'loop', line: 8, kind: 'do', cond: 'more', body: [call(9, 'step')] },
  { k: 'loop', line: 10, kind: 'while', cond: 'go', body: [call(11, 'spin'), call(11, 'spin2', 4)] },
  { k: 'switch', line: 12, cond: 'c', body: [{ k: 'case', line: 13, value: '1' }, call(14, 'one'), { k: 'break', line: 15 }] },
  { k: 'goto', line: 16, label: 'out' },
  { k: 'label', line: 17, name: 'out' },
  { k: 'return', line: 18, value: 'r' },
];

test('cfg order: statements are visited in the order buildCfg adds their nodes', () => {
  const visited: number[] = [];
  forEachNodeStmt(body, (s) => visited.push(s.line));
  assert.deepEqual(visited, [18, 14, 11, 11, 9, 6, 7, 4, 1]);
  const cfg = buildCfg(body, 20);
  const fromCfg = cfg.nodes.filter((n) => n.kind === 'call' || n.kind === 'assign' || (n.kind === 'return' && !n.implicit)).map((n) => n.line);
  assert.deepEqual(visited, fromCfg);
});

test('cfg order: the calls come in the CFG calls order (by line, then column)', () => {
  const calls = callsInCfgOrder(body).map((c) => `${c.line}:${c.callee}`);
  assert.deepEqual(calls, ['4:always', '6:yes', '9:step', '11:spin', '11:spin2', '14:one']);
  const cfg = buildCfg(body, 20);
  assert.deepEqual(
    calls,
    cfg.calls.map((i) => {
      const n = cfg.nodes[i];
      return n?.kind === 'call' ? `${n.stmt.line}:${n.stmt.callee}` : '';
    }),
  );
});

test('cfg order: the names used as whole values are those of the CFG (code under if (0) does not count)', () => {
  assert.deepEqual([...namesUsedInBody(body)].sort(), ['p', 'q', 'r']);
  assert.deepEqual([...namesUsedInBody(body)].sort(), [...buildCfg(body, 20).usedNames].sort());
});

/** An evaluator that knows `DEBUG` is 0, `MODE` is 2 and nothing else (what ProgramConstants gives a function). */
const constants: ConditionEvaluator = {
  value: (e, b) => evaluateConstant(e, (n) => b?.get(n) ?? ({ DEBUG: 0, MODE: 2 } as Record<string, number>)[n]),
  truth(e, b) {
    const v = this.value(e, b);
    return v === undefined ? undefined : v !== 0;
  },
};

/** Conditions only the program's constants decide, a constant switch and a for loop that runs once. */
const constBody: Stmt[] = [
  { k: 'if', line: 1, cond: 'DEBUG', then: [call(2, 'trace', 0, ['a'])], else: [assign(3, 'b', 'a')] },
  { k: 'if', line: 4, cond: '!DEBUG && MODE == 2', then: [call(5, 'two')], else: [call(6, 'other', 0, ['c'])] },
  { k: 'switch', line: 7, cond: 'MODE', body: [{ k: 'case', line: 8, value: '2' }, call(9, 'case2'), { k: 'break', line: 10 }, { k: 'case', line: 11, value: 'default' }, call(12, 'dflt')] },
  assign(13, 'i', '0'),
  { k: 'loop', line: 14, kind: 'for', cond: 'i < 1', update: 'i++', body: [call(15, 'once', 0, ['d'])] },
  { k: 'return', line: 16, value: 'b' },
];

test('cfg order: with the program constants, the scans drop the same code as buildCfg', () => {
  const visited: number[] = [];
  forEachNodeStmt(constBody, (s) => visited.push(s.line), constants);
  assert.deepEqual(visited, [16, 15, 13, 12, 9, 5, 3]);
  const cfg = buildCfg(constBody, 20, constants);
  const fromCfg = cfg.nodes.filter((n) => n.kind === 'call' || n.kind === 'assign' || (n.kind === 'return' && !n.implicit)).map((n) => n.line);
  assert.deepEqual(visited, fromCfg);
  const calls = callsInCfgOrder(constBody, constants).map((c) => c.line);
  assert.deepEqual(calls, [5, 9, 12, 15]);
  assert.deepEqual(
    calls,
    cfg.calls.map((i) => cfg.nodes[i]?.line),
  );
  assert.deepEqual([...namesUsedInBody(constBody, constants)].sort(), ['a', 'b', 'd']);
  assert.deepEqual([...namesUsedInBody(constBody, constants)].sort(), [...cfg.usedNames].sort());
  // Without the constants every side is kept.
  assert.deepEqual([...namesUsedInBody(constBody)].sort(), ['a', 'b', 'c', 'd']);
});
