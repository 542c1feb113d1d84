import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitSiteRefs } from '../../../renderer/model/site-refs';

const known = new Set(['refill-if-null.c:19:grab_slots', 'lib/nswap_net_io.c:93:kfree', 'a.c:12:kmalloc#2']);

test('site refs: the ids of known sites are cut out of a text, in order', () => {
  assert.deepEqual(splitSiteRefs('returned to callers whose results are not all cleared (not cleared: refill-if-null.c:19:grab_slots)', (id) => known.has(id)), [
    { text: 'returned to callers whose results are not all cleared (not cleared: ' },
    { site: 'refill-if-null.c:19:grab_slots' },
    { text: ')' },
  ]);
  assert.deepEqual(splitSiteRefs('freed by f() (lib/nswap_net_io.c:93:kfree, a.c:12:kmalloc#2)', (id) => known.has(id)), [
    { text: 'freed by f() (' },
    { site: 'lib/nswap_net_io.c:93:kfree' },
    { text: ', ' },
    { site: 'a.c:12:kmalloc#2' },
    { text: ')' },
  ]);
});

test('site refs: look-alikes that are not sites stay text, and a text with none is one part', () => {
  assert.deepEqual(splitSiteRefs('leaks on the path to line 13: x.c:13:malloc is not a site here', (id) => known.has(id)), [{ text: 'leaks on the path to line 13: x.c:13:malloc is not a site here' }]);
  assert.deepEqual(splitSiteRefs('', (id) => known.has(id)), [{ text: '' }]);
  assert.deepEqual(splitSiteRefs('refill-if-null.c:19:grab_slots', (id) => known.has(id)), [{ site: 'refill-if-null.c:19:grab_slots' }]);
});
