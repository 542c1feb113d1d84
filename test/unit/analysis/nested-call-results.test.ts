/**
 * An allocation passed straight into another call (`strlen(make_copy(s))`) lives only in
 * that argument: a callee known to only read it loses it; a callee nothing is known
 * about is assumed to keep it (and the evidence says so); strcpy-like readers hand it
 * back as their result.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { passesOf, verdicts } from './helpers';

const DECLS = `void *malloc(unsigned long n);
void free(void *p);
unsigned long strlen(const char *s);
char *strcpy(char *dst, const char *src);
int puts(const char *s);
void keep_somewhere(char *p);
`;

/** Verdict and evidence (or suspect detail) of the allocation site on a line of the file (the declarations take lines 1–6). */
async function verdictAt(body: string, line: number): Promise<{ verdict: string; words: string }> {
  const text = DECLS + body;
  const view = await passesOf({ 'n.c': text });
  const got = verdicts(view);
  const site = view.sites.find((s) => s.kind !== 'free' && s.line === line);
  assert.ok(site, `no allocation on line ${line}`);
  const cleared = view.passes.flatMap((p) => p.cleared).find((c) => c.site === site.id);
  const suspect = view.details.find((d) => d.site === site.id);
  return { verdict: got.get(site.id) ?? 'none', words: cleared?.evidence.text ?? suspect?.detail ?? '' };
}

test('nested results: a known reader (puts) loses a malloc passed straight to it', async () => {
  const r = await verdictAt(`void show(void)\n{\n\tputs(malloc(8));\n}\n`, 9);
  assert.deepEqual(r, { verdict: 'suspect never-freed', words: 'never freed: on the path to line 9: it is passed at line 9 straight to puts(), which only reads it, and no pointer to it is kept' });
});

test('nested results: an unknown external is assumed to keep it, and the evidence says so', async () => {
  const r = await verdictAt(`void stash(void)\n{\n\tkeep_somewhere(malloc(8));\n}\n`, 9);
  assert.deepEqual(r, { verdict: 'handed-off', words: 'Handed at line 9 to keep_somewhere(), outside this project and not known to only read its arguments, so it is assumed to keep it' });
});

test('nested results: strcpy hands its destination back, so the copy freed through its result is cleared', async () => {
  const r = await verdictAt(`void copy(const char *s)\n{\n\tchar *d = strcpy(malloc(8), s);\n\tputs(d);\n\tfree(d);\n}\n`, 9);
  assert.deepEqual(r, { verdict: 'freed-locally', words: 'Freed by free() at line 11' });
});

test('nested results: strcpy result passed on to a reader is still lost', async () => {
  const r = await verdictAt(`unsigned long copy_len(const char *s)\n{\n\treturn strlen(strcpy(malloc(8), s));\n}\n`, 9);
  assert.equal(r.verdict, 'suspect never-freed');
  assert.equal(r.words, 'never freed: on the path to line 9: it is passed at line 9 straight to strlen(), which only reads it, and no pointer to it is kept');
});

test('nested results: a project function is not trusted to only read it (its summary may miss a release)', async () => {
  const r = await verdictAt(`static void show_it(char *p)\n{\n\tputs(p);\n}\n\nvoid show_copy(void)\n{\n\tshow_it(malloc(8));\n}\n`, 14);
  assert.deepEqual(r, { verdict: 'handed-off', words: 'Handed at line 14 to show_it(), whose use of it cannot be followed, so it is assumed to keep it' });
});

test('nested results: a name in both tables (rcu_assign_pointer) keeps the block', async () => {
  const r = await verdictAt(`struct s { char *buf; };\nvoid publish(struct s *x)\n{\n\trcu_assign_pointer(x->buf, malloc(8));\n}\n`, 10);
  assert.deepEqual(r, { verdict: 'handed-off', words: 'Handed at line 10 to rcu_assign_pointer(), outside this project and not known to only read its arguments, so it is assumed to keep it' });
});

test('nested results: a result discarded or only tested is dropped at once, in words that read', async () => {
  const dropped = await verdictAt(`void drop(void)\n{\n\tmalloc(8);\n}\n`, 9);
  assert.deepEqual(dropped, { verdict: 'suspect never-freed', words: 'never freed: on the path to line 9: it is dropped at once: the result of malloc() at line 9 is discarded, so nothing can free it' });
  const tested = await verdictAt(`int probe(void)\n{\n\tif (!malloc(8))\n\t\treturn -1;\n\treturn 0;\n}\n`, 9);
  assert.deepEqual(tested, { verdict: 'suspect never-freed', words: 'never freed: on the path to line 9: it is dropped at once: the result of malloc() at line 9 is only tested, so nothing can free it' });
});
