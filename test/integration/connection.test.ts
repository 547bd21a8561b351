/**
 * The core client against the real RGW: signing of awkward keys and query values, errors,
 * and retries/timeouts through a fault-injecting proxy in front of the server.
 */
import assert from 'node:assert/strict'
import {statSync} from 'node:fs'
import path from 'node:path'
import {S3Connection} from '../../src/lib/client/connection.js'
import {StorageError} from '../../src/lib/errors.js'
import {Storage} from '../../src/lib/storage.js'
import {S3Name} from '../../src/lib/types.js'
import {connectionOptions, tempDir, testServer, uniqueBucket} from '../support/fixtures.js'
import {FaultProxy} from '../support/fault-proxy.js'

const AWKWARD_KEYS = [
  'with space', 'plus+sign', 'per%cent', 'q?mark', 'hash#tag', 'tilde~', 'a//b', 'trailing/',
  'unicode-é日本🎉', "semi;colon=eq&amp'quote", '(parens)*!', 'dollar$at@', 'dots.../.hidden',
]

describe('S3Connection against RGW', function () {
  const bucket = uniqueBucket('conn')
  let connection: S3Connection

  before(async function () {
    this.timeout(180_000)
    connection = new S3Connection(connectionOptions(await testServer()))
    await connection.request({op: 'test', method: 'PUT', bucket})
  })

  after(async () => {
    for (const key of AWKWARD_KEYS) await connection.request({op: 'test', method: 'DELETE', bucket, key}).catch(() => {})
    await connection.request({op: 'test', method: 'DELETE', bucket}).catch(() => {})
    connection.close()
  })

  it('signs and round-trips keys with spaces, + % ? # ~ // unicode and trailing /', async () => {
    for (const key of AWKWARD_KEYS) {
      await connection.request({op: 'test', method: 'PUT', bucket, key, body: `body of ${key}`})
      const got = await connection.request({op: 'test', method: 'GET', bucket, key})
      assert.equal(got.body.toString(), `body of ${key}`, key)
    }
    const listing = await connection.request({op: 'test', method: 'GET', bucket, query: {'list-type': 2, 'encoding-type': 'url'}})
    const listed = [...listing.body.toString().matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => decodeURIComponent(m[1].replace(/\+/g, ' ')).replace(/&apos;/g, "'").replace(/&amp;/g, '&'))
    assert.deepEqual(listed.sort(), [...AWKWARD_KEYS].sort())
  })

  it('refuses keys with . or .. segments instead of writing another key', async () => {
    await assert.rejects(connection.request({op: 'write', method: 'PUT', bucket, key: 'x/../y', body: 'x'}), /"\." or "\.\." path segment/)
  })

  it('signs query values with spaces, + and unicode', async () => {
    const res = await connection.request({op: 'test', method: 'GET', bucket, query: {'list-type': 2, prefix: 'unicode-é日', delimiter: '/'}})
    assert.match(res.body.toString(), /<KeyCount>1<\/KeyCount>/)
    const plus = await connection.request({op: 'test', method: 'GET', bucket, query: {'list-type': 2, prefix: 'plus+'}})
    assert.match(plus.body.toString(), /<Key>plus\+sign<\/Key>/)
  })

  it('turns S3 errors into one StorageError with code, message, request id, bucket and key', async () => {
    await assert.rejects(connection.request({op: 'read', method: 'GET', bucket, key: 'missing'}), (e: StorageError) => {
      assert.ok(e instanceof StorageError)
      assert.equal(e.msg, 'read')
      assert.equal(e.code, 'NoSuchKey')
      assert.equal(e.status, 404)
      assert.ok(e.response && e.response.statusCode === 404)
      assert.match(e.message, new RegExp(`^read \\(s3://${bucket}/missing\\): NoSuchKey: .+\\[request id .+\\]$`))
      return true
    })
  })

  it('gives HEAD errors, which have no body, a meaningful code', async () => {
    await assert.rejects(connection.request({op: 'exists', method: 'HEAD', bucket, key: 'missing'}), {code: 'NoSuchKey'})
    await assert.rejects(connection.request({op: 'bucketExists', method: 'HEAD', bucket: uniqueBucket('none')}), {code: 'NoSuchBucket'})
    const server = await testServer()
    const wrong = new S3Connection({...connectionOptions(server), secret_access_key: 'not-the-secret'})
    await assert.rejects(wrong.request({op: 'exists', method: 'HEAD', bucket, key: 'tilde~'}), (e: StorageError) => e.status === 403 && /AccessDenied|SignatureDoesNotMatch/.test(e.code))
    await assert.rejects(wrong.request({op: 'read', method: 'GET', bucket, key: 'tilde~'}), {code: 'SignatureDoesNotMatch'})
    wrong.close()
  })

  it('keeps storage.response for the last call, success or failure', async () => {
    const storage = new Storage(connection)
    // as unknown: an assertion on storage.response itself would narrow it to null for the rest of the test
    assert.equal(storage.response as unknown, null)
    for await (const b of storage.bucketList()) void b
    assert.equal(storage.response?.statusCode, 200)
    assert.match(storage.response!.body.toString(), /ListAllMyBucketsResult/)
  })
})

describe('retries and timeouts through a fault-injecting proxy', function () {
  const proxy = new FaultProxy()
  const bucket = uniqueBucket('retry')
  let direct: S3Connection
  let endpoint: string
  let log: string[]

  const through = (extra: object = {}) => new S3Connection({...connectionOptions(direct ? serverRef : serverRef), endpoint, ...extra}, {logger: (l) => log.push(l)})
  let serverRef: Awaited<ReturnType<typeof testServer>>

  before(async function () {
    this.timeout(180_000)
    serverRef = await testServer()
    direct = new S3Connection(connectionOptions(serverRef))
    await direct.request({op: 'test', method: 'PUT', bucket})
    await direct.request({op: 'test', method: 'PUT', bucket, key: 'big', body: Buffer.alloc(1024 * 1024, 7)})
    endpoint = await proxy.start(serverRef.endpoint)
  })

  beforeEach(() => {
    proxy.clear()
    log = []
  })

  after(async () => {
    await direct.request({op: 'test', method: 'DELETE', bucket, key: 'big'}).catch(() => {})
    await direct.request({op: 'test', method: 'DELETE', bucket}).catch(() => {})
    direct.close()
    await proxy.stop()
  })

  it('retries 503 SlowDown and succeeds, logging each retry', async () => {
    const c = through({retry: {limit: 4, interval: 0.01}})
    proxy.inject({kind: 'status', status: 503, code: 'SlowDown'}, 2)
    const res = await c.request({op: 'read', method: 'GET', bucket, key: 'big'})
    assert.equal(res.body.length, 1024 * 1024)
    assert.equal(proxy.seen.length, 3)
    assert.equal(log.length, 2)
    assert.match(log[0], /^retry 1\/3 of read GET s3:\/\/.+\/big in \d+\.\ds: SlowDown$/)
    c.close()
  })

  it('retries a connection reset (104) and a PUT with a body', async () => {
    const c = through({retry: {limit: 3, interval: 0.01}})
    proxy.inject({kind: 'reset'}, 1)
    await c.request({op: 'write', method: 'PUT', bucket, key: 'reset-put', body: 'after a reset'})
    assert.equal((await direct.request({op: 't', method: 'GET', bucket, key: 'reset-put'})).body.toString(), 'after a reset')
    assert.deepEqual(proxy.seen.map((s) => s.fault), ['reset', undefined])
    await direct.request({op: 't', method: 'DELETE', bucket, key: 'reset-put'})
    c.close()
  })

  it('stops after `limit` tries in all and reports the last failure', async () => {
    const c = through({retry: {limit: 2, interval: 0.01}})
    proxy.inject({kind: 'status', status: 503, code: 'ServiceUnavailable'}, 5)
    await assert.rejects(c.request({op: 'read', method: 'GET', bucket, key: 'big'}), {code: 'ServiceUnavailable', status: 503})
    assert.equal(proxy.seen.length, 2)
    c.close()
  })

  it('does not retry what status_codes leaves out', async () => {
    const c = through({retry: {limit: 5, interval: 0.01, status_codes: [104]}})
    proxy.inject({kind: 'status', status: 503, code: 'ServiceUnavailable'}, 5)
    await assert.rejects(c.request({op: 'read', method: 'GET', bucket, key: 'big'}), {code: 'ServiceUnavailable'})
    assert.equal(proxy.seen.length, 1)
    c.close()
  })

  it('fails a response that stalls mid-body instead of hanging, then retries it', async function () {
    this.timeout(20_000)
    const c = through({retry: {limit: 2, interval: 0.01}, timeout: 1})
    proxy.inject({kind: 'stall', afterBytes: 1000}, 1)
    const started = Date.now()
    const res = await c.request({op: 'read', method: 'GET', bucket, key: 'big'})
    assert.equal(res.body.length, 1024 * 1024)
    assert.ok(Date.now() - started < 10_000)
    assert.match(log[0], /ETIMEDOUT/)
    c.close()
  })

  it('logs the retries of a download that resumes after a cut, like every other retry', async () => {
    const c = through({retry: {limit: 3, interval: 0.01}})
    proxy.inject({kind: 'cut', afterBytes: 5000}, 1)
    const file = path.join(tempDir(), 'big.bin')
    await new Storage(c).read(new S3Name('big', bucket), file)
    assert.equal(statSync(file).size, 1024 * 1024)
    assert.equal(log.length, 1)
    assert.match(log[0], /^retry 1\/2 of read GET s3:\/\/.+\/big in \d+\.\ds: /)
    c.close()
  })

  it('retries a connection cut mid-body', async () => {
    const c = through({retry: {limit: 2, interval: 0.01}})
    proxy.inject({kind: 'cut', afterBytes: 5000}, 1)
    const res = await c.request({op: 'read', method: 'GET', bucket, key: 'big'})
    assert.equal(res.body.length, 1024 * 1024)
    assert.equal(proxy.seen.length, 2)
    c.close()
  })
})
