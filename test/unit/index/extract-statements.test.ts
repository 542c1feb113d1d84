/** Body IR: call targets of every kind, code lines, assignments and control flow. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Stmt } from '../../../main/index/facts';
import { allCalls, factsOf, fn, targets } from './extract-helpers';

const body = async (src: string): Promise<Stmt[]> => fn(await factsOf(`void f(struct ht *ht, T **out, int i)\n{\n${src}\n}\n`), 'f').body;

test('targets: lvalue, field path, deref, subscript, declaration, return, argument, cond, discarded', async () => {
  const stmts = await body(
    [
      '\tstruct node *n = kzalloc(sizeof(*n), GFP_KERNEL);',
      '\tp = kmalloc(10, GFP_KERNEL);',
      '\tht->table = kcalloc(8, sizeof(void *), GFP_KERNEL);',
      '\t*out = kstrdup(name, GFP_KERNEL);',
      '\tslots[i] = vmalloc(64);',
      '\tkfree(kmemdup(src, 4, GFP_KERNEL));',
      '\tif (check(p))',
      '\t\treturn make(i);',
      '\tlog_it();',
      '\tq = (char *)(kmalloc(1, GFP_KERNEL));',
    ].join('\n'),
  );
  assert.deepStrictEqual(targets(stmts), [
    'kzalloc>n',
    'kmalloc>p',
    'kcalloc>ht->table',
    'kstrdup>*out',
    'vmalloc>slots[i]',
    'kmemdup>kfree(#0)',
    'kfree>',
    'check>cond',
    'make>return',
    'log_it>',
    'kmalloc>q',
  ]);
  assert.deepStrictEqual(allCalls(stmts)[5].args, ['src', '4', 'GFP_KERNEL']);
  assert.deepStrictEqual(allCalls(stmts)[6].args, ['kmemdup(src, 4, GFP_KERNEL)']);
});

test('assignment inside a condition: the call targets the variable, the if tests it', async () => {
  const stmts = await body('\tif (!(p = kmalloc(16, GFP_KERNEL)))\n\t\treturn -ENOMEM;');
  assert.deepStrictEqual(stmts, [
    { k: 'call', line: 3, col: 11, callee: 'kmalloc', indirect: false, args: ['16', 'GFP_KERNEL'], target: 'p', code: 'if (!(p = kmalloc(16, GFP_KERNEL)))' },
    { k: 'if', line: 3, cond: '!p', then: [{ k: 'return', line: 4, value: '-ENOMEM' }], else: [] },
  ]);
});

test('code and line are those of the callee identifier, even across line breaks', async () => {
  const stmts = await body(
    ['\tht->table=(ht_list_t**)kmalloc(sizeof(ht_list_t*)*num_buckets,', '\t\tGFP_KERNEL);', '\targs = (T*)', '\t    kmalloc(sizeof(T), GFP);'].join('\n'),
  );
  assert.deepStrictEqual(
    allCalls(stmts).map((c) => [c.line, c.col, c.target, c.code, c.args]),
    [
      [3, 24, 'ht->table', 'ht->table=(ht_list_t**)kmalloc(sizeof(ht_list_t*)*num_buckets,', ['sizeof(ht_list_t*)*num_buckets', 'GFP_KERNEL']],
      [6, 5, 'args', 'kmalloc(sizeof(T), GFP);', ['sizeof(T)', 'GFP']],
    ],
  );
});

test('plain assignments and initialised declarations become AssignStmts', async () => {
  const stmts = await body('\tchar *q = p;\n\tq = p;\n\ts->f = p;\n\tp = NULL;\n\tint n = (int)  len;');
  assert.deepStrictEqual(stmts, [
    { k: 'assign', line: 3, lhs: 'q', rhs: 'p', decl: true },
    { k: 'assign', line: 4, lhs: 'q', rhs: 'p', decl: false },
    { k: 'assign', line: 5, lhs: 's->f', rhs: 'p', decl: false },
    { k: 'assign', line: 6, lhs: 'p', rhs: 'NULL', decl: false },
    { k: 'assign', line: 7, lhs: 'n', rhs: 'len', decl: true },
  ]);
});

test('ternary branches and || / && conditions (documented approximations)', async () => {
  const stmts = await body('\tx = c ? kmalloc(1, GFP) : NULL;\n\tif (!a || setup(a) < 0)\n\t\tgoto out;\n\tvoid *y = use_cache ? cached() : fresh();\nout:\n\treturn;');
  assert.deepStrictEqual(targets(stmts), ['kmalloc>x', 'setup>cond', 'cached>y', 'fresh>y']);
  assert.deepStrictEqual(
    stmts.filter((s) => s.k !== 'call').map((s) => s.k),
    ['if', 'label', 'return'],
  );
});

test('control flow: loops, do-while, switch with case markers, goto/label, break/continue', async () => {
  const stmts = await body(
    [
      '\twhile ((n = next(it)) != NULL) {',
      '\t\tif (n->skip)',
      '\t\t\tcontinue;',
      '\t\tbreak;',
      '\t}',
      '\tfor (i = 0; i < 4; i++)',
      '\t\tdo_it(i);',
      '\tdo {',
      '\t\tstep();',
      '\t} while (more());',
      '\tswitch (mode) {',
      '\tcase 1:',
      '\t\tone();',
      '\tdefault:',
      '\t\tbreak;',
      '\t}',
      '\tgoto err;',
      'err:',
      '\tkfree(p);',
    ].join('\n'),
  );
  const shape = (list: Stmt[]): unknown[] =>
    list.map((s) => {
      switch (s.k) {
        case 'call': return `${s.line}:call ${s.callee}>${s.target}`;
        case 'loop': return [`${s.line}:${s.kind} ${s.cond}`, shape(s.body)];
        case 'if': return [`${s.line}:if ${s.cond}`, shape(s.then), shape(s.else)];
        case 'switch': return [`${s.line}:switch ${s.cond}`, shape(s.body)];
        case 'case': return `${s.line}:case ${s.value}`;
        case 'assign': return `${s.line}:${s.lhs}=${s.rhs}`;
        case 'goto': return `${s.line}:goto ${s.label}`;
        case 'label': return `${s.line}:label ${s.name}`;
        case 'return': return `${s.line}:return ${s.value}`;
        default: return `${s.line}:${s.k}`;
      }
    });
  assert.deepStrictEqual(shape(stmts), [
    '3:call next>n',
    ['3:while n != NULL', [['4:if n->skip', ['5:continue'], []], '6:break']],
    '8:i=0',
    ['8:for i < 4', ['9:call do_it>']],
    ['10:do more()', ['11:call step>', '12:call more>cond']],
    ['13:switch mode', ['14:case 1', '15:call one>', '16:case default', '17:break']],
    '19:goto err',
    '20:label err',
    '21:call kfree>',
  ]);
});

test('indirect calls: struct field, (*fp), function-pointer parameter, local and global', async () => {
  const facts = await factsOf(
    [
      'static void (*global_cb)(int);',
      'void run(struct file_operations *ops, void (*cb)(int), struct file *f)',
      '{',
      '\tvoid (*fp)(int) = pick();',
      '\tops->open(f);',
      '\t(*fp)(1);',
      '\tcb(2);',
      '\tfp(3);',
      '\tglobal_cb(4);',
      '\t(*real_fn)(5);',
      '\tdirect(6);',
      '}',
    ].join('\n'),
  );
  assert.deepStrictEqual(
    allCalls(fn(facts, 'run').body).map((c) => [c.callee, c.indirect]),
    [['pick', false], ['ops->open', true], ['(*fp)', true], ['cb', true], ['fp', true], ['global_cb', true], ['real_fn', false], ['direct', false]],
  );
});

test('locals map names to declared types', async () => {
  const facts = await factsOf('void f(void)\n{\n\tstruct ht *ht, **pp;\n\tint n[4];\n\tconst char *name = "x";\n\tvoid (*cb)(int);\n}\n');
  assert.deepStrictEqual(fn(facts, 'f').locals, { ht: 'struct ht *', pp: 'struct ht **', n: 'int []', name: 'const char *', cb: 'void (*)()' });
});

test('iterator macros (list_for_each_entry { … }, for_each_cpu(i) stmt;) are loops', async () => {
  const stmts = await body('\tlist_for_each_entry(pos, &head->list, member) {\n\t\tkfree(pos);\n\t}\n\tfor_each_cpu(i)\n\t\tput(i);\n\tscoped(x) {\n\t\tonce();\n\t}\n\tfor_each_node(n) {\n\t\tvisit(n);\n\t}');
  const shape = stmts.map((s) => (s.k === 'loop' ? [s.line, s.kind, s.cond, targets(s.body)] : s.k === 'call' ? `${s.line}:${s.callee}` : s.k));
  assert.deepStrictEqual(shape, [
    '3:list_for_each_entry',
    [3, 'for', 'list_for_each_entry(pos, &head->list, member)', ['kfree>']],
    '6:for_each_cpu',
    [6, 'for', 'for_each_cpu(i)', ['put>']],
    '8:scoped',
    '9:once',
    '11:for_each_node',
    [11, 'for', 'for_each_node(n)', ['visit>']],
  ]);
});

test('an if whose condition is a bare macro call keeps its statement (lua markkey)', async () => {
  const facts = await factsOf(
    [
      '#define markkey(g, n)\t{ if keyiswhite(n) reallymarkobject(g,gckey(n)); }',
      '#if defined(LUA_DEBUG)',
      'static void f (global_State *g) {',
      '  if iswhite(g)  mark(g, 1);',
      '}',
      '#endif',
    ].join('\n'),
  );
  assert.deepStrictEqual(
    facts.macros.map((m) => [m.name, m.body.map((s) => s.k), allCalls(m.body).map((c) => [c.callee, c.col, c.target])]),
    [['markkey', ['call', 'if'], [['keyiswhite', 27, 'cond'], ['gckey', 60, 'reallymarkobject(#1)'], ['reallymarkobject', 41, '']]]],
  );
  assert.deepStrictEqual(facts.functions.map((f) => [f.name, f.guards, f.body.map((s) => s.k), allCalls(f.body).map((c) => [c.callee, c.col])]), [
    ['f', ['defined(LUA_DEBUG)'], ['call', 'if'], [['iswhite', 5], ['mark', 17]]],
  ]);
});

test('a call with a type among its macro arguments is a call, though the parser reads it as a type or a declaration', async () => {
  const stmts = await body(
    [
      '\t__fput(container_of(work, struct file, f_rcuhead));',
      '\tkfree(list_entry(work, struct file *, f_rcuhead));',
      '\tput_item(list_first_entry(l, struct item, node), 1);',
      '\tdone(i);',
    ].join('\n'),
  );
  const calls = allCalls(stmts).map((c) => `${c.line}:${c.callee}(${c.args.join(', ')})>${c.target}`);
  assert.deepStrictEqual(calls, [
    '3:container_of(work, struct file, f_rcuhead)>__fput(#0)',
    '3:__fput(container_of(work, struct file, f_rcuhead))>',
    '4:list_entry(work, struct file *, f_rcuhead)>kfree(#0)',
    '4:kfree(list_entry(work, struct file *, f_rcuhead))>',
    '5:list_first_entry(l, struct item, node)>put_item(#0)',
    '5:put_item(list_first_entry(l, struct item, node), 1)>',
    '6:done(i)>',
  ]);
});
