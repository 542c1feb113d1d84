/** `leakscope passes` arguments, the text report and the write-up's embedded snapshots. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePassesArgs, formatPassesText } from '../../../main/commands/passes-command';
import { renderWriteup } from '../../../main/report/markdown';
import type { PassesView } from '../../../main/analysis/run-passes';
import { newInvestigation } from '../../../main/analysis/investigation';
import { passesOf, programOf } from './helpers';

const SOURCE = `void *malloc(unsigned long n);
void free(void *p);
int ok(void) { char *p = malloc(4); if (!p) return -1; free(p); return 0; }
int bad(int e) { char *q = malloc(4); if (e) return -1; free(q); return 0; }
`;

test('passes args: DIR with --json, --markdown, --cache; mistakes are usage errors', () => {
  assert.deepEqual(parsePassesArgs(['src', '--json']), { dir: 'src', json: true, markdown: false, cacheDir: undefined });
  assert.deepEqual(parsePassesArgs(['--markdown', '--cache', '/tmp/c', 'src']), { dir: 'src', json: false, markdown: true, cacheDir: '/tmp/c' });
  assert.deepEqual(parsePassesArgs(['src', '--no-cache']), { dir: 'src', json: false, markdown: false, cacheDir: null });
  assert.equal(parsePassesArgs(['-h']), 'help');
  assert.throws(() => parsePassesArgs([]), /missing DIR/);
  assert.throws(() => parsePassesArgs(['a', '--json', '--markdown']), /cannot be used together/);
  assert.throws(() => parsePassesArgs(['a', '--frobnicate']), /unknown option --frobnicate/);
});

test('passes text: what each pass cleared, then "That leaves us with", then the suspects', async () => {
  const program = await programOf({ 'a.c': SOURCE });
  const view = await passesOf({ 'a.c': SOURCE });
  const text = formatPassesText(view, program.graph, new Set(['malloc', 'free']));
  assert.match(text, /Pass 3: Freed in the function that allocated it, on every path \[freed-locally\]\n {2}a\.c:3 ok: int ok\(void\)/);
  assert.match(text, /That leaves us with 1 malloc:/);
  assert.match(text, /Suspects \(1\):\n {2}\[freed-on-some-paths\] a\.c:4 bad: /);
  assert.match(text, /leaks on the path through line 4 \(e is true\) to line 4/);
});

test('write-up: per-pass images are embedded under their pass heading; manual clears carry the note', async () => {
  const program = await programOf({ 'a.c': SOURCE });
  const { runPasses, DEFAULT_PASS_ORDER } = await import('../../../main/analysis/run-passes');
  const { addManualClear } = await import('../../../main/analysis/investigation');
  const bad = program.graph.sites.find((s) => s.function === 'bad' && s.kind === 'alloc');
  assert.ok(bad);
  const inv = addManualClear(newInvestigation(DEFAULT_PASS_ORDER), 'function', 'bad', 'checked by hand: e is never set', new Date(0), 'm1');
  const view: PassesView = runPasses(program, inv);
  assert.deepEqual(view.suspects, []);
  const manual = view.passes.find((p) => p.name === 'manual');
  assert.deepEqual(manual?.cleared.map((c) => [c.site, c.evidence.text]), [
    ['a.c:4:free', 'cleared by hand (function bad): checked by hand: e is never set'],
    [bad.id, 'cleared by hand (function bad): checked by hand: e is never set'],
  ]);
  const md = renderWriteup(view, program.graph, { project: 'demo', builtinApis: new Set(['malloc', 'free']), images: { 'freed-locally': ['pass-3.png'] } });
  assert.match(md, /## Pass 3: Freed in the function that allocated it, on every path\n\n!\[Pass 3: Freed in the function that allocated it, on every path\]\(pass-3\.png\)\n/);
  assert.match(md, /No suspects: every allocation is accounted for\./);
});
