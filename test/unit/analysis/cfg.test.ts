/** The CFG built from the IR: constant conditions, gotos, loops, switch fall-through. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCfg, onCycle } from '../../../main/analysis/cfg';
import type { Stmt } from '../../../main/index/facts';

const call = (line: number, callee: string, args: string[] = [], target = ''): Stmt => ({ k: 'call', line, col: 0, callee, indirect: false, args, target, code: '' });

/** Lines of the statements reachable from the entry. */
function reachableLines(body: Stmt[]): number[] {
  const cfg = buildCfg(body, 99);
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

test('cfg: code under if (0) is unreachable, the else branch is taken', () => {
  const body: Stmt[] = [{ k: 'if', line: 1, cond: '0', then: [call(2, 'a')], else: [call(3, 'b')] }, call(4, 'c')];
  assert.deepEqual(reachableLines(body), [3, 4]);
});

test('cfg: a goto skips to its label; statements after a return are unreachable', () => {
  const body: Stmt[] = [call(1, 'a'), { k: 'goto', line: 2, label: 'out' }, call(3, 'skipped'), { k: 'label', line: 4, name: 'out' }, call(5, 'b'), { k: 'return', line: 6, value: '0' }, call(7, 'dead')];
  assert.deepEqual(reachableLines(body), [1, 5]);
});

test('cfg: while (1) has no exit but through break; a loop body is on a cycle', () => {
  const body: Stmt[] = [{ k: 'loop', line: 1, kind: 'while', cond: '1', body: [call(2, 'work'), { k: 'if', line: 3, cond: 'done', then: [{ k: 'break', line: 4 }], else: [] }] }, call(5, 'after')];
  const cfg = buildCfg(body, 9);
  const work = cfg.nodes.findIndex((n) => n.kind === 'call' && n.line === 2);
  const after = cfg.nodes.findIndex((n) => n.kind === 'call' && n.line === 5);
  assert.equal(onCycle(cfg, work), true);
  assert.equal(onCycle(cfg, after), false);
  assert.deepEqual(reachableLines(body), [2, 5]);
});

test('cfg: switch without default can skip every case; cases fall through', () => {
  const body: Stmt[] = [{ k: 'switch', line: 1, cond: 'x', body: [{ k: 'case', line: 2, value: '1' }, call(3, 'one'), { k: 'case', line: 4, value: '2' }, call(5, 'two'), { k: 'break', line: 6 }] }, call(7, 'after')];
  const cfg = buildCfg(body, 9);
  const sw = cfg.nodes.find((n) => n.kind === 'switch');
  assert.equal(sw?.succ.length, 3);
  const one = cfg.nodes.findIndex((n) => n.kind === 'call' && n.line === 3);
  const two = cfg.nodes.findIndex((n) => n.kind === 'call' && n.line === 5);
  assert.deepEqual(cfg.nodes[one]?.succ, [cfg.nodes.findIndex((n) => n.kind === 'nop' && n.line === 4)]);
  assert.ok(two >= 0);
});
