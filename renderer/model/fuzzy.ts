/**
 * Fuzzy matching for the search box: the query's characters must appear in order in
 * the name (case-insensitive). Scores reward exact and prefix matches, runs of
 * consecutive characters and matches at word starts (after `_`, `/`, `:` or a case
 * change), so `nms` finds `nswapd_mem_store` and `store` ranks `*_store` first.
 */

/** A scored match: higher is better; `positions` are matched character indexes. */
export interface FuzzyMatch {
  score: number;
  positions: number[];
}

const isBoundary = (text: string, i: number): boolean => {
  if (i === 0) return true;
  const prev = text[i - 1] as string;
  const cur = text[i] as string;
  return prev === '_' || prev === '/' || prev === ':' || prev === '.' || prev === '-' || (prev === prev.toLowerCase() && cur !== cur.toLowerCase());
};

/** Score `text` against `query`; null when the query is not a subsequence. */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | null {
  const q = query.trim().toLowerCase();
  if (!q) return null;
  const t = text.toLowerCase();
  if (t === q) return { score: 1000, positions: [...q].map((_, i) => i) };
  const sub = t.indexOf(q);
  if (sub >= 0) {
    const positions = [...q].map((_, i) => sub + i);
    const score = 500 + (sub === 0 ? 200 : isBoundary(text, sub) ? 100 : 0) - Math.min(t.length - q.length, 99);
    return { score, positions };
  }
  // Greedy subsequence that prefers word starts: look ahead for a boundary match first.
  const positions: number[] = [];
  let score = 0;
  let from = 0;
  for (let qi = 0; qi < q.length; qi++) {
    const ch = q[qi] as string;
    let at = -1;
    for (let i = from; i < t.length; i++) {
      if (t[i] === ch && isBoundary(text, i)) { at = i; break; }
    }
    const plain = t.indexOf(ch, from);
    if (plain < 0) return null;
    // Take the boundary match only when the plain one would not continue a run.
    if (at < 0 || (positions.length > 0 && plain === (positions[positions.length - 1] as number) + 1)) at = plain;
    const last = positions[positions.length - 1];
    score += 10;
    if (last !== undefined && at === last + 1) score += 15;
    if (isBoundary(text, at)) score += 20;
    positions.push(at);
    from = at + 1;
  }
  score -= Math.min(t.length - q.length, 99) / 4;
  return { score, positions };
}

/** Rank `items` by their key; best first, ties by shorter then alphabetical key. */
export function fuzzySearch<T>(query: string, items: readonly T[], key: (item: T) => string, limit = 20): { item: T; match: FuzzyMatch }[] {
  const out: { item: T; match: FuzzyMatch; key: string }[] = [];
  for (const item of items) {
    const k = key(item);
    const match = fuzzyMatch(query, k);
    if (match) out.push({ item, match, key: k });
  }
  out.sort((a, b) => b.match.score - a.match.score || a.key.length - b.key.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out.slice(0, limit).map(({ item, match }) => ({ item, match }));
}
