/**
 * The leak-pattern suite (test/fixtures/leaks): each file has a leaking function and
 * its correct twin; a marker on every allocation line says whether the passes must
 * keep it a suspect (with which reason) or clear it (by which pass).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { passesOf, verdicts } from './helpers';

const DIR = path.join(__dirname, '../../fixtures/leaks');
const MARKER = /\/\* expect: ([^*]+?) \*\//;

for (const file of readdirSync(DIR).filter((f) => f.endsWith('.c')).sort()) {
  test(`leak suite: ${file}`, async () => {
    const text = readFileSync(path.join(DIR, file), 'utf8');
    const expected = new Map<number, string>();
    text.split('\n').forEach((line, i) => {
      const m = MARKER.exec(line);
      if (m?.[1]) expected.set(i + 1, m[1]);
    });
    const view = await passesOf({ [file]: text });
    const got = verdicts(view);
    const actual = new Map<number, string>();
    for (const s of view.sites) if (s.kind !== 'free') actual.set(s.line, got.get(s.id) ?? 'neither cleared nor suspect');
    assert.deepEqual(Object.fromEntries(actual), Object.fromEntries(expected));
  });
}

test('leak suite: as many correct twins as leaks', () => {
  let leaks = 0;
  let twins = 0;
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.c'))) {
    const text = readFileSync(path.join(DIR, file), 'utf8');
    leaks += (text.match(/_leaky\(/g) ?? []).length > 0 ? 1 : 0;
    twins += (text.match(/_ok\(/g) ?? []).length > 0 ? 1 : 0;
  }
  assert.equal(leaks, twins);
  assert.ok(leaks >= 11);
});

/** The words the passes give a site of one fixture: its clearing's evidence, or its suspect detail. */
async function wordsFor(file: string, line: number, api: string): Promise<string | undefined> {
  const view = await passesOf({ [file]: readFileSync(path.join(DIR, file), 'utf8') });
  const site = `${file}:${line}:${api}`;
  return view.passes.flatMap((p) => p.cleared).find((c) => c.site === site)?.evidence.text ?? view.details.find((d) => d.site === site)?.detail;
}

test('leak suite: a put that frees on the last reference is named as such in the evidence', async () => {
  assert.equal(
    await wordsFor('refcount-put.c', 33, 'kmalloc'),
    'When the allocation fails (checked at line 34) there is nothing to free; handed at line 41 to putname(), which releases it, freeing it when the last reference goes (refcount-put.c:14:kfree); handed at line 38 to putname(), which releases it, freeing it when the last reference goes (refcount-put.c:14:kfree)',
  );
});

test('leak suite: a field released by a put is named with the put and where it is called', async () => {
  assert.equal(
    await wordsFor('put-in-teardown.c', 36, 'malloc'),
    'When the allocation fails (checked at line 37) there is nothing to free; kept in c->in (struct conn.in): released by buf_put() in conn_close(), which frees it when the last reference goes',
  );
});

test('leak suite: a wrapper left a suspect names the callers whose results are not cleared', async () => {
  assert.equal(
    await wordsFor('refill-if-null.c', 8, 'calloc'),
    'no rule accounts for how it ends at line 13: returned to callers whose results are not all cleared (not cleared: refill-if-null.c:19:grab_slots)',
  );
});

test('leak suite: a constructor whose struct is freed only on its own error path hands the struct out, and says so', async () => {
  assert.equal(
    await wordsFor('constructor-error-path.c', 40, 'malloc'),
    "When the allocation fails (checked at line 41) there is nothing to free; kept in k->p (struct key.p): kept in struct key.p; the only free of a struct key found in this project is key_new_ok()'s own error path, so its owner outside the project releases it",
  );
});

test('leak suite: a macro that assigns its argument hands the block back in it, and says so', async () => {
  assert.equal(
    await wordsFor('macro-assigns-argument.c', 11, 'strdup'),
    'Handed back in its argument dst by COPY_INTO() to its one caller: copy_ok() at macro-assigns-argument.c:28:COPY_INTO, cleared by the freed-locally pass',
  );
});

test('leak suite: a release given the pointer by address that returns the block to a free list says so', async () => {
  assert.equal(
    await wordsFor('pool-release.c', 54, 'num_new'),
    'When the allocation fails (checked at line 56) there is nothing to free; handed by address at line 59 to num_free(), which releases it: it frees its parts (pool-release.c:35:free) and puts the block back on the free list free_list for reuse',
  );
});

test('leak suite: a capitalised container macro is named as one, not as an outside function', async () => {
  assert.equal(await wordsFor('queue-macro.c', 30, 'malloc'), 'When the allocation fails (checked at line 31) there is nothing to free; handed at line 34 to TAILQ_INSERT_TAIL(), a container macro whose name says it keeps it');
});

test('leak suite: a free hook the user installs (a field named as a free that the project never sets) is a free', async () => {
  assert.equal(
    await wordsFor('user-free-hook.c', 34, 'malloc'),
    'When the allocation fails (checked at line 35) there is nothing to free; handed at line 38 to mem_free(), which frees it on every path (user-free-hook.c:18:free, user-free-hook.c:15:customFree)',
  );
});
