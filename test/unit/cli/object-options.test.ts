import assert from 'node:assert/strict'
import {createHash} from 'node:crypto'
import {objectOptionFlags, objectOptionHeaders, OBJECT_OPTIONS, optionsFor} from '../../../src/cli/object-options.js'
import {ValueError} from '../../../src/lib/types.js'

const KEY = Buffer.alloc(32, 1)

describe('the object option table', function () {
  it('has one row per flag, each with a header and a use', function () {
    const flags = OBJECT_OPTIONS.map((o) => o.flag)
    assert.equal(new Set(flags).size, flags.length)
    for (const o of OBJECT_OPTIONS) {
      assert.ok(o.header && o.uses.length > 0, o.flag)
    }
    assert.deepEqual(optionsFor('read').map((o) => o.flag), ['sse-c-key'])
    assert.deepEqual(optionsFor('source').map((o) => o.flag), ['source-sse-c-key'])
    assert.deepEqual(Object.keys(objectOptionFlags('write')), optionsFor('write').map((o) => o.flag))
  })

  it('maps flags to headers', function () {
    const headers = objectOptionHeaders({
      acl: 'public-read', tags: ['a=1', 'b=x y&z'], 'storage-class': 'STANDARD_IA', 'cache-control': 'max-age=60',
      'content-disposition': 'inline', 'content-encoding': 'gzip', 'content-language': 'en', expires: '2030-01-01',
      sse: 'aws:kms', 'sse-kms-key-id': 'key-1',
    }, 'write')
    assert.deepEqual(headers, {
      'x-amz-acl': 'public-read', 'x-amz-tagging': 'a=1&b=x%20y%26z', 'x-amz-storage-class': 'STANDARD_IA', 'cache-control': 'max-age=60',
      'content-disposition': 'inline', 'content-encoding': 'gzip', 'content-language': 'en', expires: 'Tue, 01 Jan 2030 00:00:00 GMT',
      'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': 'key-1',
    })
  })

  it('turns an SSE-C key into algorithm, base64 key and key MD5, for the object or a copy source', function () {
    const md5 = createHash('md5').update(KEY).digest('base64')
    const b64 = KEY.toString('base64')
    for (const key of [b64, KEY.toString('latin1')]) {
      assert.deepEqual(objectOptionHeaders({'sse-c-key': key}, 'read'), {
        'x-amz-server-side-encryption-customer-algorithm': 'AES256',
        'x-amz-server-side-encryption-customer-key': b64,
        'x-amz-server-side-encryption-customer-key-md5': md5,
      })
    }
    assert.deepEqual(Object.keys(objectOptionHeaders({'source-sse-c-key': b64}, 'source')), [
      'x-amz-server-side-encryption-customer-algorithm', 'x-amz-server-side-encryption-customer-key', 'x-amz-server-side-encryption-customer-key-md5',
    ])
  })

  it('ignores flags of other uses, and refuses bad values without echoing a key', function () {
    assert.deepEqual(objectOptionHeaders({acl: 'private'}, 'read'), {})
    const refuse = (flags: Record<string, unknown>, pattern: RegExp) => assert.throws(() => objectOptionHeaders(flags, 'write'), (e: Error) => {
      assert.ok(e instanceof ValueError)
      assert.match(e.message, pattern)
      assert.doesNotMatch(e.message, /my-secret/)
      return true
    })
    refuse({tags: ['a']}, /expected KEY=VALUE/)
    refuse({tags: ['a=1', 'a=2']}, /given twice/)
    refuse({expires: 'never'}, /invalid date/)
    refuse({'sse-c-key': 'my-secret'}, /256 bits/)
    refuse({'sse-kms-key-id': 'k'}, /needs --sse aws:kms/)
    refuse({sse: 'AES256', 'sse-c-key': KEY.toString('base64')}, /exclude each other/)
    refuse({'cache-control': 'a\nb'}, /control character/)
  })
})
