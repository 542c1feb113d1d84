/**
 * What a node's badges say at a pass step: allocations and frees left among the
 * functions it stands for, and the colour state of each. A collapsed group sums its
 * members, so a directory shows red as soon as one suspect lives inside it.
 */
import type { Site } from '../../preload/model';
import type { SiteState } from './pass-steps';

/** Colour state of a node or badge: `none` when it holds no sites of that kind. */
export type BadgeState = 'suspect' | 'live' | 'cleared' | 'none';

/** Badge numbers and colours of one node. */
export interface NodeStatus {
  allocLeft: number;
  allocTotal: number;
  allocState: BadgeState;
  freeLeft: number;
  freeTotal: number;
  freeState: BadgeState;
  /** The node's overall state: suspect beats live beats cleared. */
  state: BadgeState;
}

const rank: Record<BadgeState, number> = { suspect: 3, live: 2, cleared: 1, none: 0 };
const worse = (a: BadgeState, b: BadgeState): BadgeState => (rank[a] >= rank[b] ? a : b);

/** Sum the sites of `members` at a step. */
export function nodeStatus(members: readonly string[], sitesByFunction: Map<string, Site[]>, state: Map<string, SiteState>): NodeStatus {
  const s: NodeStatus = { allocLeft: 0, allocTotal: 0, allocState: 'none', freeLeft: 0, freeTotal: 0, freeState: 'none', state: 'none' };
  for (const m of members) {
    for (const site of sitesByFunction.get(m) ?? []) {
      const st = state.get(site.id) ?? 'live';
      const left = st !== 'cleared';
      if (site.kind === 'free') {
        s.freeTotal++;
        if (left) s.freeLeft++;
        s.freeState = worse(s.freeState, st);
      } else {
        s.allocTotal++;
        if (left) s.allocLeft++;
        s.allocState = worse(s.allocState, st);
      }
    }
  }
  s.state = worse(s.allocState, s.freeState);
  return s;
}

/** Functions still worth showing at a step: those with sites left, plus their callers. */
export function siteFunctionsLeft(sites: readonly Site[], state: Map<string, SiteState>): Set<string> {
  const out = new Set<string>();
  for (const s of sites) if (state.get(s.id) !== 'cleared') out.add(s.function);
  return out;
}
