/**
 * The common engine of the rule-based passes: clear every remaining allocation site
 * whose every path end is accounted for by the allowed rules. Structures are judged
 * as units: a struct's fields, pools and constructors are cleared together or not
 * at all, so one leaking member keeps the whole structure under suspicion.
 */
import type { Clearing } from '../../../preload/model';
import type { AllocInfo } from '../ownership';
import { Accountant, type Account, type PassState, type RuleName } from './accounting';

/** Words for a clearing from the accounts of a site's outcomes. */
export function evidenceText(accounts: Account[]): string {
  const texts = [...new Set(accounts.map((a) => a.text))];
  return texts.join('; ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Runs the engine with the given rules; `passName` is recorded as the rule of each clearing.
 * With `asUnits` (the owned-by-structure pass) a structure's members are cleared all or
 * none; the later passes judge each site on its own, so one leaking function does not keep
 * every correct user of the same struct in its file a suspect.
 */
export function clearByRules(state: PassState, allowed: ReadonlySet<RuleName>, passName: string, asUnits = false): Clearing[] {
  const acct = new Accountant(state);
  const remaining = () => state.own.allocs.filter((a) => !state.cleared.has(a.site.id) && !a.managed);
  const bad = new Set<string>();
  /** Units the site being accounted asked about: its result can change only when one of them turns bad. */
  let asked: string[] = [];
  /** The answers unitOk gave, in `asked` order. */
  let answers: boolean[] = [];
  // Without asUnits a site's result never depends on the bad units, so nothing is recorded as asked.
  const unitOk = (tag: string): boolean => {
    if (!asUnits) return true;
    asked.push(tag);
    const ok = !bad.has(tag);
    answers.push(ok);
    return ok;
  };
  /**
   * Each site's result in the first sweep of the last round it was accounted in, with every
   * question it asked: which units were clean (and the answers) and which sites were cleared.
   * The accounting depends only on the rules, those answers and the program, so a later round
   * whose first sweep would give the same answers gives the same result: the outer rounds
   * mostly confirm that nothing more clears, and now re-account only the sites that may.
   */
  const firstSweep = new Map<AllocInfo, { accounts: Account[] | undefined; asked: string[]; answers: boolean[]; clearedAsked: string[] }>();
  /** Sites this pass cleared in the round before the current one. */
  let clearedLastRound = new Set<string>();
  const sameAnswers = (memo: { asked: string[]; answers: boolean[]; clearedAsked: string[] }): boolean => {
    for (const id of memo.clearedAsked) if (clearedLastRound.has(id)) return false;
    for (let k = 0; k < memo.asked.length; k++) if (!bad.has(memo.asked[k] ?? '') !== memo.answers[k]) return false;
    return true;
  };
  const out: Clearing[] = [];
  // Outer loop: clearing a wrapper's callers can make the wrapper's own site clear.
  for (let round = 0; round < 8; round++) {
    const sites = remaining();
    bad.clear();
    let results = new Map<string, Account[]>();
    /** Per site: its last result (accounts, or undefined when it failed) and the units it asked about. */
    const last = new Map<AllocInfo, { accounts: Account[] | undefined; asked: string[] }>();
    /** Units turned bad by the previous sweep (every site is accounted on the first); `turned`: by this sweep so far. */
    let fresh: Set<string> | undefined;
    // Inner loop: shrink the set of clean structures until it is stable.
    for (let i = 0; i < 8; i++) {
      results = new Map();
      const turned = new Set<string>();
      for (const a of sites) {
        // The result depends only on the allowed rules, the cleared sites (fixed in a round)
        // and the units asked about: unchanged when none of those turned bad.
        const before = fresh === undefined ? undefined : last.get(a);
        const previousRound = fresh === undefined ? firstSweep.get(a) : undefined;
        let accounts: Account[] | undefined;
        if (before && fresh && !before.asked.some((t) => fresh?.has(t) || turned.has(t))) accounts = before.accounts;
        else if (previousRound && sameAnswers(previousRound)) {
          accounts = previousRound.accounts;
          last.set(a, { accounts, asked: previousRound.asked });
        } else {
          asked = [];
          answers = [];
          const clearedAsked: string[] = [];
          acct.clearedAsked = clearedAsked;
          const r = acct.accountSite(a, allowed, unitOk);
          acct.clearedAsked = undefined;
          accounts = 'accounts' in r ? r.accounts : undefined;
          last.set(a, { accounts, asked });
          if (fresh === undefined) firstSweep.set(a, { accounts, asked, answers, clearedAsked });
        }
        if (accounts) results.set(a.site.id, accounts);
        else {
          for (const t of acct.tagsOf(a)) {
            if (!bad.has(t)) {
              bad.add(t);
              turned.add(t);
            }
          }
        }
      }
      if (turned.size === 0) break;
      fresh = turned;
    }
    let cleared = 0;
    clearedLastRound = new Set();
    for (const a of sites) {
      const accounts = results.get(a.site.id);
      if (!accounts) continue;
      // Only clear here what needs this pass's rules: earlier passes had their chance.
      state.cleared.set(a.site.id, passName);
      clearedLastRound.add(a.site.id);
      cleared++;
      out.push({
        site: a.site.id,
        rule: passName,
        evidence: {
          text: capitalise(evidenceText(accounts)),
          pairedWith: [...new Set(accounts.flatMap((x) => x.pairedWith))],
          chain: [...new Set(accounts.flatMap((x) => x.chain))],
        },
      });
    }
    if (cleared === 0) break;
  }
  return out;
}
