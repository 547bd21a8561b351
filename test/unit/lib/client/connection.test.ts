import assert from 'node:assert/strict'
import {S3Connection} from '../../../../src/lib/client/connection.js'
import {StorageError} from '../../../../src/lib/errors.js'
import {ConfigError} from '../../../../src/lib/settings/options.js'
import {S3Name, ValueError} from '../../../../src/lib/types.js'

const keys = {access_key_id: 'AKID', secret_access_key: 'SECRET'}

describe('S3Connection addressing (pure)', () => {
  it('uses virtual-host style on AWS endpoints, honouring region and tls', () => {
    const aws = new S3Connection({...keys, region: 'us-west-2'})
    assert.equal(aws.url('my-bucket', 'a b/c').toString(), 'https://my-bucket.s3.us-west-2.amazonaws.com/a%20b/c')
    const plain = new S3Connection({...keys, endpoint: 's3-us-west-2.amazonaws.com', tls: false})
    assert.equal(plain.url('my-bucket').toString(), 'http://my-bucket.s3-us-west-2.amazonaws.com/')
    assert.equal(new S3Connection(keys).url().toString(), 'https://s3.us-east-1.amazonaws.com/')
  })

  it('uses path style for custom endpoints, IP addresses and dotted bucket names', () => {
    const custom = new S3Connection({...keys, endpoint: 'http://127.0.0.1:7480'})
    assert.equal(custom.url('b', 'k').toString(), 'http://127.0.0.1:7480/b/k')
    const host = new S3Connection({...keys, endpoint: 'minio.local:9000', tls: false})
    assert.equal(host.url('b', 'x/y').toString(), 'http://minio.local:9000/b/x/y')
    const aws = new S3Connection(keys)
    assert.equal(aws.url('with.dots', 'k').toString(), 'https://s3.us-east-1.amazonaws.com/with.dots/k')
  })

  it('lets addressing_style override the choice', () => {
    const virtual = new S3Connection({...keys, endpoint: 'http://storage.example:8000', addressing_style: 'virtual'})
    assert.equal(virtual.url('b', 'k').toString(), 'http://b.storage.example:8000/k')
    const path = new S3Connection({...keys, addressing_style: 'path'})
    assert.equal(path.url('b', 'k').toString(), 'https://s3.us-east-1.amazonaws.com/b/k')
  })

  it('encodes keys and query values once, keeping slashes', () => {
    const c = new S3Connection({...keys, endpoint: 'http://127.0.0.1:1'})
    assert.equal(c.url('b', 'a//b/ +%#?é/').toString(), 'http://127.0.0.1:1/b/a//b/%20%2B%25%23%3F%C3%A9/')
    assert.equal(c.url('b', undefined, {prefix: 'a b+c', 'list-type': 2, acl: ''}).search, '?prefix=a%20b%2Bc&list-type=2&acl')
    assert.equal(c.url('b', undefined, 'versions&prefix=x').search, '?versions&prefix=x')
  })

  it('resolves remote names: S3Name bucket, else default_bucket, else the original\'s ValueError, saying how to name a bucket', () => {
    const withDefault = new S3Connection({...keys, default_bucket: 'dflt'})
    assert.deepEqual(withDefault.resolve('k'), {bucket: 'dflt', key: 'k'})
    assert.deepEqual(withDefault.resolve(new S3Name('k', 'other')), {bucket: 'other', key: 'k'})
    const without = new S3Connection(keys)
    assert.throws(() => without.resolve('k', 'read'), (e: Error) => e instanceof ValueError && /^read: no bucket for "k"/.test(e.message), 'the original\'s ValueError')
    // A library user is told how to name a bucket in the library, not in the CLI's words.
    assert.throws(() => without.resolve('k', 'read'), (e: Error) => /new S3Name\(key, bucket\) or S3Name\.parse\('s3:\/\/bucket\/key'\)/.test(e.message) && !/--bucket/.test(e.message))
  })

  it('refuses invalid bucket names as it resolves, before anything is sent', () => {
    const c = new S3Connection({...keys, default_bucket: 'dflt'})
    const usage = (pattern: RegExp) => (e: unknown) => e instanceof StorageError && e.exception instanceof ValueError && pattern.test(e.message)
    assert.throws(() => c.resolve(new S3Name('k', 'ab'), 'write'), usage(/write: invalid bucket name "ab": .*3 to 255/))
    assert.throws(() => c.resolve(new S3Name('k', 'a/b/c')), usage(/only hold letters/))
    assert.deepEqual(c.resolve(new S3Name('k', 'Old_Bucket')), {bucket: 'Old_Bucket', key: 'k'}, 'legacy names of existing buckets still work')
  })

  it('refuses headers HTTP cannot carry before the first try', async () => {
    const c = new S3Connection({...keys, endpoint: 'http://127.0.0.1:1', retry: {limit: 1}})
    const usage = (pattern: RegExp) => (e: unknown) => e instanceof StorageError && e.exception instanceof ValueError && pattern.test(e.message)
    await assert.rejects(c.request({op: 'write', method: 'PUT', bucket: 'b', key: 'k', headers: {'x-amz-meta-name': 'é'}}), usage(/write: .*x-amz-meta-name.*non-ASCII/))
    await assert.rejects(c.request({op: 'write', method: 'PUT', bucket: 'b', key: 'k', headers: {'x-amz-meta-a b': 'v'}}), usage(/header name "x-amz-meta-a b"/))
    await assert.rejects(c.requestStream(() => ({op: 'read', method: 'GET', bucket: 'b', key: 'k', headers: {'x-a': 'b\nc'}}), async () => undefined), usage(/line break/))
  })

  it('rejects an invalid endpoint with one clear configuration error', () => {
    const config = (pattern: RegExp) => (e: unknown) => e instanceof ConfigError && pattern.test((e as Error).message)
    assert.throws(() => new S3Connection({...keys, endpoint: 'http://'}), config(/invalid endpoint/))
    assert.throws(() => new S3Connection({...keys, endpoint: '127.0.0.1:99999'}), config(/invalid endpoint "127.0.0.1:99999"/))
    assert.throws(() => new S3Connection({...keys, endpoint: 'ftp://files.example'}), config(/scheme must be http or https, not ftp/))
  })

  it('keeps the endpoint\'s path as a prefix of every request path, in both addressing styles; refuses a query or fragment', () => {
    const c = new S3Connection({...keys, endpoint: 'http://gw.example:8080/s3/'})
    assert.equal(c.url().toString(), 'http://gw.example:8080/s3/')
    assert.equal(c.url('b', 'a/k 1', {uploads: ''}).toString(), 'http://gw.example:8080/s3/b/a/k%201?uploads')
    const virtual = new S3Connection({...keys, endpoint: 'https://gw.example/deep/er', addressing_style: 'virtual'})
    assert.equal(virtual.url('b', 'k').toString(), 'https://b.gw.example/deep/er/k')
    const config = (pattern: RegExp) => (e: unknown) => e instanceof ConfigError && pattern.test((e as Error).message)
    assert.throws(() => new S3Connection({...keys, endpoint: 'http://gw.example/s3?x=1'}), config(/query string or fragment/))
    assert.throws(() => new S3Connection({...keys, endpoint: 'http://gw.example/#top'}), config(/query string or fragment/))
  })

  // What AWS's endpoint rules for S3 give (as resolved by the AWS SDK for JavaScript v3's S3
  // endpoint rule set, 3.1175, no FIPS, no dual-stack, no global us-east-1), per partition:
  // [region, bucket, URL, signing region].
  const PUBLISHED: [string, string | undefined, string, string][] = [
    ['us-east-1', undefined, 'https://s3.us-east-1.amazonaws.com/', 'us-east-1'],
    ['us-east-1', 'my-bucket', 'https://my-bucket.s3.us-east-1.amazonaws.com/', 'us-east-1'],
    ['aws-global', undefined, 'https://s3.amazonaws.com/', 'us-east-1'],
    ['aws-global', 'my-bucket', 'https://my-bucket.s3.amazonaws.com/', 'us-east-1'],
    ['aws-global', 'my.bucket', 'https://s3.amazonaws.com/my.bucket', 'us-east-1'],
    ['eu-west-1', 'my-bucket', 'https://my-bucket.s3.eu-west-1.amazonaws.com/', 'eu-west-1'],
    ['eu-west-1', 'my.bucket', 'https://s3.eu-west-1.amazonaws.com/my.bucket', 'eu-west-1'],
    ['cn-north-1', undefined, 'https://s3.cn-north-1.amazonaws.com.cn/', 'cn-north-1'],
    ['cn-north-1', 'my-bucket', 'https://my-bucket.s3.cn-north-1.amazonaws.com.cn/', 'cn-north-1'],
    ['cn-north-1', 'my.bucket', 'https://s3.cn-north-1.amazonaws.com.cn/my.bucket', 'cn-north-1'],
    ['us-gov-west-1', 'my-bucket', 'https://my-bucket.s3.us-gov-west-1.amazonaws.com/', 'us-gov-west-1'],
    ['us-iso-east-1', 'my-bucket', 'https://my-bucket.s3.us-iso-east-1.c2s.ic.gov/', 'us-iso-east-1'],
    ['us-isob-east-1', 'my-bucket', 'https://my-bucket.s3.us-isob-east-1.sc2s.sgov.gov/', 'us-isob-east-1'],
    ['us-isob-east-1', 'my.bucket', 'https://s3.us-isob-east-1.sc2s.sgov.gov/my.bucket', 'us-isob-east-1'],
    ['eu-isoe-west-1', 'my-bucket', 'https://my-bucket.s3.eu-isoe-west-1.cloud.adc-e.uk/', 'eu-isoe-west-1'],
    ['us-isof-south-1', 'my-bucket', 'https://my-bucket.s3.us-isof-south-1.csp.hci.ic.gov/', 'us-isof-south-1'],
    ['eusc-de-east-1', 'my-bucket', 'https://my-bucket.s3.eusc-de-east-1.amazonaws.eu/', 'eusc-de-east-1'],
    ['xx-foo-1', 'my-bucket', 'https://my-bucket.s3.xx-foo-1.amazonaws.com/', 'xx-foo-1'],
  ]

  it('finds S3 on AWS as AWS\'s endpoint rules say, for every partition; aws-global is s3.amazonaws.com signed as us-east-1', () => {
    for (const [region, bucket, url, signedFor] of PUBLISHED) {
      const c = new S3Connection({...keys, region})
      // A bucket's own URL in path style ends in "/" here, as a folder of keys (the rules leave it off: S3 takes both).
      const got = c.url(bucket).toString()
      assert.equal(bucket && got.endsWith(`/${bucket}/`) ? got.slice(0, -1) : got, url, `${region} ${bucket}`)
      assert.equal(c.region, signedFor, region)
      // The signature's scope names the signing region (a presigned URL shows it).
      const presigned = new URL(c.presign({method: 'GET', bucket: bucket ?? 'b', key: 'k', expiresIn: 60}, new Date('2026-01-01T00:00:00Z')))
      assert.match(presigned.searchParams.get('X-Amz-Credential')!, new RegExp(`^AKID/20260101/${signedFor}/s3/aws4_request$`))
    }
  })

  it('keeps the endpoint\'s path in presigned URLs, signed as part of the path', () => {
    const c = new S3Connection({...keys, endpoint: 'http://gw.example:8080/s3'})
    const url = new URL(c.presign({method: 'GET', bucket: 'b', key: 'a/k 1', expiresIn: 60}))
    assert.equal(url.origin + url.pathname, 'http://gw.example:8080/s3/b/a/k%201')
    const other = new URL(new S3Connection({...keys, endpoint: 'http://gw.example:8080/t3'}).presign({method: 'GET', bucket: 'b', key: 'a/k 1', expiresIn: 60}, new Date(url.searchParams.get('X-Amz-Date')!.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'))))
    assert.notEqual(other.searchParams.get('X-Amz-Signature'), url.searchParams.get('X-Amz-Signature'), 'the prefix is signed')
  })

  it('uses virtual hosts on every AWS partition\'s hosts, path style elsewhere', () => {
    for (const host of ['s3-us-west-2.amazonaws.com', 's3.cn-north-1.amazonaws.com.cn', 's3.us-iso-east-1.c2s.ic.gov', 's3.eusc-de-east-1.amazonaws.eu']) {
      assert.equal(new S3Connection({...keys, endpoint: host}).url('bkt', 'k').host, `bkt.${host}`, host)
    }
    for (const host of ['storage.example', 'notamazonaws.com', '127.0.0.1:7480']) {
      assert.equal(new S3Connection({...keys, endpoint: host}).url('bkt', 'k').pathname, '/bkt/k', host)
    }
  })
})
