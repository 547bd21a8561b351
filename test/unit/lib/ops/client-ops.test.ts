/**
 * Operations over an in-memory Client: the request each op builds and how it reads a given
 * answer. Pure logic only: what S3 answers is proven against RGW (test/integration), never here.
 */
import assert from 'node:assert/strict'
import type {Client} from '../../../../src/lib/client/client.js'
import type {S3Connection, S3Request} from '../../../../src/lib/client/connection.js'
import type {S3Response} from '../../../../src/lib/client/response.js'
import {StorageError} from '../../../../src/lib/errors.js'
import {type DeletedEvent, StorageEvents} from '../../../../src/lib/events.js'
import {bucketCreate, bucketExists, bucketList} from '../../../../src/lib/ops/buckets.js'
import {deleteObject, exists, head} from '../../../../src/lib/ops/objects.js'
import {S3Bucket, S3Name, type RemoteName, type Target} from '../../../../src/lib/types.js'

type Answer = Partial<S3Response> | StorageError

/** A Client that records each request and answers from a script, in order. */
class ScriptedClient implements Client {
  readonly sent: S3Request[] = []
  readonly deleted: DeletedEvent[] = []
  readonly connection: S3Connection

  constructor(private readonly answers: Answer[], region = 'eu-west-1') {
    const events = new StorageEvents({deleted: (event) => void this.deleted.push(event)})
    this.connection = {region, events} as unknown as S3Connection
  }

  resolve(remoteName: RemoteName): Target {
    return remoteName instanceof S3Name ? {bucket: remoteName.bucket!, key: remoteName.key} : {bucket: 'default-bucket', key: remoteName}
  }

  async send(req: S3Request): Promise<S3Response> {
    this.sent.push(req)
    const answer = this.answers.shift()
    if (!answer) throw new Error(`no answer scripted for ${req.method} ${req.op}`)
    if (answer instanceof StorageError) throw answer
    return {statusCode: 200, headers: {}, body: Buffer.alloc(0), method: req.method ?? 'GET', url: 'memory:', ...answer}
  }

  async recorded<T>(op: string, call: () => Promise<T>): Promise<T> {
    return this.wrapErrors(op, call)
  }

  async wrapErrors<T>(op: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body()
    } catch (error) {
      throw StorageError.from(op, error)
    }
  }
}

const s3Error = (op: string, status: number, code: string) => new StorageError(op, {code, message: code, status})

describe('ops over an in-memory Client', () => {
  it('exists: a HEAD of the resolved name; a 404 is [false, {}], metadata when found, other failures raise', async () => {
    const client = new ScriptedClient([
      {headers: {'x-amz-meta-color': 'blue', 'content-length': '3'}},
      s3Error('exists', 404, 'NotFound'),
      s3Error('exists', 403, 'AccessDenied'),
    ])
    assert.deepEqual(await exists(client, 'a/b.txt', {versionId: 'v1'}), [true, {'x-amz-meta-color': 'blue'}])
    assert.deepEqual(client.sent[0], {op: 'exists', method: 'HEAD', bucket: 'default-bucket', key: 'a/b.txt', query: {versionId: 'v1'}, headers: undefined})
    assert.deepEqual(await exists(client, new S3Name('gone', 'other')), [false, {}])
    await assert.rejects(exists(client, 'secret'), (error: StorageError) => error.code === 'AccessDenied')
  })

  it('head: reads size, ETag, dates, type, version and storage class from the headers', async () => {
    const client = new ScriptedClient([{headers: {
      'content-length': '1024', etag: '"abc"', 'last-modified': 'Tue, 01 Dec 2026 10:00:00 GMT',
      'content-type': 'text/plain', 'x-amz-version-id': 'v7', 'x-amz-storage-class': 'STANDARD_IA',
    }}])
    const info = await head(client, 'k')
    assert.equal(info.size, 1024)
    assert.equal(info.eTag, '"abc"')
    assert.equal(info.contentType, 'text/plain')
    assert.equal(info.versionId, 'v7')
    assert.equal(info.storageClass, 'STANDARD_IA')
    assert.equal(info.lastModified, 'Tue, 01 Dec 2026 10:00:00 GMT')
  })

  it('deleteObject: one DELETE, then the deleted event (with the version when one was named)', async () => {
    const client = new ScriptedClient([{statusCode: 204}, {statusCode: 204}])
    await deleteObject(client, 'k1')
    await deleteObject(client, 'k2', {versionId: 'v2'})
    assert.deepEqual(client.sent.map((r) => [r.method, r.key, r.query]), [['DELETE', 'k1', undefined], ['DELETE', 'k2', {versionId: 'v2'}]])
    assert.deepEqual(client.deleted, [
      {bucket: 'default-bucket', key: 'k1', op: 'delete'},
      {bucket: 'default-bucket', key: 'k2', versionId: 'v2', op: 'delete'},
    ])
  })

  it('deleteObject: no event when the DELETE failed', async () => {
    const client = new ScriptedClient([s3Error('delete', 403, 'AccessDenied')])
    await assert.rejects(deleteObject(client, 'k'))
    assert.deepEqual(client.deleted, [])
  })

  it('bucketExists: true on 200, false on 404, raises on 403 (the bucket is someone else\'s); a bad name sends nothing', async () => {
    const client = new ScriptedClient([{}, s3Error('bucketExists', 404, 'NoSuchBucket'), s3Error('bucketExists', 403, 'AccessDenied')])
    assert.equal(await bucketExists(client, 'mine'), true)
    assert.equal(await bucketExists(client, 'missing'), false)
    await assert.rejects(bucketExists(client, 'theirs'), (error: StorageError) => error.status === 403)
    await assert.rejects(bucketExists(client, 'no/slash'), (error: StorageError) => error.op === 'bucketExists')
    assert.equal(client.sent.length, 3)
  })

  it('bucketCreate: names the region in CreateBucketConfiguration, except us-east-1, which S3 wants left out', async () => {
    const client = new ScriptedClient([{}, {}])
    await bucketCreate(client, 'new-bucket', {'x-amz-acl': 'private'})
    await bucketCreate(client, 'east-bucket', {}, undefined, {region: 'us-east-1'})
    const [inRegion, east] = client.sent
    assert.equal(inRegion.method, 'PUT')
    assert.deepEqual(inRegion.headers, {'x-amz-acl': 'private'})
    assert.match(String(inRegion.body), /<LocationConstraint>eu-west-1<\/LocationConstraint>/)
    assert.equal(east.body, undefined)
  })

  it('bucketList: yields S3Bucket instances from the ListAllMyBucketsResult document', async () => {
    const body = Buffer.from('<?xml version="1.0"?><ListAllMyBucketsResult><Buckets>'
      + '<Bucket><Name>a</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>'
      + '<Bucket><Name>b</Name><CreationDate>2026-02-01T00:00:00.000Z</CreationDate></Bucket>'
      + '</Buckets></ListAllMyBucketsResult>')
    const client = new ScriptedClient([{body}])
    const buckets: S3Bucket[] = []
    for await (const bucket of bucketList(client)) buckets.push(bucket)
    assert.ok(buckets.every((b) => b instanceof S3Bucket))
    assert.deepEqual(buckets.map((b) => [b.name, b.creationDate]), [['a', '2026-01-01T00:00:00.000Z'], ['b', '2026-02-01T00:00:00.000Z']])
    assert.equal(client.sent[0].xmlRoot, 'ListAllMyBucketsResult')
  })
})
