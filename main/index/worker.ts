/**
 * Parse worker (run by pool.ts in a worker_threads Worker): loads the C parser once,
 * then for each batch of files reads (unless the indexer already did) and decodes the bytes, extracts facts and posts them back
 * (split into light part + heavy JSON, see lazy-facts.ts) one file at a time, so a crash costs only the file being parsed. Trees never leave
 * the worker (the extractor deletes them); only plain FileFacts cross the boundary.
 */
import { parentPort, resourceLimits, workerData } from 'node:worker_threads';
import { emptyFacts, extractFacts, type ExtractOptions } from './extract/index';
import { splitFacts, toWire } from './lazy-facts';
import { loadCParser, type CParser } from './parser';
import { isPreprocessorOnly } from './preprocessor-only';
import { decodeSource, readSourceBytesSync } from './read';
import type { FromWorker, ToWorker, WorkerInit } from './worker-protocol';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('worker.ts must run inside a worker thread');
  const init = workerData as WorkerInit;
  const post = (message: FromWorker): void => port.postMessage(message);
  const options: ExtractOptions = init.options;
  const detailNames = new Set(init.detailNames);

  let parser: CParser;
  try {
    parser = await loadCParser();
  } catch (err) {
    post({ type: 'fatal', message: `cannot load the C parser: ${err instanceof Error ? err.message : String(err)}` });
    return;
  }
  post({ type: 'ready' });

  // Fault injection for the pool's tests: LEAKSCOPE_WORKER_FAULT=<file>:exit|hang|throw|oom.
  const [faultFile, faultKind] = (process.env.LEAKSCOPE_WORKER_FAULT ?? '').split(':');

  port.on('message', (message: ToWorker) => {
    if (message.type !== 'batch') return;
    for (const job of message.jobs) {
      post({ type: 'start', file: job.file });
      try {
        if (faultFile !== '' && job.file === faultFile) {
          if (faultKind === 'exit') process.exit(7);
          if (faultKind === 'hang') for (;;);
          if (faultKind === 'throw') throw new Error('injected fault');
          // Runs out of heap in a regular worker only, so the pool's retry in a big one succeeds.
          if (faultKind === 'oom' && (resourceLimits.maxOldGenerationSizeMb ?? Infinity) <= 256) exhaustHeap();
        }
        let bytes: Uint8Array;
        let hash: string;
        if ('bytes' in job) {
          ({ bytes, hash } = job);
        } else {
          const read = readSourceBytesSync(job.abs, job.file, job.maxBytes);
          if (!read.ok) {
            post({ type: 'skipped', file: job.file, warning: read.warning });
            continue;
          }
          ({ bytes, hash } = read);
        }
        const decoded = decodeSource(bytes, job.file);
        // A file of only fact-free directives (register headers) could only give empty facts.
        const facts = isPreprocessorOnly(decoded.text) ? emptyFacts(job.file, hash) : extractFacts(parser, decoded.text, job.file, hash, options);
        if (decoded.warning) facts.warnings.unshift(decoded.warning);
        // Split here so the main thread receives one string per file instead of its whole object graph.
        post({ type: 'result', file: job.file, stored: toWire(splitFacts(facts, detailNames)) });
      } catch (err) {
        // extractFacts throws only on a WASM runtime fault, after which this thread's heap may be
        // broken: report the file and exit, and the pool starts a fresh worker for the rest.
        post({ type: 'failed', file: job.file, message: err instanceof Error ? err.message : String(err) });
        process.exit(3);
      }
    }
    post({ type: 'batchDone', id: message.id });
  });
}

/** Allocates until V8 ends the worker for reaching its heap limit (fault injection only). */
function exhaustHeap(): never {
  const hoard: number[][] = [];
  for (;;) hoard.push(new Array<number>(1 << 16).fill(hoard.length));
}

void main();
