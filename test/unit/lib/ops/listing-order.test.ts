import assert from 'node:assert/strict'
import {checkedPage, compareKeys, ContinuationsSeen, EntryOrder, inconsistentListing, INCONSISTENT_LISTING, KeyOrder, markersPageEnd} from '../../../../src/lib/ops/listing-order.js'

describe('listing order', () => {
  it('compares keys as S3 does: UTF-8 bytes, not UTF-16 units', () => {
    // U+FF5E (3 UTF-8 bytes, EF BD 9E) sorts before U+1F600 (F0...), though its UTF-16 unit is the larger.
    assert.ok(compareKeys('\uff5e', '\u{1f600}') < 0)
    assert.ok('\uff5e' > '\u{1f600}')
    assert.equal(compareKeys('a', 'a'), 0)
  })

  it('keys: strictly increasing across pages, under the prefix', () => {
    const order = new KeyOrder('p/')
    assert.equal(order.check({keys: ['p/a', 'p/b'], prefixes: []}), undefined)
    order.accept({keys: ['p/a', 'p/b'], prefixes: []})
    assert.equal(order.check({keys: ['p/b', 'p/c'], prefixes: []}), 'went backwards at key p/b', 'the last key again')
    assert.equal(order.check({keys: ['p/a'], prefixes: []}), 'went backwards at key p/a')
    assert.equal(order.check({keys: ['p/d', 'p/c'], prefixes: []}), 'went backwards at key p/c', 'out of order within a page')
    assert.equal(order.check({keys: ['q/x'], prefixes: []}), 'gave key q/x outside the prefix p/')
    assert.equal(order.check({keys: [], prefixes: ['p/a/']}), 'went backwards at prefix p/a/')
    assert.equal(order.check({keys: ['p/c'], prefixes: ['p/d/']}), undefined)
    assert.equal(order.pages, 1)
  })

  it('keys: a common prefix given again at the start of the next page is allowed once and dropped (v1 markers)', () => {
    const order = new KeyOrder()
    order.accept({keys: ['a'], prefixes: ['b/']})
    const page = {keys: ['c'], prefixes: ['b/', 'd/']}
    assert.equal(order.check(page), undefined)
    assert.deepEqual(order.accept(page), ['d/'])
    assert.equal(order.check({keys: [], prefixes: ['d/', 'd/']}), 'went backwards at prefix d/', 'not twice in one page')
  })

  it('keys: start-after is the first bound', () => {
    const order = new KeyOrder('', 'm')
    assert.equal(order.check({keys: ['l'], prefixes: []}), 'went backwards at key l')
    assert.equal(order.check({keys: ['n'], prefixes: []}), undefined)
  })

  it('versions and uploads: by key, a key\'s ids never twice, even across pages', () => {
    const order = new EntryOrder<{key: string; id: string}>((e) => e.id, 'k')
    const page1 = [{key: 'k1', id: 'a'}, {key: 'k2', id: 'a'}, {key: 'k2', id: 'b'}]
    assert.equal(order.check(page1), undefined)
    order.accept(page1)
    assert.equal(order.check([{key: 'k2', id: 'c'}, {key: 'k3', id: 'a'}]), undefined, 'a key running on across the boundary')
    assert.equal(order.check([{key: 'k2', id: 'b'}]), 'went backwards at key k2', 'an id of the page before')
    assert.equal(order.check(page1), 'went backwards at key k1', 'the page repeated')
    assert.equal(order.check([{key: 'x', id: 'a'}]), 'gave key x outside the prefix k')
  })

  it('a truncated page must say where to go on, and never the same way twice', () => {
    const seen = new ContinuationsSeen()
    assert.equal(markersPageEnd(false, seen, undefined, undefined), undefined)
    assert.equal(markersPageEnd(true, seen, undefined, 'v'), 'is truncated but gave no key marker')
    assert.equal(markersPageEnd(true, seen, 'k', 'v'), undefined)
    seen.add('k', 'v')
    assert.equal(markersPageEnd(true, seen, 'k', 'v'), 'gave the markers of a page before again')
    assert.equal(markersPageEnd(true, seen, 'k', 'w'), undefined)
  })

  it('a bad page is asked for once more, then fails with a StorageError not retried', async () => {
    const pages = ['bad', 'good']
    let reads = 0
    const fail = (problem: string) => inconsistentListing('list', 'the listing of b', problem, 2)
    const page = await checkedPage(async () => pages[reads++], (p) => (p === 'bad' ? 'went backwards at key k' : undefined), fail)
    assert.equal(page, 'good')
    reads = 0
    await assert.rejects(checkedPage(async () => 'bad' + reads++, () => 'went backwards at key k', fail), (error: Error & {code?: string}) => {
      assert.equal(error.message, 'list: the listing of b went backwards at key k (page 2): the server\'s listing is inconsistent')
      assert.equal(error.code, INCONSISTENT_LISTING)
      return true
    })
    assert.equal(reads, 2, 'asked twice, not more')
  })
})
