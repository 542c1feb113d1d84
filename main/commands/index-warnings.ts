/**
 * Prints what went wrong while indexing, on stderr, the same way for every command:
 * file problems (unreadable, binary, Latin-1, too large) in full, parse problems and
 * duplicate-definition notes up to a limit with a count of the rest.
 */
import type { FileFacts, FileWarning } from '../index/facts';

/** How many per-file parse problems (and duplicate-definition notes) are listed before summarising the rest. */
const SHOWN = 10;

function formatWarning(w: FileWarning): string {
  return `leakscope: warning: ${w.file}${w.line > 0 ? `:${w.line}` : ''}: ${w.message}\n`;
}

/** Writes the index's warnings to stderr. */
export function reportIndexWarnings(fileWarnings: FileWarning[], facts: FileFacts[], programWarnings: FileWarning[]): void {
  for (const w of fileWarnings) process.stderr.write(formatWarning(w));
  const parseWarnings = facts.flatMap((f) => f.warnings);
  for (const w of parseWarnings.slice(0, SHOWN)) process.stderr.write(formatWarning(w));
  if (parseWarnings.length > SHOWN) {
    const files = new Set(parseWarnings.map((w) => w.file)).size;
    process.stderr.write(`leakscope: ${parseWarnings.length - SHOWN} more parse warnings (${parseWarnings.length} in ${files} files)\n`);
  }
  for (const w of programWarnings.slice(0, SHOWN)) process.stderr.write(formatWarning(w));
  if (programWarnings.length > SHOWN) process.stderr.write(`leakscope: ${programWarnings.length - SHOWN} more duplicate-definition notes\n`);
}
