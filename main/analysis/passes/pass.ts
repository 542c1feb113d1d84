/**
 * The shape of an elimination pass: a stable name, a title a person understands,
 * the rule in a sentence, and a function that clears what the rule accounts for.
 */
import type { Clearing } from '../../../preload/model';
import type { PassState, RuleName } from './accounting';

/** One elimination pass. */
export interface Pass {
  /** Stable identifier used in the investigation file (`freed-locally`). */
  name: string;
  /** One line a person understands. */
  title: string;
  /** The rule, in a sentence, for the write-up and the UI. */
  rule: string;
  /** Outcome rules this pass adds to those of the passes before it. */
  adds: RuleName[];
  /**
   * Clears sites. `allowed` holds the rules of this pass and of every enabled pass
   * before it. Returns the clearings of allocation sites; the runner clears the
   * matching frees.
   */
  run(state: PassState, allowed: ReadonlySet<RuleName>): Clearing[];
}
