import assert from 'node:assert/strict'
import type {VersionEntry} from '../../../src/lib/ops/listing.js'
import type {S3Key} from '../../../src/lib/types.js'
import {keyLine, uploadLine, versionLine} from '../../../src/output/listing-lines.js'

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

  it('shows sizes and dates for humans with --human-readable, fields in their places', () => {
    assert.match(keyLine({...key(null), size: 1.5 * 1024 * 1024}, {human: true}), /^"abc" STANDARD {6}1\.5 MiB \d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}dir\/a b\.txt$/)
  })

  it('prints versions with * on the current one and delete markers in place of a size', () => {
    const v: VersionEntry = {key: 'a', versionId: 'v1', deleteMarker: false, isLatest: true, lastModified: '2024-01-01T00:00:00.000Z', size: 12, eTag: '"e"', storageClass: 'STANDARD', owner: null}
    assert.equal(versionLine(v), '2024-01-01T00:00:00.000Z *              12 v1 a')
    assert.equal(versionLine({...v, isLatest: false, deleteMarker: true, size: 0, versionId: 'm'}), '2024-01-01T00:00:00.000Z   (delete marker) m a')
    assert.match(versionLine({...v, size: 2048}, {human: true}), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \* {9}2\.0 KiB v1 a$/)
  })

  it('prints an upload as initiated, upload id, key', () => {
    assert.equal(uploadLine({key: 'big file', uploadId: '2~x', initiated: '2024-01-01T00:00:00.000Z'}), '2024-01-01T00:00:00.000Z 2~x big file')
  })
})
