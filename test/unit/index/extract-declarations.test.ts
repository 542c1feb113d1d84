/** File-scope globals, structs and typedefs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allCalls, factsOf, fn } from './extract-helpers';

test('globals: static, extern, pointers and function pointers; prototypes are not globals', async () => {
  const facts = await factsOf(
    ['static struct ht *table;', 'extern int count;', 'char *names[4], *one = NULL;', 'static void (*hook)(int);', 'int proto(void);', 'static int helper(int);'].join('\n'),
  );
  assert.deepStrictEqual(facts.globals, [
    { name: 'table', line: 1, static: true, type: 'struct ht *', extern: false },
    { name: 'count', line: 2, static: false, type: 'int', extern: true },
    { name: 'names', line: 3, static: false, type: 'char *[]', extern: false },
    { name: 'one', line: 3, static: false, type: 'char *', extern: false },
    { name: 'hook', line: 4, static: true, type: 'void (*)()', extern: false },
  ]);
});

test('globals declared through a storage macro (bc\'s EXTERN) are globals of the real type; a macro-wrecked prototype is not one', async () => {
  const facts = await factsOf(['EXTERN int break_label;', 'EXTERN char  *genstr  INIT(NULL);', 'EXTERN char **f_names;', 'GLOBAL const char *name;', 'EXTERN int lookup (char *name, int kind);'].join('\n'));
  assert.deepStrictEqual(facts.globals, [
    { name: 'break_label', line: 1, static: false, type: 'int', extern: true },
    { name: 'genstr', line: 2, static: false, type: 'char *', extern: true },
    { name: 'f_names', line: 3, static: false, type: 'char **', extern: true },
    { name: 'name', line: 4, static: false, type: 'const char *', extern: true },
  ]);
});

test('structs with field types, nested and typedef-named anonymous structs; typedefs', async () => {
  const facts = await factsOf(
    [
      'struct ht {',
      '\tstruct ht_list **table;',
      '\tunsigned int size;',
      '\tstruct inner { char *buf; } in;',
      '\tint (*hash)(const void *);',
      '};',
      'typedef struct { void *data; } blob_t;',
      'typedef struct ht ht_t, *ht_p;',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.structs, [
    { name: 'inner', line: 4, fields: { buf: 'char *' } },
    { name: 'ht', line: 1, fields: { table: 'struct ht_list **', size: 'unsigned int', in: 'struct inner', hash: 'int (*)()' } },
    { name: 'blob_t', line: 7, fields: { data: 'void *' } },
  ]);
  assert.deepStrictEqual(facts.typedefs, [
    { name: 'blob_t', type: 'struct blob_t' },
    { name: 'ht_t', type: 'struct ht' },
    { name: 'ht_p', type: 'struct ht *' },
  ]);
});

test('a declaration through a function typedef that the file defines is a function: no global, direct calls unless shadowed', async () => {
  const facts = await factsOf(
    [
      'typedef int Processor(int parser, const char *s);',
      'static Processor epilogProcessor;',
      'static Processor *current;',
      'static int doContent(int parser) {',
      '  current = epilogProcessor;',
      '  current(parser, 0);',
      '  return epilogProcessor(parser, 0);',
      '}',
      'static int shadowed(Processor *epilogProcessor) {',
      '  return epilogProcessor(1, 0);',
      '}',
      '#define RUN(p) epilogProcessor(p, 0)',
      'static int epilogProcessor(int parser, const char *s) {',
      '  return parser;',
      '}',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.globals.map((g) => g.name), ['current']);
  assert.deepStrictEqual(allCalls(fn(facts, 'doContent').body).map((c) => [c.callee, c.indirect]), [['current', true], ['epilogProcessor', false]]);
  assert.deepStrictEqual(allCalls(fn(facts, 'shadowed').body).map((c) => [c.callee, c.indirect]), [['epilogProcessor', true]]);
  assert.deepStrictEqual(allCalls(facts.macros[0]?.body ?? []).map((c) => [c.callee, c.indirect]), [['epilogProcessor', false]]);
});
