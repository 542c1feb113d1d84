/** The parser loader: wasm found under tsx, trees parse C and can be deleted. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCParser } from '../../../main/index/parser';

test('loadCParser parses C into a tree-sitter tree', async () => {
  const parser = await loadCParser();
  const tree = parser.parse('int main(void) { return 0; }\n');
  try {
    assert.equal(tree.rootNode.type, 'translation_unit');
    assert.deepStrictEqual(tree.rootNode.namedChildren.map((c) => c?.type), ['function_definition']);
  } finally {
    tree.delete();
  }
});

test('two parsers share one runtime and parse independently', async () => {
  const [a, b] = await Promise.all([loadCParser(), loadCParser()]);
  const ta = a.parse('int x;');
  const tb = b.parse('void f(void) {}');
  assert.equal(ta.rootNode.namedChildren[0]?.type, 'declaration');
  assert.equal(tb.rootNode.namedChildren[0]?.type, 'function_definition');
  ta.delete();
  tb.delete();
});
