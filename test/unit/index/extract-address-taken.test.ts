/** Where function addresses are taken: initializers, arguments, assignments. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { factsOf } from './extract-helpers';

test('designated and positional initializers at file scope', async () => {
  const facts = await factsOf(
    [
      'static const struct file_operations foo_fops = {',
      '\t.owner = THIS_MODULE,',
      '\t.open = foo_open,',
      '\t.release = &foo_release,',
      '};',
      'static struct handler table[] = { { "a", handle_a }, { "b", handle_b } };',
    ].join('\n'),
  );
  assert.deepStrictEqual(
    facts.addressTaken.map((a) => [a.name, a.line, a.in, a.how, a.field]),
    [
      ['foo_open', 3, '', 'initializer', 'open'],
      ['foo_release', 4, '', 'initializer', 'release'],
      ['handle_a', 6, '', 'initializer', ''],
      ['handle_b', 6, '', 'initializer', ''],
    ],
  );
});

test('arguments, assignments and &fn inside a function; locals and params are not reported', async () => {
  const facts = await factsOf(
    [
      'int start(struct ops *ops, void *arg)',
      '{',
      '\tpthread_t t;',
      '\tvoid (*local)(void) = pick;',
      '\tkernel_thread(worker_fn, arg, 0);',
      '\tpthread_create(&t, NULL, thread_main, arg);',
      '\tregister_x(&my_handler);',
      '\tops->cb = on_event;',
      '\tglobal_fp = on_timer;',
      '\tuse(local);',
      '\treturn 0;',
      '}',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.addressTaken, [
    { name: 'pick', line: 4, in: 'start', how: 'assignment', field: '', callee: '', argIndex: -1 },
    { name: 'worker_fn', line: 5, in: 'start', how: 'argument', field: '', callee: 'kernel_thread', argIndex: 0 },
    { name: 'thread_main', line: 6, in: 'start', how: 'argument', field: '', callee: 'pthread_create', argIndex: 2 },
    { name: 'my_handler', line: 7, in: 'start', how: 'argument', field: '', callee: 'register_x', argIndex: 0 },
    { name: 'on_event', line: 8, in: 'start', how: 'assignment', field: 'cb', callee: '', argIndex: -1 },
    { name: 'on_timer', line: 9, in: 'start', how: 'assignment', field: '', callee: '', argIndex: -1 },
  ]);
});

test('file-scope registrations written without their semicolon still register their function', async () => {
  const facts = await factsOf(
    [
      'static int __init init_foo(void) { return 0; }',
      'static void __exit exit_foo(void) { }',
      'static int bar(void) { return 0; }',
      'subsys_initcall(with_semicolon);',
      '#if 0',
      'module_init(never_built)',
      '#endif',
      'module_init(init_foo)',
      'module_exit(exit_foo)',
      'late_initcall(late_foo) /* runs last */',
      '',
      'static int after(struct volume_header *vh) {',
      '\treturn check(vh);',
      '}',
    ].join('\n'),
  );
  assert.deepStrictEqual(
    facts.addressTaken.map((a) => [a.name, a.line, a.how, a.callee]),
    [
      ['with_semicolon', 4, 'argument', 'subsys_initcall'],
      ['init_foo', 8, 'argument', 'module_init'],
      ['exit_foo', 9, 'argument', 'module_exit'],
      ['late_foo', 10, 'argument', 'late_initcall'],
    ],
  );
  // The function after them is itself, not a definition of `module_exit` (Linux fs/efs/super.c).
  assert.deepStrictEqual(facts.functions.map((f) => [f.name, f.line]), [['init_foo', 1], ['exit_foo', 2], ['bar', 3], ['after', 12]]);
});
