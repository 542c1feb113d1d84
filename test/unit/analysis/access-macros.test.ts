/** Kernel access macros lowered as the assignments they make: after their call, in the CFG and in the scans' order. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessOf } from '../../../main/analysis/access-macros';
import { buildCfg, nodeStmtsOf } from '../../../main/analysis/cfg';
import type { CallStmt, Stmt } from '../../../main/index/facts';

const call = (callee: string, args: string[], target = ''): CallStmt => ({ k: 'call', line: 7, col: 2, callee, indirect: false, args, target, code: '' });

test('store macros assign their value to the place they name', () => {
  assert.deepEqual(accessOf(call('rcu_assign_pointer', ['dev->name', 'name'])), { k: 'assign', line: 7, lhs: 'dev->name', rhs: 'name', decl: false });
  assert.deepEqual(accessOf(call('RCU_INIT_POINTER', ['ht->tbl', 'NULL'])), { k: 'assign', line: 7, lhs: 'ht->tbl', rhs: 'NULL', decl: false });
  assert.deepEqual(accessOf(call('WRITE_ONCE', ['file->f_ep', 'head'])), { k: 'assign', line: 7, lhs: 'file->f_ep', rhs: 'head', decl: false });
  assert.deepEqual(accessOf(call('smp_store_release', ['&table', 't'])), { k: 'assign', line: 7, lhs: 'table', rhs: 't', decl: false });
  assert.deepEqual(accessOf(call('smp_store_release', ['&(d->d_name.name)', 'dname'])), { k: 'assign', line: 7, lhs: 'd->d_name.name', rhs: 'dname', decl: false });
  assert.deepEqual(accessOf(call('smp_store_release', ['slot', 'v'])), { k: 'assign', line: 7, lhs: '*slot', rhs: 'v', decl: false });
});

test('load macros assign the place they read to the call target', () => {
  assert.deepEqual(accessOf(call('rcu_dereference_protected', ['d->name', '1'], 'old')), { k: 'assign', line: 7, lhs: 'old', rhs: 'd->name', decl: false });
  assert.deepEqual(accessOf(call('READ_ONCE', ['sbi->s_flex_groups'], 'groups')), { k: 'assign', line: 7, lhs: 'groups', rhs: 'sbi->s_flex_groups', decl: false });
  assert.deepEqual(accessOf(call('smp_load_acquire', ['&table'], 't')), { k: 'assign', line: 7, lhs: 't', rhs: 'table', decl: false });
});

test('other calls, indirect calls, odd arities and loads without a local target make no assignment', () => {
  assert.equal(accessOf(call('kfree', ['p'])), undefined);
  assert.equal(accessOf({ ...call('rcu_assign_pointer', ['a', 'b']), indirect: true }), undefined);
  assert.equal(accessOf(call('rcu_assign_pointer', ['a'])), undefined);
  assert.equal(accessOf(call('WRITE_ONCE', ['a', 'b', 'c'])), undefined);
  assert.equal(accessOf(call('READ_ONCE', ['x'])), undefined);
  assert.equal(accessOf(call('READ_ONCE', ['x'], 'p->f')), undefined);
  assert.equal(accessOf(call('smp_store_release', ['p->next', 'v'])), undefined);
});

test('the assignment is one statement, the node right after its call, in the CFG and in the scans', () => {
  const publish = call('rcu_assign_pointer', ['d->name', 'name']);
  const body: Stmt[] = [publish, { k: 'return', line: 8, value: '0' }];
  const cfg = buildCfg(body, 9);
  const first = cfg.nodes[cfg.entry];
  assert.equal(first?.kind, 'call');
  const next = cfg.nodes[first?.succ[0] ?? -1];
  assert.equal(next?.kind, 'assign');
  assert.equal(next?.kind === 'assign' ? next.stmt : undefined, accessOf(publish));
  assert.equal(cfg.nodes[next?.succ[0] ?? -1]?.kind, 'return');
  // The scans visit statements in the order buildCfg adds nodes (last first): return, assignment, call.
  assert.deepEqual(nodeStmtsOf(body).map((s) => s.k), ['return', 'assign', 'call']);
  assert.equal(nodeStmtsOf(body)[1], accessOf(publish));
});
