import assert from 'node:assert/strict'
import {StorageError} from '../../../../src/lib/errors.js'
import {normalizeRange, plainMd5} from '../../../../src/lib/ops/download.js'
import {ValueError} from '../../../../src/lib/types.js'

describe('download checks', function () {
  it('normalizes ranges', function () {
    assert.equal(normalizeRange('bytes=0-9'), 'bytes=0-9')
    assert.equal(normalizeRange('10-'), 'bytes=10-')
    assert.equal(normalizeRange('bytes=-5'), 'bytes=-5')
    assert.equal(normalizeRange({start: 3, end: 4}), 'bytes=3-4')
    assert.throws(() => normalizeRange('bytes=a-b'), /invalid range/)
    assert.throws(() => normalizeRange({start: 5, end: 1}), /invalid range/)
  })

  it('refuses malformed and empty ranges as usage errors (servers answer them with the whole object)', function () {
    for (const range of ['foo', 'bytes=0-1,3-4', 'bytes=-0', 'bytes=5-3', 'bytes=', '-', 'bytes=1.5-2']) {
      assert.throws(() => normalizeRange(range), (e: unknown) => e instanceof StorageError && e.exception instanceof ValueError && /invalid range/.test(e.message), range)
    }
    assert.throws(() => normalizeRange({start: 1.5}), /invalid range/)
    assert.throws(() => normalizeRange({start: 0, end: Number.NaN}), /invalid range/)
    assert.equal(normalizeRange('bytes=3-3'), 'bytes=3-3', 'one byte is not empty')
  })

  it('trusts only plain MD5 ETags', function () {
    const r = (headers: Record<string, string>) => ({statusCode: 200, headers, body: Buffer.alloc(0), method: 'GET', url: ''})
    assert.equal(plainMd5(r({etag: '"5D41402ABC4B2A76B9719D911017C592"'})), '5d41402abc4b2a76b9719d911017c592')
    assert.equal(plainMd5(r({etag: '"5d41402abc4b2a76b9719d911017c592-3"'})), undefined)
    assert.equal(plainMd5(r({etag: '"5d41402abc4b2a76b9719d911017c592"', 'x-amz-server-side-encryption': 'aws:kms'})), undefined)
  })
})
