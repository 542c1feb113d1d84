/** The whole-program scans read a body's statements without its CFG, in the order of the CFG's nodes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCfg, callsInCfgOrder, forEachNodeStmt, namesUsedInBody } from '../../../main/analysis/cfg';
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
