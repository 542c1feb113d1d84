import { test } from 'node:test';
import assert from 'node:assert/strict';
import { highlightC } from '../../../renderer/model/c-highlight';

test('tokens by type, one array per line', () => {
  const lines = highlightC('#include <x.h>\nstatic int f(void) { return kmalloc(4, GFP); } // hi');
  assert.deepEqual(lines[0], [{ type: 'pp', text: '#include' }, { type: 'plain', text: ' <x.h>' }]);
  assert.deepEqual(lines[1]?.filter((t) => t.type !== 'plain'), [
    { type: 'kw', text: 'static' }, { type: 'type', text: 'int' }, { type: 'fn', text: 'f' }, { type: 'type', text: 'void' },
    { type: 'kw', text: 'return' }, { type: 'fn', text: 'kmalloc' }, { type: 'num', text: '4' }, { type: 'com', text: '// hi' },
  ]);
});

test('block comments carry over lines; strings keep escapes', () => {
  const lines = highlightC('a /* one\ntwo */ b = "x\\"y";');
  assert.deepEqual(lines[0], [{ type: 'plain', text: 'a ' }, { type: 'com', text: '/* one' }]);
  assert.deepEqual(lines[1], [{ type: 'com', text: 'two */' }, { type: 'plain', text: ' b = ' }, { type: 'str', text: '"x\\"y"' }, { type: 'plain', text: ';' }]);
  assert.equal(lines.map((l) => l.map((t) => t.text).join('')).join('\n'), 'a /* one\ntwo */ b = "x\\"y";');
});
