/**
 * The cytoscape graph: draws an ElementSet, lays it out (dagre for chains, fcose for
 * overviews), shows badges and state colours per pass step, dims everything outside a
 * selection's chain, and turns clicks into callbacks. Big graphs get cytoscape's WebGL
 * renderer and viewport shortcuts (textures while panning, edges hidden), and labels
 * vanish below a legible size (min-zoomed-font-size) so panning stays smooth.
 */
import cytoscape, { type Core, type ElementDefinition, type LayoutOptions, type NodeSingular } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import fcose from 'cytoscape-fcose';
import svg from 'cytoscape-svg';
import type { ElementSet } from '../model/elements';
import type { NodeStatus } from '../model/node-status';
import { badgeFor } from './badges';
import { graphStyle, nodeWidth } from './graph-style';
import type { ThemeColors } from './theme';
import { shelfPack } from '../model/shelf-pack';
import { legibleFrame } from '../model/legible-frame';

cytoscape.use(dagre);
cytoscape.use(fcose);
cytoscape.use(svg);

/** Layout names offered to the user. */
export type LayoutName = 'hierarchical' | 'force';

/** What the view reports back. */
export interface GraphHandlers {
  select(id: string | null): void;
  toggleGroup(id: string): void;
  context(id: string, clientX: number, clientY: number): void;
  hover(id: string | null, clientX: number, clientY: number): void;
}

/** Node count up to which fitting never goes below LEGIBLE_ZOOM. */
export const SMALL_GRAPH = 150;

/** Lowest zoom at which 13 px function names stay readable (about 9 px on screen). */
export const LEGIBLE_ZOOM = 0.68;

/** Fitting never zooms a handful of nodes beyond this (poster-sized boxes read worse, not better). */
const MAX_FIT_ZOOM = 1.15;

/** Space kept between the fitted graph and the canvas edge, in screen pixels. */
const FIT_PADDING = 28;

/** Node count above which the big-graph renderer settings apply. */
export const BIG_GRAPH = 600;

let hardwareGl: boolean | null = null;

/** Whether WebGL runs on a GPU (not a software rasterizer), checked once. */
export function hardwareWebGL(): boolean {
  if (hardwareGl !== null) return hardwareGl;
  try {
    const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    const name = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    hardwareGl = !!gl && !/swiftshader|llvmpipe|software|basic render/i.test(name);
  } catch {
    hardwareGl = false;
  }
  return hardwareGl;
}

/** Options for a PNG export. */
export interface PngOptions {
  full: boolean;
  scale: number;
  background: string | null;
}

/** The graph view. */
export class GraphView {
  private cy: Core | null = null;
  private big = false;
  private layoutName: LayoutName = 'hierarchical';

  private laidOutAt = 0;
  private lastFit: string[] | undefined;

  constructor(private readonly container: HTMLElement, private readonly handlers: GraphHandlers, private colors: ThemeColors) {
    // Keep the canvas matched to its box (banner, table drawer, splitter); refit a fresh layout.
    new ResizeObserver(() => {
      const cy = this.cy;
      if (!cy) return;
      cy.resize();
      if (performance.now() - this.laidOutAt < 2500) this.fit(this.lastFit, false);
    }).observe(container);
  }

  /** The cytoscape core (exports, tests); null before the first render. */
  get core(): Core | null {
    return this.cy;
  }

  private create(big: boolean, huge: boolean): Core {
    this.cy?.destroy();
    this.big = big;
    const options = {
      container: this.container,
      style: graphStyle(this.colors),
      minZoom: 0.03,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: 'single',
      textureOnViewport: big,
      hideEdgesOnViewport: big,
      motionBlur: false,
      pixelRatio: 'auto',
      // WebGL draws thousands of nodes at interactive rates on a GPU; under software GL (SwiftShader,
      // llvmpipe) it is slower than the canvas renderer, and for small graphs the canvas looks crisper.
      renderer: { name: 'canvas', webgl: huge && hardwareWebGL() },
    };
    const cy = cytoscape(options as cytoscape.CytoscapeOptions);
    cy.on('tap', 'node', (e) => {
      const node = e.target as NodeSingular;
      this.handlers.select(node.id());
    });
    cy.on('dbltap', 'node[type = "group"]', (e) => this.handlers.toggleGroup((e.target as NodeSingular).id()));
    cy.on('tap', (e) => {
      if (e.target === cy) this.handlers.select(null);
    });
    cy.on('cxttap', 'node', (e) => {
      const ev = e.originalEvent as MouseEvent;
      this.handlers.context((e.target as NodeSingular).id(), ev.clientX, ev.clientY);
    });
    cy.on('mouseover', 'node', (e) => {
      const ev = e.originalEvent as MouseEvent;
      this.handlers.hover((e.target as NodeSingular).id(), ev.clientX, ev.clientY);
    });
    cy.on('mouseout', 'node', () => this.handlers.hover(null, 0, 0));
    cy.on('viewport', () => this.handlers.hover(null, 0, 0));
    this.cy = cy;
    return cy;
  }

  /** Replace the drawn elements and lay them out; keeps the renderer unless the size class changes. */
  render(set: ElementSet, layout: LayoutName): void {
    this.layoutName = layout;
    // Dense aggregated views (a hundred folders, thousands of calls between them) need the fast path as much as many nodes do.
    const big = set.nodes.length > BIG_GRAPH || set.edges.length > BIG_GRAPH * 1.5;
    const cy = this.cy && this.big === big ? this.cy : this.create(big, set.nodes.length > BIG_GRAPH * 4);
    const els: ElementDefinition[] = [];
    for (const n of set.nodes) {
      const label = n.type === 'group' && n.collapsed ? `${n.label}\n${n.members.length} function${n.members.length === 1 ? '' : 's'}` : n.label;
      const w = n.type === 'group' ? Math.max(nodeWidth(n.label) + 10, 110) : nodeWidth(n.label);
      els.push({ group: 'nodes', data: { ...n, label, w } });
    }
    // Many edges (aggregated folders of a big tree): straight lines skip bezier bundling, the costliest part of drawing them.
    const fast = set.edges.length > 400;
    for (const e of set.edges) els.push({ group: 'edges', data: fast ? { ...e, fast: true } : { ...e } });
    cy.batch(() => {
      cy.elements().remove();
      cy.add(els);
    });
    this.runLayout(layout, false);
  }

  /** Lay out again with a named layout. */
  runLayout(name: LayoutName, animate = true): void {
    const cy = this.cy;
    if (!cy) return;
    this.layoutName = name;
    const count = cy.nodes().length;
    // network-simplex ranking is quadratic-ish on dense graphs (aggregated directories): fall back to longest-path.
    const edgeCount = cy.edges().length;
    const anim = animate && count < 400;
    const options: LayoutOptions =
      name === 'hierarchical'
        ? ({ name: 'dagre', rankDir: 'LR', nodeSep: 10, rankSep: 48, edgeSep: 10, ranker: edgeCount > 300 ? 'longest-path' : 'network-simplex', animate: anim, animationDuration: 400, fit: true, padding: 36, nodeDimensionsIncludeLabels: false } as LayoutOptions)
        : ({ name: 'fcose', quality: count > 2000 ? 'draft' : 'default', numIter: edgeCount > 800 ? 800 : 2500, randomize: true, animate: anim, animationDuration: 500, fit: true, padding: 36, nodeRepulsion: 9000, idealEdgeLength: 90, nodeSeparation: 60, packComponents: true } as LayoutOptions);
    this.laidOutAt = performance.now();
    this.lastFit = undefined;
    if (name === 'hierarchical' && cy.nodes(':parent').empty() && count > 1) return this.packedTree(options);
    if (count > SMALL_GRAPH) return void cy.layout(options).run();
    // A small graph frames itself afterwards at a legible zoom instead of the layout's fit-all.
    const layout = cy.layout({ ...options, fit: false } as LayoutOptions);
    layout.one('layoutstop', () => this.fit(undefined, anim));
    layout.run();
  }

  /**
   * Hierarchical layout per connected component, then the components packed in rows
   * that suit the window: many small call trees fill the screen at a legible zoom.
   */
  private packedTree(options: LayoutOptions): void {
    const cy = this.cy;
    if (!cy) return;
    const comps = cy.elements().components();
    const boxes = comps.map((comp, i) => {
      comp.layout({ ...options, fit: false, animate: false } as LayoutOptions).run();
      const bb = comp.boundingBox({ includeLabels: true });
      return { id: String(i), width: bb.w, height: bb.h, x1: bb.x1, y1: bb.y1 };
    });
    const aspect = Math.max(0.5, Math.min(3, cy.width() / Math.max(1, cy.height())));
    const packed = shelfPack(boxes, aspect, 30);
    cy.batch(() => {
      for (const p of packed.placements) {
        const i = Number(p.id);
        const box = boxes[i];
        const comp = comps[i];
        if (!box || !comp) continue;
        comp.nodes().forEach((n) => {
          const pos = n.position();
          n.position({ x: pos.x - box.x1 + p.x, y: pos.y - box.y1 + p.y });
        });
      }
    });
    this.fit(undefined, false);
  }

  /** The current layout. */
  get layout(): LayoutName {
    return this.layoutName;
  }

  /** Update badges, state colours and the faded set. */
  applyStatus(status: Map<string, NodeStatus>, gone: ReadonlySet<string>): void {
    const cy = this.cy;
    if (!cy) return;
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const s = status.get(n.id());
        const badge = s && !n.isParent() ? badgeFor(s, this.colors) : null;
        if (badge) n.data({ badge: badge.uri, bw: badge.width, bh: badge.height });
        else if (n.data('badge') !== undefined) n.removeData('badge bw bh');
        n.removeClass('st-live st-suspect st-cleared st-free');
        // A function holding only frees that are still open reads as "free" (teal), not as a live allocation.
        if (s && s.state !== 'none' && !n.isParent()) n.addClass(s.state === 'live' && s.allocState !== 'live' ? 'st-free' : `st-${s.state}`);
        n.toggleClass('gone', gone.has(n.id()));
      });
      cy.edges().forEach((e) => {
        e.toggleClass('gone', gone.has(e.source().id()) || gone.has(e.target().id()));
      });
    });
  }

  /**
   * Light up a chain or path: `up` nodes/edges in the accent colour, `down` muted,
   * everything else dimmed. Pass null to clear.
   */
  highlight(h: { up: Set<string>; down: Set<string>; edgesUp: Set<string>; edgesDown: Set<string>; cls: 'up' | 'path' } | null): void {
    const cy = this.cy;
    if (!cy) return;
    cy.batch(() => {
      cy.elements().removeClass('dim up down path');
      if (!h) return;
      cy.nodes().forEach((n) => {
        if (n.isParent()) return;
        const id = n.id();
        if (h.up.has(id)) n.addClass(h.cls);
        else if (!h.down.has(id)) n.addClass('dim');
      });
      cy.edges().forEach((e) => {
        const id = e.id();
        if (h.edgesUp.has(id)) e.addClass(h.cls);
        else if (h.edgesDown.has(id)) e.addClass('down');
        else e.addClass('dim');
      });
    });
  }

  /** Select a node (or nothing) without firing the handler. */
  select(id: string | null): void {
    const cy = this.cy;
    if (!cy) return;
    cy.$(':selected').unselect();
    if (id) cy.getElementById(id).select();
  }

  /**
   * Bring a node into view at a legible zoom. With a chain or path lit up, frame the lit
   * part (what is not dimmed) as far as a legible zoom allows, the node kept in view.
   */
  center(id: string): void {
    const cy = this.cy;
    if (!cy) return;
    const n = cy.getElementById(id);
    if (n.empty()) return;
    const lit = cy.nodes().not(':parent').not('.dim');
    const context = lit.length < cy.nodes().not(':parent').length ? lit.union(n) : n;
    const frame = legibleFrame({ graph: context.boundingBox({}), focus: n.boundingBox({}), view: { width: cy.width(), height: cy.height() }, padding: FIT_PADDING, minZoom: Math.max(LEGIBLE_ZOOM, Math.min(cy.zoom(), 0.9)), maxZoom: MAX_FIT_ZOOM });
    cy.stop();
    cy.animate({ zoom: frame.zoom, pan: frame.pan }, { duration: 350, easing: 'ease-in-out-cubic' });
  }

  /**
   * Fit the visible graph (or some ids) into view. A small graph never fits at a zoom
   * where names are unreadable: it holds LEGIBLE_ZOOM and frames the suspects (else what
   * is still live) instead, and the rest is a pan away.
   */
  fit(ids?: string[], animate = true): void {
    const cy = this.cy;
    if (!cy) return;
    this.lastFit = ids;
    const wanted = new Set(ids ?? []);
    const eles = wanted.size ? cy.nodes().filter((n) => wanted.has(n.id())) : cy.elements();
    if (eles.empty()) return;
    const nodes = eles.nodes();
    const small = cy.nodes().length <= SMALL_GRAPH;
    const focusNodes = [nodes.filter('.st-suspect'), nodes.filter('.st-live, .st-free').not('.gone'), nodes].find((c) => c.nonempty()) ?? nodes;
    const frame = legibleFrame({
      graph: eles.boundingBox({}),
      focus: focusNodes.boundingBox({}),
      view: { width: cy.width(), height: cy.height() },
      padding: FIT_PADDING,
      maxZoom: MAX_FIT_ZOOM,
      minZoom: small ? LEGIBLE_ZOOM : 0,
    });
    cy.stop();
    if (!animate) cy.viewport({ zoom: frame.zoom, pan: frame.pan });
    else cy.animate({ zoom: frame.zoom, pan: frame.pan }, { duration: 300 });
  }

  /** Zoom by a factor around the centre. */
  zoomBy(factor: number): void {
    const cy = this.cy;
    if (!cy) return;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }

  /** Whether a node id is drawn. */
  has(id: string): boolean {
    return !!this.cy && this.cy.getElementById(id).nonempty();
  }

  /** Screen position of a node (client coordinates), for menus. */
  clientPosition(id: string): { x: number; y: number } | null {
    const cy = this.cy;
    if (!cy) return null;
    const n = cy.getElementById(id);
    if (n.empty()) return null;
    const p = n.renderedPosition();
    const r = this.container.getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }

  /** Switch colours to another theme. */
  setColors(colors: ThemeColors): void {
    this.colors = colors;
    this.cy?.style(graphStyle(colors));
  }

  /** PNG as a data URI. */
  png(o: PngOptions): string {
    const cy = this.cy;
    if (!cy) return '';
    return cy.png({ output: 'base64uri', full: o.full, scale: o.scale, bg: o.background ?? undefined, maxWidth: 12000, maxHeight: 12000 } as cytoscape.ExportStringOptions);
  }

  /** SVG text of the graph. */
  svg(o: PngOptions): string {
    const cy = this.cy as (Core & { svg?: (opts: object) => string }) | null;
    if (!cy?.svg) return '';
    return cy.svg({ full: o.full, scale: o.scale, bg: o.background ?? undefined });
  }

  /** Redraw after the container changed size. */
  resize(): void {
    this.cy?.resize();
  }
}
