/**
 * Parse-floor worker: parses each file it is sent with the same parser the index
 * uses and deletes the tree at once, extracting nothing. The time this takes is
 * the floor any tree-sitter based indexer pays.
 */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { loadCParser } from '../../main/index/parser';

/** A batch of absolute paths to parse. */
export interface FloorBatch {
  files: string[];
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('parse-floor-worker must run in a worker thread');
  const parser = await loadCParser();
  port.on('message', (batch: FloorBatch) => {
    let bytes = 0;
    for (const file of batch.files) {
      const text = readFileSync(file, 'latin1');
      bytes += text.length;
      parser.parse(text).delete();
    }
    port.postMessage({ bytes });
  });
  port.postMessage({ bytes: 0 });
}

void main();
