import assert from 'node:assert/strict'
import {keyLine} from '../../../src/output/listing-lines.js'
import type {S3Key} from '../../../src/lib/types.js'

const key = (owner: S3Key['owner']): S3Key => ({
  key: 'dir/a b.txt', eTag: '"abc"', lastModified: '2024-01-01T00:00:00.000Z', size: 1234, storageClass: 'STANDARD', owner,
})

describe('listing lines', () => {
  it('prints a key as the original did: etag, class, size padded to 12, date, owner, key', () => {
    assert.equal(keyLine(key({id: 'o1', displayName: 'Owner'})), '"abc" STANDARD         1234 2024-01-01T00:00:00.000Z Owner dir/a b.txt')
  })

  it('names the owner by display name, else id, else nothing', () => {
    assert.match(keyLine(key({id: 'o1', displayName: ''})), / o1 dir\/a b\.txt$/)
    assert.match(keyLine(key(null)), /Z {2}dir\/a b\.txt$/)
  })

  it('does not cut sizes wider than 12 digits', () => {
    assert.match(keyLine({...key(null), size: 1234567890123}), / 1234567890123 /)
  })
})
