/** Smoke test: the extractor finds functions and flat calls, and survives garbage. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCParser } from '../../../main/index/parser';
import { extractFacts, NO_DEFINES } from '../../../main/index/extract/index';

test('functions and their calls', async () => {
  const parser = await loadCParser();
  const facts = extractFacts(parser, 'static int f(int a)\n{\n\treturn g(a) + h();\n}\nint h(void) { return 1; }\n', 'a.c', 'x', NO_DEFINES);
  assert.deepStrictEqual(
    facts.functions.map((f) => [f.name, f.line, f.endLine, f.static]),
    [['f', 1, 4, true], ['h', 5, 5, false]],
  );
  const calls = facts.functions[0].body.filter((s) => s.k === 'call').map((s) => (s.k === 'call' ? s.callee : ''));
  assert.deepStrictEqual(calls, ['g', 'h']);
});

test('never throws on binary garbage', async () => {
  const parser = await loadCParser();
  const facts = extractFacts(parser, '\u0000\u0001{{{(((/*', 'b.c', 'x', NO_DEFINES);
  assert.equal(facts.functions.length, 0);
  assert.ok(facts.warnings.length > 0);
});
