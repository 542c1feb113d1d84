/**
 * Turns the visible functions into graph elements for the view: function nodes,
 * file or directory compound nodes that can be collapsed into one node, and calls
 * merged between whatever represents their two ends. Pure data (no cytoscape), so the
 * grouping and aggregation rules are unit-tested.
 */
import type { GraphIndex } from './graph-index';
import { edgeKey } from './walks';

/** How functions are grouped into compound nodes. */
export type Grouping = 'none' | 'file' | 'directory';

/** What the builder needs to know about the view. */
export interface ElementOptions {
  grouping: Grouping;
  /** When true every group starts collapsed and `toggled` lists the expanded ones; otherwise the reverse. */
  collapsedByDefault: boolean;
  toggled: ReadonlySet<string>;
}

/** Data of a node: a function, or a group (expanded compound or collapsed stand-in). */
export interface NodeData {
  id: string;
  label: string;
  type: 'function' | 'group';
  /** For groups: `file` or `dir`; for functions the node kind. */
  sub: string;
  parent?: string;
  /** Functions this node stands for (itself for a function). */
  members: string[];
  collapsed: boolean;
  file: string;
}

/** Data of an edge between two visible nodes. */
export interface EdgeData {
  id: string;
  source: string;
  target: string;
  kind: 'direct' | 'macro' | 'indirect';
  /** Function-level calls merged into this edge. */
  count: number;
}

/** The elements to draw, and which node stands for each visible function. */
export interface ElementSet {
  nodes: NodeData[];
  edges: EdgeData[];
  representative: Map<string, string>;
}

/** Directory of a relative path, `.` for the root. */
export function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '.' : file.slice(0, i);
}

/**
 * How a freshly opened project is grouped: not at all when it is small enough to draw
 * function by function; by directory when it is big; by file when it is big but flat
 * (all in one folder, like fs/ext4), since one collapsed folder box would say nothing.
 */
export function initialGrouping(definedFiles: readonly string[], aggregateAbove: number): Grouping {
  if (definedFiles.length <= aggregateAbove) return 'none';
  const dirs = new Set<string>();
  for (const file of definedFiles) {
    dirs.add(dirOf(file));
    if (dirs.size > 1) return 'directory';
  }
  return 'file';
}

const baseName = (file: string): string => file.slice(file.lastIndexOf('/') + 1);

/** Group id of a file or a directory. */
export const fileGroupId = (file: string): string => `file:${file}`;
/** Group id of a directory. */
export const dirGroupId = (dir: string): string => `dir:${dir}`;

/** Build the elements for `visible` function ids. */
export function buildElements(index: GraphIndex, visible: ReadonlySet<string>, opts: ElementOptions): ElementSet {
  const isCollapsed = (id: string): boolean => (opts.collapsedByDefault ? !opts.toggled.has(id) : opts.toggled.has(id));
  const nodes = new Map<string, NodeData>();
  const representative = new Map<string, string>();
  const group = (id: string, label: string, sub: string, file: string, parent: string | undefined): NodeData => {
    let g = nodes.get(id);
    if (!g) {
      g = { id, label, type: 'group', sub, members: [], collapsed: isCollapsed(id), file };
      if (parent) g.parent = parent;
      nodes.set(id, g);
    }
    return g;
  };
  const ordered = [...visible].filter((id) => index.byId.has(id)).sort();
  for (const id of ordered) {
    const fn = index.byId.get(id);
    if (!fn) continue;
    const groupable = opts.grouping !== 'none' && fn.file !== '';
    let parent: string | undefined;
    let rep: string | undefined;
    if (groupable && opts.grouping === 'directory') {
      const dir = dirOf(fn.file);
      const d = group(dirGroupId(dir), dir === '.' ? './' : `${dir}/`, 'dir', dir, undefined);
      d.members.push(id);
      if (d.collapsed) rep = d.id;
      else {
        const f = group(fileGroupId(fn.file), baseName(fn.file), 'file', fn.file, d.id);
        f.members.push(id);
        if (f.collapsed) rep = f.id;
        else parent = f.id;
      }
    } else if (groupable) {
      const f = group(fileGroupId(fn.file), fn.file, 'file', fn.file, undefined);
      f.members.push(id);
      if (f.collapsed) rep = f.id;
      else parent = f.id;
    }
    if (rep === undefined) {
      const node: NodeData = { id, label: fn.name, type: 'function', sub: fn.kind, members: [id], collapsed: false, file: fn.file };
      if (parent) node.parent = parent;
      nodes.set(id, node);
      rep = id;
    }
    representative.set(id, rep);
  }
  // Groups inside a collapsed directory are not drawn.
  for (const [id, n] of nodes) if (n.parent && nodes.get(n.parent)?.collapsed) nodes.delete(id);
  const edges = new Map<string, EdgeData>();
  for (const c of index.calls) {
    const s = representative.get(c.from);
    const t = representative.get(c.to);
    if (s === undefined || t === undefined || s === t) continue;
    const id = edgeKey(s, t);
    const old = edges.get(id);
    if (!old) edges.set(id, { id, source: s, target: t, kind: c.kind, count: c.count });
    else {
      old.count += c.count;
      if (c.kind === 'direct') old.kind = 'direct';
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], representative };
}
