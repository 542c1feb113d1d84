/**
 * Where to put the camera so a small graph opens readable: fit everything when that
 * keeps labels at a legible zoom; otherwise hold the legible zoom and centre on the part
 * that matters (suspects, what is still live), sliding the frame so it shows as much
 * of the graph and as little empty canvas as it can.
 */

/** An axis-aligned box in graph (model) coordinates. */
export interface FrameBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The camera: cytoscape's zoom and pan (rendered = model × zoom + pan). */
export interface Frame {
  zoom: number;
  pan: { x: number; y: number };
  /** Whether everything fits (false: the legible zoom cut some of the graph off). */
  whole: boolean;
}

/** What to frame and within which limits. */
export interface FrameRequest {
  graph: FrameBox;
  focus: FrameBox;
  view: { width: number; height: number };
  padding: number;
  minZoom: number;
  maxZoom: number;
}

/** Centre along one axis: on the focus, but slid so the frame stays on the graph where it can. */
function axisCentre(g1: number, g2: number, f1: number, f2: number, span: number): number {
  const focus = (f1 + f2) / 2;
  if (span >= g2 - g1) return (g1 + g2) / 2;
  return Math.min(Math.max(focus, g1 + span / 2), g2 - span / 2);
}

/** The camera for a request. */
export function legibleFrame(r: FrameRequest): Frame {
  const gw = Math.max(1, r.graph.x2 - r.graph.x1);
  const gh = Math.max(1, r.graph.y2 - r.graph.y1);
  const fit = Math.min((r.view.width - 2 * r.padding) / gw, (r.view.height - 2 * r.padding) / gh);
  const whole = fit >= r.minZoom;
  const zoom = Math.min(r.maxZoom, whole ? fit : r.minZoom);
  // The frame's model-space size inside the padding.
  const spanX = (r.view.width - 2 * r.padding) / zoom;
  const spanY = (r.view.height - 2 * r.padding) / zoom;
  const cx = whole ? (r.graph.x1 + r.graph.x2) / 2 : axisCentre(r.graph.x1, r.graph.x2, r.focus.x1, r.focus.x2, spanX);
  const cy = whole ? (r.graph.y1 + r.graph.y2) / 2 : axisCentre(r.graph.y1, r.graph.y2, r.focus.y1, r.focus.y2, spanY);
  return { zoom, pan: { x: r.view.width / 2 - cx * zoom, y: r.view.height / 2 - cy * zoom }, whole };
}
