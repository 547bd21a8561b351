/**
 * Stale multipart uploads and object versions, end to end against RGW: bucket:list-uploads,
 * bucket:abort-uploads (--prefix, --older-than, --dry-run), bucket:list-versions (every
 * version and delete marker, streamed, over many pages), and the library's bucketListVersions.
 */
import assert from 'node:assert/strict'
import {setTimeout as sleep} from 'node:timers/promises'
import {ObjectVersion, S3Key} from '../../src/index.js'
import {bucketFixture, runCli} from '../support/fixtures.js'

const ndjson = (stdout: string) => stdout.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l))

describe('multipart uploads left open (CLI)', function () {
  this.timeout(120_000)
  const fixture = bucketFixture('tu')
  const s3 = (...args: string[]) => runCli(args, {cwd: fixture.configDir})
  const start = (key: string) => fixture.storage.connection.request({op: 'test', method: 'POST', bucket: fixture.bucket, key, query: {uploads: ''}})

  before(async () => {
    for (const key of ['old/a', 'old/b b', 'new/c']) await start(key)
    await sleep(1100) // so that "started longer ago than 0s" holds, whatever the clock's resolution
  })

  it('lists every unfinished upload, streamed, with --prefix and --summarize', async () => {
    const all = await s3('bucket:list-uploads', fixture.bucket, '-o', 'ndjson')
    assert.equal(all.code, 0, all.stderr)
    assert.deepEqual(ndjson(all.stdout).map((u) => u.key).sort(), ['new/c', 'old/a', 'old/b b'])
    for (const u of ndjson(all.stdout)) assert.ok(u.uploadId && u.initiated, JSON.stringify(u))
    const old = await s3('bucket:list-uploads', fixture.bucket, '--prefix', 'old/', '--summarize')
    const lines = old.stdout.trimEnd().split('\n')
    assert.match(lines[0], /^\d{4}-\d\d-\d\dT\S+ \S+ old\/a$/)
    assert.match(lines[1], / old\/b b$/)
    assert.equal(lines[2], 'Total: 2 uploads')
  })

  it('aborts nothing younger than --older-than', async () => {
    const result = await s3('bucket:abort-uploads', fixture.bucket, '--older-than', '1h')
    assert.equal(result.code, 0, result.stderr)
    assert.equal(result.stdout, '')
    assert.equal(result.stderr, 's3: aborted 0 uploads\n')
  })

  it('--dry-run lists what would be aborted and aborts nothing', async () => {
    const result = await s3('bucket:abort-uploads', fixture.bucket, '--prefix', 'old/', '--older-than', '0s', '--dry-run')
    assert.equal(result.code, 0, result.stderr)
    const lines = result.stdout.trimEnd().split('\n')
    assert.equal(lines.length, 2)
    assert.match(lines[0], new RegExp(`^\\(dryrun\\) abort: s3://${fixture.bucket}/old/a \\(upload \\S+, initiated \\S+\\)$`))
    assert.equal(result.stderr, 's3: dry run: 2 uploads would be aborted\n')
    assert.equal(ndjson((await s3('bucket:list-uploads', fixture.bucket, '-o', 'ndjson')).stdout).length, 3)
  })

  it('aborts the old ones under --prefix, one record each', async () => {
    const result = await s3('bucket:abort-uploads', fixture.bucket, '--prefix', 'old/', '--older-than', '0s', '-o', 'ndjson')
    assert.equal(result.code, 0, result.stderr)
    const records = ndjson(result.stdout)
    assert.deepEqual(records.map((r) => [r.key, r.action, r.dryRun]), [['old/a', 'abort', false], ['old/b b', 'abort', false]])
    assert.equal(result.stderr, 's3: aborted 2 uploads\n')
    assert.deepEqual(ndjson((await s3('bucket:list-uploads', fixture.bucket, '-o', 'ndjson')).stdout).map((u) => u.key), ['new/c'])
  })

  it('refuses a duration it cannot read, in one line (exit 2), before any request', async () => {
    const result = await s3('bucket:abort-uploads', fixture.bucket, '--older-than', '7days')
    assert.equal(result.code, 2)
    assert.equal(result.stderr, 's3: error: --older-than "7days": expected a number and a unit (s, m, h, d, w), such as 7d, 12h, 1h30m or 0s\n')
    assert.equal(ndjson((await s3('bucket:list-uploads', fixture.bucket, '-o', 'ndjson')).stdout).length, 1)
  })
})

describe('object versions (CLI and library)', function () {
  this.timeout(120_000)
  const fixture = bucketFixture('tv', async (storage, bucket) => {
    await storage.bucketSetVersioning(bucket, {}, {Status: 'Enabled'})
    const put = (key: string, body: string) => storage.connection.request({op: 'test', method: 'PUT', bucket, key, body})
    await put('a', '1')
    await put('a', '22')
    await storage.connection.request({op: 'test', method: 'DELETE', bucket, key: 'a'})
    await put('b c', '333')
    for (let i = 0; i < 5; i++) await put(`many/${i}`, 'x')
  })
  const s3 = (...args: string[]) => runCli(args, {cwd: fixture.configDir})

  it('lists every version and delete marker, by key and newest first (ndjson)', async () => {
    const result = await s3('bucket:list-versions', fixture.bucket, '-o', 'ndjson')
    assert.equal(result.code, 0, result.stderr)
    const versions: ObjectVersion[] = ndjson(result.stdout)
    assert.equal(versions.length, 9)
    const a = versions.filter((v) => v.key === 'a')
    assert.deepEqual(a.map((v) => [v.deleteMarker, v.isLatest, v.size]), [[true, true, 0], [false, false, 2], [false, false, 1]])
    assert.deepEqual(versions.find((v) => v.key === 'b c'), {...versions.find((v) => v.key === 'b c'), isLatest: true, size: 3, deleteMarker: false})
    for (const v of versions) assert.ok(v.versionId && v.lastModified, JSON.stringify(v))
  })

  it('text: * marks the current version, delete markers in place of a size; --summarize counts them all', async () => {
    const result = await s3('bucket:list-versions', fixture.bucket, '--prefix', 'a', '--summarize')
    const lines = result.stdout.trimEnd().split('\n')
    assert.match(lines[0], /^\S+ \* \(delete marker\) \S+ a$/)
    assert.match(lines[1], /^\S+ {17}2 \S+ a$/)
    assert.equal(lines[3], 'Total: 3 versions, 3 bytes')
  })

  it('the library pages by key-marker and version-id-marker: one entry a page gives the same listing', async () => {
    const whole: ObjectVersion[] = []
    for await (const v of fixture.storage.bucketListVersions(fixture.bucket)) whole.push(v)
    const paged: ObjectVersion[] = []
    for await (const v of fixture.storage.bucketListVersions(fixture.bucket, null, {'max-keys': 1})) paged.push(v)
    assert.equal(whole.length, 9)
    assert.ok(whole.every((v) => v instanceof ObjectVersion && v instanceof S3Key), 'versions are ObjectVersion instances, S3Keys too')
    assert.deepEqual(paged.map((v) => [v.key, v.versionId]), whole.map((v) => [v.key, v.versionId]))
    const many: string[] = []
    for await (const v of fixture.storage.bucketListVersions(fixture.bucket, 'many/', {'max-keys': 2})) many.push(v.key)
    assert.deepEqual(many, ['many/0', 'many/1', 'many/2', 'many/3', 'many/4'])
  })

  it('bucket:get-versions stays the one page of the original', async () => {
    const result = await s3('bucket:get-versions', fixture.bucket, '-p', 'max-keys=1', '--json')
    assert.equal(result.code, 0, result.stderr)
    assert.equal(JSON.parse(result.stdout).ListVersionsResult.IsTruncated, 'true')
  })
})
