/**
 * The bucket methods of Storage against a real RGW: the seed's bucket examples, every
 * configuration getter/setter/deleter, emptying, permissions, and bad input.
 */
import assert from 'node:assert/strict'
import {StorageError} from '../../src/lib/errors.js'
import {BUCKET_CONFIGS} from '../../src/lib/ops/subresource-tables.js'
import type {Storage} from '../../src/lib/storage.js'
import * as library from '../../src/index.js'
import {ValueError, type S3Key} from '../../src/lib/types.js'
import {makeStorage, removeBuckets, uniqueBucket} from '../support/fixtures.js'

const put = (s: Storage, bucket: string, key: string, body = 'x') => s.connection.request({op: 'test', method: 'PUT', bucket, key, body})
const rejectsWith = (code: string) => (e: unknown) => {
  assert.ok(e instanceof StorageError, String(e))
  assert.equal(e.code, code, e.message)
  return true
}

describe('Storage bucket methods', function () {
  let storage: Storage
  let other: Storage
  const created: string[] = []
  const newBucket = async (prefix = 'tb') => {
    const bucket = uniqueBucket(prefix)
    await storage.bucketCreate(bucket)
    created.push(bucket)
    return bucket
  }

  before(async () => {
    storage = await makeStorage('owner')
    other = await makeStorage('other')
  })

  after(async function () {
    this.timeout(120_000)
    await removeBuckets(storage, created)
    storage.connection.close()
    other.connection.close()
  })

  describe('the seed\'s examples', () => {
    it('creates a bucket, asserts it exists, deletes it, asserts it does not', async () => {
      const myBucket = uniqueBucket('com-prometheus-my-bucket')
      await storage.bucketCreate(myBucket)
      assert.equal(await storage.bucketExists(myBucket), true)
      assert.equal(storage.response?.statusCode, 200)
      await storage.bucketDelete(myBucket)
      assert.equal(await storage.bucketExists(myBucket), false)
    })

    it('lists all the buckets and all the keys in each bucket', async () => {
      const bucket = await newBucket()
      await put(storage, bucket, 'a/one', 'hello')
      await put(storage, bucket, 'two')
      let seen = false
      for await (const b of storage.bucketList()) {
        assert.ok(b.name && b.creationDate)
        if (b.name !== bucket) continue
        seen = true
        const keys: S3Key[] = []
        for await (const key of storage.bucketListKeys(b.name)) keys.push(key as S3Key)
        assert.deepEqual(keys.map((k) => [k.key, k.size]), [['a/one', 5], ['two', 1]])
        for (const key of keys) {
          assert.equal(key.owner?.displayName, 'Owner')
          assert.match(key.lastModified, /^\d{4}-\d\d-\d\dT/)
          assert.match(key.eTag, /^"[0-9a-f]{32}"$/)
          assert.equal(key.storageClass, 'STANDARD')
        }
      }
      assert.ok(seen)
    })

    it('yields the original\'s classes: S3Bucket, S3Key with an S3Owner, exported by the library', async () => {
      const bucket = await newBucket()
      await put(storage, bucket, 'k', 'abc')
      const buckets = []
      for await (const b of storage.bucketList()) buckets.push(b)
      assert.ok(buckets.length > 0 && buckets.every((b) => b instanceof library.S3Bucket), 'bucketList yields S3Bucket instances')
      const keys = []
      for await (const k of storage.bucketListKeys(bucket)) keys.push(k)
      assert.equal(keys.length, 1)
      const [key] = keys
      assert.ok(key instanceof library.S3Key, 'bucketListKeys yields S3Key instances')
      assert.ok(key.owner instanceof library.S3Owner, 'its owner is an S3Owner')
      assert.deepEqual({key: key.key, size: key.size, displayName: key.owner.displayName}, {key: 'k', size: 3, displayName: 'Owner'})
      const made = new library.S3Key({key: 'x', eTag: '"e"', lastModified: '2024-01-01T00:00:00.000Z', size: 1, storageClass: 'STANDARD', owner: null})
      assert.equal(made.key, 'x')
    })

    it('applies the write-only policy: the other user can put but not get or list', async () => {
      const bucket = await newBucket()
      await put(storage, bucket, 'existing')
      await storage.bucketSetPolicy(bucket, {
        Version: '2008-10-17',
        Id: 'BucketUploadNoDelete',
        Statement: [{
          Sid: 'Stmt01',
          Effect: 'Allow',
          Principal: {AWS: 'arn:aws:iam:::user/other'},
          Action: ['s3:AbortMultipartUpload', 's3:ListMultipartUploadParts', 's3:PutObject'],
          Resource: [`arn:aws:s3:::${bucket}/*`, `arn:aws:s3:::${bucket}`],
        }],
      })
      const policy = await storage.bucketGetPolicy(bucket)
      assert.equal(policy.Id, 'BucketUploadNoDelete')
      // (What `other` writes, `other` owns, so S3 lets it read that back; the owner's objects stay closed.)
      await put(other, bucket, 'from-other', 'written by other')
      await assert.rejects(other.connection.request({op: 'read', method: 'GET', bucket, key: 'existing'}), rejectsWith('AccessDenied'))
      await assert.rejects(async () => {
        for await (const _ of other.bucketListKeys(bucket)) void _
      }, rejectsWith('AccessDenied'))
      await assert.rejects(other.connection.request({op: 'delete', method: 'DELETE', bucket, key: 'existing'}), rejectsWith('AccessDenied'))
      // The owner sees what the other user wrote.
      const keys: string[] = []
      for await (const k of storage.bucketListKeys(bucket)) keys.push((k as S3Key).key)
      assert.deepEqual(keys, ['existing', 'from-other'])
    })
  })

  describe('create, exists, delete', () => {
    it('rejects invalid names before sending, naming the rule', async () => {
      const before = storage.response
      for (const [name, rule] of [['my_bucket', /underscores/], ['ab', /3 to 63/], ['MyBucket', /uppercase/], ['10.0.0.1', /IP address/]] as const) {
        await assert.rejects(storage.bucketCreate(name), (e: unknown) => {
          assert.ok(e instanceof StorageError && e.exception instanceof ValueError)
          assert.match(e.message, rule)
          assert.match(e.message, /^bucketCreate: invalid bucket name/)
          return true
        })
      }
      assert.equal(storage.response, before, 'nothing was sent')
    })

    it('sends headers (a canned ACL) with the create', async () => {
      const bucket = uniqueBucket('tb-acl')
      await storage.bucketCreate(bucket, {'x-amz-acl': 'public-read'})
      created.push(bucket)
      const acl = JSON.stringify(await storage.bucketGetAcl(bucket))
      assert.match(acl, /AllUsers.*READ/)
    })

    it('sends the connection\'s region as LocationConstraint, and none for us-east-1', async () => {
      const regional = await makeStorage('owner', {region: 'default'})
      const bucket = uniqueBucket('tb-region')
      await regional.bucketCreate(bucket)
      created.push(bucket)
      assert.deepEqual(await storage.bucketGetLocation(bucket), {LocationConstraint: 'default'})
      const elsewhere = await makeStorage('owner', {region: 'eu-west-1'})
      await assert.rejects(elsewhere.bucketCreate(uniqueBucket('tb-region')), rejectsWith('InvalidLocationConstraint'))
      regional.connection.close()
      elsewhere.connection.close()
    })

    it('sends the given data instead of the default configuration (a bad one is rejected)', async () => {
      const bucket = uniqueBucket('tb-loc')
      await assert.rejects(storage.bucketCreate(bucket, {}, {CreateBucketConfiguration: {LocationConstraint: 'no-such-region'}}),
        (e: unknown) => e instanceof StorageError && e.status === 400)
      assert.equal(await storage.bucketExists(bucket), false)
    })

    it('bucketExists: false for a missing bucket, AccessDenied for another user\'s bucket', async () => {
      const bucket = await newBucket()
      assert.equal(await storage.bucketExists(uniqueBucket('missing')), false)
      await assert.rejects(other.bucketExists(bucket), rejectsWith('AccessDenied'))
    })

    it('refuses to delete a bucket that is not empty, or someone else\'s', async () => {
      const bucket = await newBucket()
      await put(storage, bucket, 'k')
      await assert.rejects(storage.bucketDelete(bucket), rejectsWith('BucketNotEmpty'))
      await assert.rejects(other.bucketDelete(bucket), rejectsWith('AccessDenied'))
      await assert.rejects(other.bucketSetCors(bucket, {CORSRule: {AllowedOrigin: '*', AllowedMethod: 'GET'}}), rejectsWith('AccessDenied'))
      assert.equal(await storage.bucketExists(bucket), true)
      await assert.rejects(storage.bucketGetCors(bucket), rejectsWith('NoSuchCORSConfiguration'))
    })

    it('deleting a missing bucket is NoSuchBucket', async () => {
      await assert.rejects(storage.bucketDelete(uniqueBucket('missing')), rejectsWith('NoSuchBucket'))
    })
  })

  describe('bucketGet and bucketGetVersions', () => {
    it('bucketGet returns one parsed page, with params as an object or a query string', async () => {
      const bucket = await newBucket()
      for (const k of ['a', 'b', 'c']) await put(storage, bucket, k)
      const page = await storage.bucketGet(bucket, {'max-keys': 2}) as {ListBucketResult: {IsTruncated: string; Contents: unknown[]}}
      assert.equal(page.ListBucketResult.IsTruncated, 'true')
      assert.equal(page.ListBucketResult.Contents.length, 2)
      const next = await storage.bucketGet(bucket, 'marker=b') as {ListBucketResult: {Contents: {Key: string}}}
      assert.equal(next.ListBucketResult.Contents.Key, 'c')
      assert.match(storage.response!.body.toString(), /^<\?xml/)
    })

    it('bucketGetVersions lists versions and delete markers, with params', async () => {
      const bucket = await newBucket()
      await storage.bucketSetVersioning(bucket, {}, {Status: 'Enabled'})
      await put(storage, bucket, 'k', 'one')
      await put(storage, bucket, 'k', 'two')
      await storage.connection.request({op: 'test', method: 'DELETE', bucket, key: 'k'})
      const all = await storage.bucketGetVersions(bucket) as {ListVersionsResult: {Version: unknown[]; DeleteMarker: {Key: string}}}
      assert.equal(all.ListVersionsResult.Version.length, 2)
      assert.equal(all.ListVersionsResult.DeleteMarker.Key, 'k')
      const one = await storage.bucketGetVersions(bucket, {'max-keys': 1}) as {ListVersionsResult: {IsTruncated: string}}
      assert.equal(one.ListVersionsResult.IsTruncated, 'true')
    })
  })

  describe('configurations', () => {
    const DOCS: Record<string, (bucket: string) => Record<string, unknown>> = {
      cors: () => ({CORSConfiguration: {CORSRule: [{ID: 'r1', AllowedOrigin: 'https://example.com', AllowedMethod: ['GET', 'PUT'], AllowedHeader: '*', MaxAgeSeconds: '3000', ExposeHeader: 'ETag'}, {AllowedOrigin: '*', AllowedMethod: 'GET'}]}}),
      lifecycle: () => ({LifecycleConfiguration: {Rule: [{ID: 'tmp', Filter: {Prefix: 'tmp/'}, Status: 'Enabled', Expiration: {Days: '7'}}, {ID: 'old', Filter: {Prefix: 'old/'}, Status: 'Disabled', Expiration: {Days: '30'}}]}}),
      policy: (bucket) => ({Version: '2012-10-17', Statement: [{Sid: 'read', Effect: 'Allow', Principal: {AWS: ['arn:aws:iam:::user/other']}, Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${bucket}/*`]}]}),
      'request-payment': () => ({RequestPaymentConfiguration: {Payer: 'Requester'}}),
      tagging: () => ({Tagging: {TagSet: {Tag: [{Key: 'project', Value: 's3 & friends'}, {Key: 'owner', Value: 'Zoë'}]}}}),
      versioning: () => ({VersioningConfiguration: {Status: 'Enabled'}}),
      website: () => ({WebsiteConfiguration: {IndexDocument: {Suffix: 'index.html'}, ErrorDocument: {Key: 'error.html'}}}),
    }

    for (const [name, doc] of Object.entries(DOCS)) {
      it(`${name}: set, get, set the getter's output back, delete`, async () => {
        const bucket = await newBucket('tb-cfg')
        const spec = BUCKET_CONFIGS.find((c) => c.name === name)!
        const s = storage as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>
        const set = (data: unknown) => ('headers' in spec ? s[`bucketSet${pascal(name)}`](bucket, {}, data) : s[`bucketSet${pascal(name)}`](bucket, data))
        await set(doc(bucket))
        const got = await s[`bucketGet${pascal(name)}`](bucket) as Record<string, unknown>
        if (name === 'policy') assert.deepEqual(got, doc(bucket))
        else {
          assert.deepEqual(Object.keys(got), [spec.format === 'xml' ? (spec as {root: string}).root : ''].filter(Boolean))
          assert.match(storage.response!.body.toString(), new RegExp(`<${(spec as {root: string}).root}`), 'response keeps the raw body')
        }
        await set(got)
        assert.deepEqual(await s[`bucketGet${pascal(name)}`](bucket), got)
        if (spec.delete) {
          await s[`bucketDelete${pascal(name)}`](bucket)
          await assert.rejects(s[`bucketGet${pascal(name)}`](bucket), (e: unknown) => e instanceof StorageError && e.status === 404)
        }
      })
    }

    it('keeps what was set, field by field (cors)', async () => {
      const bucket = await newBucket('tb-cfg')
      await storage.bucketSetCors(bucket, DOCS.cors(bucket))
      assert.deepEqual(await storage.bucketGetCors(bucket), DOCS.cors(bucket))
    })

    it('acl: round-trips the document, and takes canned ACLs and grants as headers', async () => {
      const bucket = await newBucket('tb-acl')
      const acl = await storage.bucketGetAcl(bucket)
      await storage.bucketSetAcl(bucket, {}, acl)
      assert.deepEqual(await storage.bucketGetAcl(bucket), acl)
      await storage.bucketSetAcl(bucket, {'x-amz-acl': 'public-read'})
      assert.match(JSON.stringify(await storage.bucketGetAcl(bucket)), /AllUsers/)
      await storage.bucketSetAcl(bucket, {'x-amz-grant-read': 'id="other"', 'x-amz-grant-full-control': 'id="owner"'})
      const granted = JSON.stringify(await storage.bucketGetAcl(bucket))
      assert.match(granted, /"ID":"other","DisplayName":"Other User"\},"Permission":"READ"/)
      assert.doesNotMatch(granted, /AllUsers/)
      // The grant is real: the other user may now list the bucket.
      for await (const _ of other.bucketListKeys(bucket)) void _
    })

    it('location answers the zonegroup; logging and notification answer empty documents', async () => {
      const bucket = await newBucket('tb-cfg')
      assert.deepEqual(await storage.bucketGetLocation(bucket), {LocationConstraint: 'default'})
      assert.deepEqual(await storage.bucketGetLogging(bucket), {BucketLoggingStatus: {}})
      assert.deepEqual(await storage.bucketGetNotification(bucket), {NotificationConfiguration: {}})
    })

    it('reports what RGW refuses: logging (MethodNotAllowed), notification without a topic (MalformedXML)', async () => {
      const bucket = await newBucket('tb-cfg')
      await assert.rejects(storage.bucketSetLogging(bucket, {BucketLoggingStatus: {LoggingEnabled: {TargetBucket: bucket, TargetPrefix: 'log/'}}}), rejectsWith('MethodNotAllowed'))
      await assert.rejects(storage.bucketSetNotification(bucket, {NotificationConfiguration: {TopicConfiguration: {Id: 'x', Topic: 'arn:aws:sns:default::missing', Event: 's3:ObjectCreated:*'}}}),
        (e: unknown) => e instanceof StorageError && (e.status === 400 || e.status === 404))
    })

    it('notification round-trips once a topic exists (RGW adds to, not replaces, what is there)', async () => {
      const bucket = await newBucket('tb-cfg')
      const name = uniqueBucket('topic')
      await storage.connection.request({op: 'test', method: 'POST', query: {Action: 'CreateTopic', Name: name}})
      const topic = `arn:aws:sns:default::${name}`
      try {
        const doc = {NotificationConfiguration: {TopicConfiguration: {Id: 'jpgs', Topic: topic, Filter: {S3Key: {FilterRule: [{Name: 'prefix', Value: 'in/'}, {Name: 'suffix', Value: '.jpg'}]}}, Event: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*']}}}
        await storage.bucketSetNotification(bucket, doc)
        const got = await storage.bucketGetNotification(bucket)
        assert.deepEqual(got, doc)
        await storage.bucketSetNotification(bucket, got)
        assert.deepEqual(await storage.bucketGetNotification(bucket), doc)
      } finally {
        await storage.connection.request({op: 'test', method: 'POST', query: {Action: 'DeleteTopic', TopicArn: topic}}).catch(() => {})
      }
    })

    it('sends strings as they are', async () => {
      const bucket = await newBucket('tb-cfg')
      await storage.bucketSetTagging(bucket, '<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>')
      assert.deepEqual(await storage.bucketGetTagging(bucket), {Tagging: {TagSet: {Tag: {Key: 'k', Value: 'v'}}}})
      await storage.bucketSetPolicy(bucket, JSON.stringify(DOCS.policy(bucket)))
      assert.deepEqual(await storage.bucketGetPolicy(bucket), DOCS.policy(bucket))
    })

    it('rejects a policy that is not JSON before sending, and shows the server\'s code for a bad document', async () => {
      const bucket = await newBucket('tb-cfg')
      const before = storage.response
      await assert.rejects(storage.bucketSetPolicy(bucket, '{"Version": "2012-10-17",'), (e: unknown) => e instanceof StorageError && e.exception instanceof ValueError && /not valid JSON/.test(e.message))
      assert.equal(storage.response, before)
      await assert.rejects(storage.bucketSetCors(bucket, {CORSRule: {AllowedOrigin: '*', AllowedMethod: 'FETCH'}}), rejectsWith('MalformedXML'))
      await assert.rejects(storage.bucketSetVersioning(bucket, {}, {Status: 'Sometimes'}), (e: unknown) => e instanceof StorageError && e.status === 400)
      await assert.rejects(storage.bucketGetCors(bucket), rejectsWith('NoSuchCORSConfiguration'))
    })
  })

  describe('emptying', () => {
    it('bucketEmpty removes versions, delete markers and unfinished uploads; then the bucket deletes', async () => {
      const bucket = uniqueBucket('tb-empty')
      await storage.bucketCreate(bucket)
      created.push(bucket)
      await storage.bucketSetVersioning(bucket, {}, {Status: 'Enabled'})
      await put(storage, bucket, 'k', '1')
      await put(storage, bucket, 'k', '2')
      await put(storage, bucket, 'with space+plus')
      await storage.connection.request({op: 'test', method: 'DELETE', bucket, key: 'k'})
      await storage.connection.request({op: 'test', method: 'POST', bucket, key: 'big upload', query: {uploads: ''}})
      const progress: number[] = []
      const totals = await storage.bucketEmpty(bucket, {onProgress: (p) => progress.push(p.deleted)})
      assert.deepEqual(totals, {deleted: 4, aborted: 1})
      assert.ok(progress.length >= 1)
      await storage.bucketDelete(bucket)
      assert.equal(await storage.bucketExists(bucket), false)
    })

    it('deleteObjects reports per-key results in quiet mode', async () => {
      const bucket = await newBucket()
      for (const k of ['a', 'b', 'c d']) await put(storage, bucket, k)
      const result = await storage.deleteObjects(bucket, [{key: 'a'}, {key: 'c d'}, {key: 'never-existed'}])
      assert.deepEqual(result, {deleted: 3, errors: []})
      const left: string[] = []
      for await (const k of storage.bucketListKeys(bucket)) left.push((k as S3Key).key)
      assert.deepEqual(left, ['b'])
      const denied = await other.deleteObjects(bucket, [{key: 'b'}]).catch((e: StorageError) => e)
      assert.ok(denied instanceof StorageError ? denied.code === 'AccessDenied' : denied.errors[0]?.code === 'AccessDenied', JSON.stringify(denied))
    })
  })
})

function pascal(name: string): string {
  return name.split('-').map((p) => p[0].toUpperCase() + p.slice(1)).join('')
}
