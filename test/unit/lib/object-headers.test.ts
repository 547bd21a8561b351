import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {asCopySourceHeaders, httpDate, sseCustomerHeaders, sseCustomerKey, sseCustomerOnly, taggingHeader} from '../../../src/lib/object-headers.js'

describe('object headers', function () {
  it('encodes tags as a query string', function () {
    assert.equal(taggingHeader({a: '1', 'b c': 'd=e'}), 'a=1&b%20c=d%3De')
    assert.equal(taggingHeader(['k=', 'x=y=z']), 'k=&x=y%3Dz')
  })

  it('reads an SSE-C key as base64, 32 characters or fileb://', function () {
    const key = Buffer.alloc(32, 9)
    const file = path.join(tmpdir(), `sse-c-${process.pid}.bin`)
    writeFileSync(file, key)
    assert.deepEqual(sseCustomerKey(key.toString('base64')), key)
    assert.deepEqual(sseCustomerKey(key.toString('latin1')), key)
    assert.deepEqual(sseCustomerKey(`fileb://${file}`), key)
    assert.throws(() => sseCustomerKey('fileb:///no/such/file'), /ENOENT/)
    assert.throws(() => sseCustomerKey(Buffer.alloc(16)), /has 16 bytes/)
  })

  it('gives copy-source forms of a source key, and picks SSE-C headers out', function () {
    const headers = sseCustomerHeaders(Buffer.alloc(32, 2))
    const copy = asCopySourceHeaders({...headers, 'x-amz-request-payer': 'requester'})
    assert.deepEqual(Object.keys(copy), ['x-amz-copy-source-server-side-encryption-customer-algorithm',
      'x-amz-copy-source-server-side-encryption-customer-key', 'x-amz-copy-source-server-side-encryption-customer-key-md5'])
    assert.deepEqual(Object.values(copy), Object.values(headers))
    assert.deepEqual(sseCustomerOnly({...headers, 'content-type': 'text/plain'}), headers)
    assert.deepEqual(sseCustomerHeaders(Buffer.alloc(32, 2), 'copy-source'), copy)
  })

  it('writes Expires as an HTTP date', function () {
    assert.equal(httpDate('2030-01-02T03:04:05Z'), 'Wed, 02 Jan 2030 03:04:05 GMT')
    assert.equal(httpDate('Wed, 02 Jan 2030 03:04:05 GMT'), 'Wed, 02 Jan 2030 03:04:05 GMT')
    assert.throws(() => httpDate('tomorrow'), /invalid date/)
  })
})
