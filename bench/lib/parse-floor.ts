/**
 * Benchmark child: the parse-only floor. Parses every file of a list with N
 * worker threads (biggest files first, batches pulled as workers free up, as the
 * index's pool does) and prints a ChildResult.
 * Usage: parse-floor FILE_LIST JOBS   (FILE_LIST: absolute paths, one per line)
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ChildResult } from './child-result';
import { peakRssBytes } from './proc-status';

const BATCH_MAX_FILES = 24;
const BATCH_MAX_BYTES = 512 * 1024;

function batchesOf(files: string[]): string[][] {
  const sized = files.map((f) => ({ f, size: statSync(f).size })).sort((a, b) => b.size - a.size);
  const batches: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const { f, size } of sized) {
    if (current.length > 0 && (current.length >= BATCH_MAX_FILES || bytes + size > BATCH_MAX_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(f);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

async function main(): Promise<void> {
  const [list, jobsArg] = process.argv.slice(2);
  if (!list || !jobsArg) throw new Error('usage: parse-floor FILE_LIST JOBS');
  const files = readFileSync(list, 'utf8').split('\n').filter((l) => l !== '');
  const jobs = Math.max(1, Number(jobsArg));
  const started = performance.now();
  const batches = batchesOf(files);
  let next = 0;
  let totalBytes = 0;
  const workerFile = path.join(__dirname, 'parse-floor-worker.cjs');
  await Promise.all(
    Array.from({ length: jobs }, () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(workerFile);
        worker.on('error', reject);
        worker.on('message', (msg: { bytes: number }) => {
          totalBytes += msg.bytes;
          const batch = batches[next++];
          if (batch === undefined) {
            void worker.terminate().then(() => resolve());
            return;
          }
          worker.postMessage({ files: batch });
        });
      }),
    ),
  );
  const out: ChildResult = { wallMs: performance.now() - started, files: files.length, bytes: totalBytes, parsed: files.length, peakRss: peakRssBytes(), extra: {} };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
