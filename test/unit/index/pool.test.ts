import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParseCancelled, ParsePool, defaultPoolSize, workerScript, type ParseJob } from '../../../main/index/pool';
import { hashBytes } from '../../../main/index/read';
import { makeTree, removeTree } from './helpers';
import path from 'node:path';

const options = { defines: {}, undefines: [], undefinedPrefixes: [] };
function jobs(n: number): ParseJob[] {
  return Array.from({ length: n }, (_, i) => {
    const bytes = Buffer.from(`int f${i}(void) { return kmalloc(${i}, 0) != 0; }\n`);
    return { file: `f${String(i).padStart(2, '0')}.c`, size: bytes.length, hash: hashBytes(bytes), bytes };
  });
}

async function withFault<T>(fault: string, body: () => Promise<T>): Promise<T> {
  process.env.LEAKSCOPE_WORKER_FAULT = fault;
  try {
    return await body();
  } finally {
    delete process.env.LEAKSCOPE_WORKER_FAULT;
  }
}

test('the pool finds its worker script and sizes itself to the cores', () => {
  // Under tsx the TypeScript worker is started through an eval bootstrap.
  assert.equal(workerScript().eval, true);
  assert.ok(defaultPoolSize() >= 1);
});

test('parses every file into facts, sorted, with call tuples keeping details for asked names', async () => {
  const pool = new ParsePool({ options, size: 2, detailNames: ['kmalloc'] });
  const out = await pool.parse(jobs(25));
  assert.equal(out.facts.length, 25);
  assert.deepEqual(out.warnings, []);
  assert.equal(out.facts[3].meta.file, 'f03.c');
  assert.deepEqual(out.facts[3].meta.functions.map((f) => [f.name, f.body.length]), [['f3', 0]]);
  assert.deepEqual(JSON.parse(out.facts[3].calls), [[['kmalloc', 1, 22, 0, ['3', '0'], '', 'int f3(void) { return kmalloc(3, 0) != 0; }']]]);
  assert.equal((JSON.parse(out.facts[3].heavy) as unknown[][]).length, 1);
});

test('jobs given by path are read in the worker: hashed there, and unreadable, binary or too large files come back as warnings', async () => {
  const text = 'int g(void) { return 1; }\n';
  const root = makeTree({ 'a.c': text, 'bin.c': Buffer.from([0x69, 0x6e, 0x74, 0, 0x20]), 'big.c': `${'/* padding */\n'.repeat(100)}` });
  try {
    const byPath = (file: string, maxBytes = 1000): ParseJob => ({ file, size: 1, abs: path.join(root, file), maxBytes });
    const out = await new ParsePool({ options, size: 2 }).parse([byPath('a.c'), byPath('bin.c'), byPath('big.c'), byPath('gone.c')]);
    assert.deepEqual(out.facts.map((f) => [f.meta.file, f.meta.hash, f.meta.functions.map((fn) => fn.name)]), [['a.c', hashBytes(Buffer.from(text)), ['g']]]);
    assert.deepEqual(out.warnings.map((w) => `${w.file}: ${w.message}`), [
      'big.c: skipped: 1.4 KB is over the 1000 bytes limit (raise maxFileBytes in .leakscope/config.json to index it)',
      'bin.c: skipped: binary file (NUL byte at offset 3)',
      'gone.c: deleted before it could be read',
    ]);
  } finally {
    removeTree(root);
  }
});

test('workers warmed up ahead of a run parse it; close() after a run, or instead of one, is harmless', async () => {
  const pool = new ParsePool({ options, size: 2 });
  pool.warmUp();
  await new Promise((resolve) => setTimeout(resolve, 300)); // let them say 'ready' before the run listens
  const out = await pool.parse(jobs(25));
  assert.deepEqual(out.facts.map((f) => f.meta.file), jobs(25).map((j) => j.file));
  assert.deepEqual(out.warnings, []);
  pool.close();
  const unused = new ParsePool({ options, size: 2 });
  unused.warmUp();
  unused.close();
  // A crash in a warmed-up worker still costs only its file.
  const faulty = await withFault('f03.c:exit', async () => {
    const warm = new ParsePool({ options, size: 2 });
    warm.warmUp();
    return warm.parse(jobs(8));
  });
  assert.deepEqual(faulty.facts.map((f) => f.meta.file), ['f00.c', 'f01.c', 'f02.c', 'f04.c', 'f05.c', 'f06.c', 'f07.c']);
});

test('a file that runs a worker out of heap gets one more try in a worker with a big heap, and the rest goes on', async () => {
  const out = await withFault('f05.c:oom', () => new ParsePool({ options, size: 2 }).parse(jobs(12)));
  assert.deepEqual(out.warnings, []);
  assert.deepEqual(out.facts.map((f) => f.meta.file), jobs(12).map((j) => j.file));
  assert.deepEqual(out.facts[5].meta.functions.map((f) => f.name), ['f5']);
});

test('onFacts receives each file once as it arrives, and the outcome then keeps none', async () => {
  const seen: string[] = [];
  const out = await withFault('f04.c:throw', () =>
    new ParsePool({ options, size: 2 }).parse(jobs(12), { onFacts: (stored) => seen.push(stored.meta.file) }),
  );
  assert.deepEqual(out.facts, []);
  assert.deepEqual(seen.sort(), ['f00.c', 'f01.c', 'f02.c', 'f03.c', 'f05.c', 'f06.c', 'f07.c', 'f08.c', 'f09.c', 'f10.c', 'f11.c']);
  assert.deepEqual(out.warnings.map((w) => w.file), ['f04.c']);
});

for (const kind of ['exit', 'throw'] as const) {
  test(`a worker that dies (${kind}) costs only the file it was parsing`, async () => {
    const out = await withFault(`f07.c:${kind}`, () => new ParsePool({ options, size: 2 }).parse(jobs(20)));
    assert.equal(out.facts.length, 19);
    assert.equal(out.facts.some((f) => f.meta.file === 'f07.c'), false);
    assert.equal(out.warnings.length, 1);
    assert.equal(out.warnings[0].file, 'f07.c');
    assert.match(out.warnings[0].message, kind === 'exit' ? /^parser crashed on this file \(worker exited with code 7\); skipped$/ : /^parser failed on this file \(injected fault\); skipped$/);
  });
}

test('a worker that hangs on a file is killed after the timeout; the rest is parsed', async () => {
  const out = await withFault('f02.c:hang', () => new ParsePool({ options, size: 1, fileTimeoutMs: 1500 }).parse(jobs(6)));
  assert.deepEqual(out.facts.map((f) => f.meta.file), ['f00.c', 'f01.c', 'f03.c', 'f04.c', 'f05.c']);
  assert.deepEqual(out.warnings, [{ file: 'f02.c', line: 0, message: 'parser gave no answer within 2 s; skipped' }]);
});

test('cancelling rejects with ParseCancelled', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(new ParsePool({ options }).parse(jobs(3), { signal: controller.signal }), ParseCancelled);
});
