/** Function-like #defines: bodies parsed into IR with real file lines. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankDirectiveComments } from '../../../main/index/extract/directive-comments';
import { allCalls, factsOf, targets } from './extract-helpers';

test('expression macros return their call; statement macros keep their structure', async () => {
  const facts = await factsOf(
    [
      '#define FREE_NODE(n) kfree(n)',
      '#define ALLOC(t) kmalloc(sizeof(t), GFP_KERNEL)',
      '#define NOT_A_CALL(x) ((x) + 1)',
      '#define OBJ_LIKE kmalloc(1, 2)',
      '#define CLEAN(p) do {\t\\',
      '\t\tkfree((p)->buf);\t\\',
      '\t\t(p)->buf = NULL;\t\\',
      '\t} while (0)',
      'int after(void) { return 0; }',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.macros, [
    {
      name: 'FREE_NODE', line: 1, endLine: 1, params: ['n'], guards: [], active: true,
      body: [
        { k: 'call', line: 1, col: 21, callee: 'kfree', indirect: false, args: ['n'], target: 'return', code: '#define FREE_NODE(n) kfree(n)' },
        { k: 'return', line: 1, value: 'kfree(n)' },
      ],
    },
    {
      name: 'ALLOC', line: 2, endLine: 2, params: ['t'], guards: [], active: true,
      body: [
        { k: 'call', line: 2, col: 17, callee: 'kmalloc', indirect: false, args: ['sizeof(t)', 'GFP_KERNEL'], target: 'return', code: '#define ALLOC(t) kmalloc(sizeof(t), GFP_KERNEL)' },
        { k: 'return', line: 2, value: 'kmalloc(sizeof(t), GFP_KERNEL)' },
      ],
    },
    {
      name: 'CLEAN', line: 5, endLine: 8, params: ['p'], guards: [], active: true,
      body: [
        {
          k: 'loop', line: 5, kind: 'do', cond: '0',
          body: [
            { k: 'call', line: 6, col: 2, callee: 'kfree', indirect: false, args: ['p->buf'], target: '', code: 'kfree((p)->buf);\t\\' },
            { k: 'assign', line: 7, lhs: 'p->buf', rhs: 'NULL', decl: false },
          ],
        },
      ],
    },
  ]);
  assert.deepStrictEqual(facts.functions.map((f) => [f.name, f.line]), [['after', 9]]);
});

test('a call through a macro parameter is indirect; macros under #if carry guards', async () => {
  const facts = await factsOf(['#ifdef DEBUG', '#define CALL(fn, x) fn(x)', '#endif'].join('\n'));
  assert.deepStrictEqual(
    facts.macros.map((m) => [m.name, m.guards, m.active, m.body.map((s) => (s.k === 'call' ? [s.callee, s.indirect, s.args] : s.k))]),
    [['CALL', ['DEBUG'], true, [['fn', true, ['x']], 'return']]],
  );
});

test('a body that is not code (an initializer) does not lose the macros after it', async () => {
  // Verbatim from libyaml src/yaml_private.h: STRING's `{ … }` body made tree-sitter nest every
  // later wrapper of the batched parse inside it, so STRING_INIT and STRING_DEL were lost.
  const facts = await factsOf(
    [
      '#define STRING(string,length)   { (string), (string)+(length), (string) }',
      '',
      '#define STRING_ASSIGN(value,string,length)                                      \\',
      '    ((value).start = (string),                                                  \\',
      '     (value).end = (string)+(length),                                           \\',
      '     (value).pointer = (string))',
      '',
      '#define STRING_INIT(context,string,size)                                        \\',
      '    (((string).start = YAML_MALLOC(size)) ?                                     \\',
      '        ((string).pointer = (string).start,                                     \\',
      '         (string).end = (string).start+(size),                                  \\',
      '         memset((string).start, 0, (size)),                                     \\',
      '         1) :                                                                   \\',
      '        ((context)->error = YAML_MEMORY_ERROR,                                  \\',
      '         0))',
      '',
      '#define STRING_DEL(context,string)                                              \\',
      '    (yaml_free((string).start),                                                 \\',
      '     (string).start = (string).pointer = (string).end = 0)',
      '',
    ].join('\n'),
  );
  assert.deepStrictEqual(
    facts.macros.map((m) => [m.name, m.line, m.endLine, allCalls(m.body).map((c) => [c.callee, c.line, c.col, c.args])]),
    [
      ['STRING_INIT', 8, 15, [['YAML_MALLOC', 9, 23, ['size']], ['memset', 12, 9, ['string.start', '0', 'size']]]],
      ['STRING_DEL', 17, 19, [['yaml_free', 18, 5, ['string.start']]]],
    ],
  );
});

test('a macro calling a parameter of every function that expands it makes an indirect call (zlib PULL in inflateBack)', async () => {
  const facts = await factsOf(
    [
      '#define PULL() \\',
      '    do { have = in(in_desc, &next); } while (0)',
      '#define PULLBYTE() \\',
      '    do { PULL(); have--; } while (0)',
      '#define LOG(x) logit(x)',
      'int ZEXPORT inflateBack(strm, in, in_desc)',
      'z_streamp strm;',
      'in_func in;',
      'void FAR *in_desc;',
      '{',
      '    PULLBYTE();',
      '    LOG(1);',
      '    return 0;',
      '}',
      'static int other(int logit) { LOG(logit); return 0; }',
    ].join('\n'),
  );
  assert.deepStrictEqual(
    facts.macros.map((m) => [m.name, allCalls(m.body).map((c) => [c.callee, c.indirect])]),
    [
      ['PULL', [['in', true]]],
      ['PULLBYTE', [['PULL', false]]],
      ['LOG', [['logit', false]]],
    ],
  );
});

test('a comment before a line continuation does not end a macro body (lua checkstackGCp)', async () => {
  const facts = await factsOf(
    [
      '#define checkstackGCp(L,n,p)  \\',
      '  luaD_checkstackaux(L, n, \\',
      "    ptrdiff_t t__ = savestack(L, p);  /* save 'p' */ \\",
      '    luaC_checkGC(L),  /* stack grow uses memory */ \\',
      "    p = restorestack(L, t__))  /* 'pos' part: restore 'p' */",
      'static void after (lua_State *L) { luaD_growstack(L, 1, 1); }',
    ].join('\n'),
  );
  assert.deepStrictEqual(
    facts.macros.map((m) => [m.name, m.line, m.endLine, allCalls(m.body).map((c) => [c.callee, c.line, c.col])]),
    [['checkstackGCp', 1, 5, [['savestack', 3, 20], ['luaD_checkstackaux', 2, 2], ['luaC_checkGC', 4, 4], ['restorestack', 5, 8]]]],
  );
  assert.deepStrictEqual(facts.functions.map((f) => [f.name, f.line, targets(f.body)]), [['after', 6, ['luaD_growstack>']]]);
});

test('only comments inside directives are blanked, never string contents or code comments', () => {
  const text = ['#define A(x) f("/*", x) /* c */ \\', '  + g(x) // tail', 'int a; /* code */', '#if B /* two', ' lines */ + 1', '#endif'].join('\n');
  const out = blankDirectiveComments(text);
  assert.equal(out.length, text.length);
  assert.deepStrictEqual(out.split('\n').map((l) => l.trimEnd()), [
    '#define A(x) f("/*", x)         \\', '  + g(x) // tail', 'int a; /* code */', '#if B', '          + 1', '#endif',
  ]);
});
