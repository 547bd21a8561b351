import assert from 'node:assert/strict'
import {editDistance, nearest} from '../../../src/app/edit-distance.js'

describe('edit distance', () => {
  it('counts insertions, deletions and substitutions', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3)
    assert.equal(editDistance('flaw', 'lawn'), 2)
    assert.equal(editDistance('bucket:list', 'bucket:lsit'), 2)
    assert.equal(editDistance('same', 'same'), 0)
  })

  it('is symmetric, and the length of the other string when one is empty', () => {
    assert.equal(editDistance('sitting', 'kitten'), editDistance('kitten', 'sitting'))
    assert.equal(editDistance('', 'abc'), 3)
    assert.equal(editDistance('abc', ''), 3)
    assert.equal(editDistance('', ''), 0)
  })

  it('suggests the nearest candidate', () => {
    const ids = ['bucket:list', 'bucket:create', 'object:get', 'object:put']
    assert.equal(nearest('bucket:lst', ids), 'bucket:list')
    assert.equal(nearest('object:gte', ids), 'object:get')
    assert.equal(nearest('object:pot', ids), 'object:put')
  })

  it('suggests nothing more than a third of the input\'s length away, with a floor of 2 edits', () => {
    assert.equal(nearest('abcdefghi', ['abcdefxyz']), 'abcdefxyz', '3 edits for 9 characters')
    assert.equal(nearest('abcdefghi', ['abcdewxyz']), undefined, '4 edits for 9 characters')
    assert.equal(nearest('ab', ['xy']), 'xy', '2 edits are always allowed')
    assert.equal(nearest('ab', ['xyz']), undefined)
    assert.equal(nearest('anything', []), undefined)
  })
})
