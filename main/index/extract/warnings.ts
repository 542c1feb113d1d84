/** Parse problems → one warning per damaged region, so the user knows which facts may be incomplete. */
import type { Node } from 'web-tree-sitter';
import type { FileWarning } from '../facts';
import { LOOP_MACRO } from './statements';

/** Lines closer than this belong to one region. */
const REGION_GAP = 3;

/** Collects ERROR and MISSING nodes, descending only into children that contain errors (measured cheaper than a query over the damaged items). */
function errorRows(node: Node, text: string, rows: { row: number; comment: boolean }[]): void {
  if (node.isError) {
    if (isTypeKeywordArgument(node, text)) return;
    // An ERROR that merely starts at an ordinary comment (tree-sitter often begins the
    // damaged span at the file's header comment) is not an unterminated comment: only a
    // `/*` with no `*/` anywhere after it is, and only then is the rest of the file dropped.
    const start = node.startIndex;
    const unterminated = text.startsWith('/*', start) && text.indexOf('*/', start + 2) === -1;
    rows.push({ row: node.startPosition.row, comment: unterminated });
    return;
  }
  if (node.isMissing) {
    if (!isIteratorMacroEnd(node, text)) rows.push({ row: node.startPosition.row, comment: false });
    return;
  }
  for (const child of node.children) if (child?.hasError) errorRows(child, text, rows);
}

/**
 * The `;` tree-sitter supplies after an iterator macro followed by its body
 * (`list_for_each_entry(pos, head, member) {`): the statement extractor reads the pair
 * as a loop (Statements.loopMacro), so nothing is lost and no warning is due. On Linux
 * fs/ this shape is most of the "parse errors" of ordinary kernel code.
 */
function isIteratorMacroEnd(node: Node, text: string): boolean {
  const statement = node.parent;
  if (node.type !== ';' || statement?.type !== 'expression_statement' || !statement.nextNamedSibling) return false;
  const name = /^([A-Za-z_]\w*)\s*\(/.exec(text.slice(statement.startIndex, statement.startIndex + 80))?.[1];
  return name !== undefined && LOOP_MACRO.test(name);
}

/** Keywords that start a type name: `struct` in `container_of(p, struct foo, member)`, `const struct` too. */
const TYPE_KEYWORDS = /^(?:(?:struct|union|enum|const|volatile|unsigned|signed)\s+)*(?:struct|union|enum|const|volatile|unsigned|signed)$/;

/**
 * A type passed to a macro (`container_of(p, struct foo, member)`, `list_entry(…)`):
 * tree-sitter makes an ERROR of the keyword alone and reads the rest as an expression.
 * The call's arguments are taken from the text, so no fact is lost and no warning is due.
 */
function isTypeKeywordArgument(node: Node, text: string): boolean {
  if (node.endIndex - node.startIndex > 40 || node.parent?.type !== 'argument_list') return false;
  return TYPE_KEYWORDS.test(text.slice(node.startIndex, node.endIndex));
}

/** Warnings for the damaged regions of a tree (empty for a clean parse). */
export function parseWarnings(root: Node, text: string, file: string): FileWarning[] {
  if (!root.hasError) return [];
  // Only damaged top-level items are searched (unnamed ones too: a MISSING `;` at the end of a file sits there).
  const rows: { row: number; comment: boolean }[] = [];
  errorRows(root, text, rows);
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
