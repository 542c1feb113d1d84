/** Preprocessor branches: three-valued #if, guards, include guards, #if inside bodies. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { factsOf, fn, targets } from './extract-helpers';

const KERNEL = { defines: { CONFIG_SMP: '1', CONFIG_NR_CPUS: '64' }, undefines: ['DEBUG'], undefinedPrefixes: ['CONFIG_'] };

test('#if 0 is inactive; unknown conditions keep both branches active with their guards', async () => {
  const facts = await factsOf(
    [
      '#if 0',
      'void dead(void) { }',
      '#endif',
      '#ifdef HAVE_X',
      'void with_x(void) { }',
      '#else',
      'void without_x(void) { }',
      '#endif',
      '#if defined(A) && B > 2',
      'void ab(void) { }',
      '#elif C',
      'void c(void) { }',
      '#endif',
    ].join('\n'),
  );
  assert.deepStrictEqual(
    facts.functions.map((f) => [f.name, f.active, f.guards]),
    [
      ['dead', false, ['0']],
      ['with_x', true, ['HAVE_X']],
      ['without_x', true, ['!HAVE_X']],
      ['ab', true, ['defined(A) && B > 2']],
      ['c', true, ['!(defined(A) && B > 2)', 'C']],
    ],
  );
});

test('defines, undefines and undefined prefixes decide branches', async () => {
  const facts = await factsOf(
    [
      '#ifdef CONFIG_SMP',
      'static void lock_it(void) { smp_lock(); }',
      '#else',
      'static void lock_it(void) { up_lock(); }',
      '#endif',
      '#if CONFIG_NR_CPUS > 32 && !defined(DEBUG)',
      'void big(void) { }',
      '#endif',
      '#if IS_ENABLED(CONFIG_NUMA) || defined(CONFIG_HOTPLUG)',
      'void numa(void) { }',
      '#endif',
      '#ifndef CONFIG_NUMA',
      'void flat(void) { }',
      '#endif',
      '#if defined(UNKNOWN) && 0',
      'void never(void) { }',
      '#endif',
    ].join('\n'),
    KERNEL,
  );
  assert.deepStrictEqual(
    facts.functions.map((f) => [f.name, f.active, f.guards, targets(f.body)]),
    [
      ['lock_it', true, ['CONFIG_SMP'], ['smp_lock>']],
      ['lock_it', false, ['!CONFIG_SMP'], ['up_lock>']],
      ['big', true, ['CONFIG_NR_CPUS > 32 && !defined(DEBUG)'], []],
      ['numa', false, ['IS_ENABLED(CONFIG_NUMA) || defined(CONFIG_HOTPLUG)'], []],
      ['flat', true, ['!CONFIG_NUMA'], []],
      ['never', false, ['defined(UNKNOWN) && 0'], []],
    ],
  );
});

test('include guards are active and unguarded; a file-local #define feeds later #ifs', async () => {
  const facts = await factsOf(
    ['#ifndef FOO_H', '#define FOO_H', '#define USE_FAST 1', '#if USE_FAST', 'static inline int fast(void) { return 1; }', '#else', 'static inline int slow(void) { return 0; }', '#endif', '#endif'].join('\n'),
  );
  assert.deepStrictEqual(
    facts.functions.map((f) => [f.name, f.active, f.guards, f.static, f.inline]),
    [
      ['fast', true, ['USE_FAST'], true, true],
      ['slow', false, ['!USE_FAST'], true, true],
    ],
  );
});

test('#ifdef inside a body keeps active branches (both when unknown) and drops inactive ones', async () => {
  const src = ['void f(void)', '{', '#ifdef CONFIG_SMP', '\tsmp();', '#else', '\tup();', '#endif', '#if 0', '\tdead();', '#endif', '#ifdef TRACE', '\ttrace();', '#endif', '\tdone();', '}'].join('\n');
  assert.deepStrictEqual(targets(fn(await factsOf(src), 'f').body), ['smp>', 'up>', 'trace>', 'done>']);
  assert.deepStrictEqual(targets(fn(await factsOf(src, KERNEL), 'f').body), ['smp>', 'trace>', 'done>']);
});

test('#ifdef … #else inside a body is an if on the directive: only one branch is ever compiled', async () => {
  const src = ['void f(void)', '{', '#ifdef CONFIG_SMP', '\tsmp();', '#else', '\tup();', '#endif', '#ifdef TRACE', '\ttrace();', '#endif', '\tdone();', '}'].join('\n');
  const body = fn(await factsOf(src), 'f').body;
  assert.deepStrictEqual(body.map((s) => s.k), ['if', 'call', 'call']);
  const first = body[0];
  assert.ok(first?.k === 'if');
  assert.deepStrictEqual([first.line, first.cond, targets(first.then), targets(first.else)], [3, 'defined(CONFIG_SMP)', ['smp>'], ['up>']]);
  // With the kernel's defines one branch is live, and it reads as plain statements.
  assert.deepStrictEqual(fn(await factsOf(src, KERNEL), 'f').body.map((s) => s.k), ['call', 'call', 'call']);
});

test('#if … #elif … #else inside a body is an if chain on each directive\'s own condition', async () => {
  const src = ['int f(void)', '{', '#if N > 2', '\ta();', '#elif !defined(B)', '\tb();', '#else', '\tc();', '#endif', '\treturn 0;', '}'].join('\n');
  const [chain] = fn(await factsOf(src), 'f').body;
  assert.ok(chain?.k === 'if');
  assert.deepStrictEqual([chain.line, chain.cond, targets(chain.then)], [3, 'N > 2', ['a>']]);
  const inner = chain.else[0];
  assert.ok(inner?.k === 'if' && chain.else.length === 1);
  assert.deepStrictEqual([inner.line, inner.cond, targets(inner.then), targets(inner.else)], [5, '!defined(B)', ['b>'], ['c>']]);
});
