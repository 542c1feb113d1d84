/**
 * Cheap node accessors. Every web-tree-sitter property read crosses into WASM (the node is
 * marshalled each time), and the same Node object is often asked its type or end several
 * times as it flows through unwrap/flatten/noteAddress; these memos make that one crossing.
 * The memo lives on the Node object itself (a WeakMap was measurably slower).
 */
import type { Node } from 'web-tree-sitter';

/** A Node with the memo fields this module adds. */
interface MemoNode {
  lsType?: string;
  lsEnd?: number;
}

/** The node's type, read from WASM once per Node object. */
export function typeOf(node: Node): string {
  const memo = node as unknown as MemoNode;
  return (memo.lsType ??= node.type);
}

/** The node's end offset, read from WASM once per Node object. */
export function endOf(node: Node): number {
  const memo = node as unknown as MemoNode;
  return (memo.lsEnd ??= node.endIndex);
}

/** The first named child that is not a comment (told apart by its first character when the text is given). */
export function firstNamed(node: Node, text?: string): Node | null {
  // One child is one crossing; `namedChildren` would materialise them all (most nodes asked have one).
  const first = node.firstNamedChild;
  if (!first) return null;
  if (text !== undefined ? text.charCodeAt(first.startIndex) !== 47 : typeOf(first) !== 'comment') return first;
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (text !== undefined ? text.charCodeAt(c.startIndex) !== 47 : typeOf(c) !== 'comment') return c;
  }
  return null;
}
