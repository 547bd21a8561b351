import assert from 'node:assert/strict'
import {S3Connection} from '../../../src/lib/connection.js'
import {StorageError} from '../../../src/lib/errors.js'
import {S3Name} from '../../../src/lib/types.js'

const keys = {access_key_id: 'AKID', secret_access_key: 'SECRET'}

describe('S3Connection addressing (pure)', () => {
  it('uses virtual-host style on AWS endpoints, honouring region and tls', () => {
    const aws = new S3Connection({...keys, region: 'us-west-2'})
    assert.equal(aws.url('my-bucket', 'a b/c').toString(), 'https://my-bucket.s3.us-west-2.amazonaws.com/a%20b/c')
    const plain = new S3Connection({...keys, endpoint: 's3-us-west-2.amazonaws.com', tls: false})
    assert.equal(plain.url('my-bucket').toString(), 'http://my-bucket.s3-us-west-2.amazonaws.com/')
    assert.equal(new S3Connection(keys).url().toString(), 'https://s3.amazonaws.com/')
  })

  it('uses path style for custom endpoints, IP addresses and dotted bucket names', () => {
    const custom = new S3Connection({...keys, endpoint: 'http://127.0.0.1:7480'})
    assert.equal(custom.url('b', 'k').toString(), 'http://127.0.0.1:7480/b/k')
    const host = new S3Connection({...keys, endpoint: 'minio.local:9000', tls: false})
    assert.equal(host.url('b', 'x/y').toString(), 'http://minio.local:9000/b/x/y')
    const aws = new S3Connection(keys)
    assert.equal(aws.url('with.dots', 'k').toString(), 'https://s3.amazonaws.com/with.dots/k')
  })

  it('lets addressing_style override the choice', () => {
    const virtual = new S3Connection({...keys, endpoint: 'http://storage.example:8000', addressing_style: 'virtual'})
    assert.equal(virtual.url('b', 'k').toString(), 'http://b.storage.example:8000/k')
    const path = new S3Connection({...keys, addressing_style: 'path'})
    assert.equal(path.url('b', 'k').toString(), 'https://s3.amazonaws.com/b/k')
  })

  it('encodes keys and query values once, keeping slashes', () => {
    const c = new S3Connection({...keys, endpoint: 'http://127.0.0.1:1'})
    assert.equal(c.url('b', 'a//b/ +%#?é/').toString(), 'http://127.0.0.1:1/b/a//b/%20%2B%25%23%3F%C3%A9/')
    assert.equal(c.url('b', undefined, {prefix: 'a b+c', 'list-type': 2, acl: ''}).search, '?prefix=a%20b%2Bc&list-type=2&acl')
    assert.equal(c.url('b', undefined, 'versions&prefix=x').search, '?versions&prefix=x')
  })

  it('resolves remote names: S3Name bucket, else default_bucket, else the seed ValueError', () => {
    const withDefault = new S3Connection({...keys, default_bucket: 'dflt'})
    assert.deepEqual(withDefault.resolve('k'), {bucket: 'dflt', key: 'k'})
    assert.deepEqual(withDefault.resolve(new S3Name('k', 'other')), {bucket: 'other', key: 'k'})
    const without = new S3Connection(keys)
    assert.throws(() => without.resolve('k', 'read'), (e: StorageError) => e instanceof StorageError && e.msg === 'read' && /no bucket for "k"/.test(e.message))
  })

  it('rejects an invalid endpoint with one clear error', () => {
    assert.throws(() => new S3Connection({...keys, endpoint: 'http://'}), /invalid endpoint/)
  })
})
