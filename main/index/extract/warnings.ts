/** Parse problems → one warning per damaged region, so the user knows which facts may be incomplete. */
import { type Language, type Node, Query } from 'web-tree-sitter';
import type { FileWarning } from '../facts';

/** Lines closer than this belong to one region. */
const REGION_GAP = 3;

/** One query finds every ERROR and MISSING node inside WASM (no per-node crossing from JS). */
let errorQuery: { language: Language; query: Query } | undefined;

function errorQueryFor(language: Language): Query {
  if (errorQuery?.language !== language) errorQuery = { language, query: new Query(language, '(ERROR) @error (MISSING) @missing') };
  return errorQuery.query;
}

/** Warnings for the damaged regions of a tree (empty for a clean parse). */
export function parseWarnings(root: Node, text: string, file: string): FileWarning[] {
  if (!root.hasError) return [];
  // Only damaged top-level items are searched: querying the whole tree cost a quarter of a parse.
  const query = errorQueryFor(root.tree.language);
  const rows: { row: number; comment: boolean }[] = [];
  // Unnamed top-level children count too: a MISSING `;` at the end of a file sits there.
  for (const item of root.children) {
    if (!item?.hasError) continue;
    for (const c of query.captures(item)) {
      rows.push({ row: c.node.startPosition.row, comment: c.name === 'error' && text.startsWith('/*', c.node.startIndex) });
    }
  }
  rows.sort((a, b) => a.row - b.row);
  const warnings: FileWarning[] = [];
  let last = -Infinity;
  for (const { row, comment } of rows) {
    if (row - last <= REGION_GAP && !comment) {
      last = row;
      continue;
    }
    last = row;
    const line = row + 1;
    warnings.push({
      file,
      line,
      message: comment
        ? `unterminated comment at line ${line}; the rest of the file is ignored`
        : `parse error near line ${line}; facts around it may be incomplete`,
    });
  }
  return warnings;
}
