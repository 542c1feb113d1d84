/**
 * Pass: owned by a structure (the seed's Pass 2). Memory kept in a struct's fields or
 * in its free list / reserve pool, released by a destroy or reset function of the same
 * struct; constructors whose struct has such a destroy function. A structure is cleared
 * as a unit, like the seed's "the hashtable library is clean": if one of its members
 * cannot be accounted for, none is cleared here.
 */
import { clearByRules } from './rule-pass';
import type { Pass } from './pass';

/** The seed's Pass 2. */
export const ownedByStructurePass: Pass = {
  name: 'owned-by-structure',
  title: 'Owned by a structure whose destroy or reset function frees it',
  rule: 'Stored in a struct field or in its free list / reserve pool, which a destroy or reset function of the same struct frees; cleared per structure, all members or none.',
  adds: ['structure'],
  run(state, allowed) {
    return clearByRules(state, new Set([...allowed, 'structure-header']), 'owned-by-structure', true);
  },
};
