/** Temporary source trees for index tests. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Creates a temp folder holding `files` (relative path → content); returns its path. */
export function makeTree(files: Record<string, string | Uint8Array>, prefix = 'leakscope-test-'): string {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return root;
}

/** Removes a temp tree. */
export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
