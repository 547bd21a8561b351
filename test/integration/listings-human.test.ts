/**
 * Listings for humans, end to end (built CLI against RGW): object:list of a prefix
 * (s3://B/P/, B/P/, P/ in the default bucket), one level as aws s3 ls unless --recursive, a name
 * without / taken as S3's prefix (issue 22; the original's `list NAME` keeps meaning one object),
 * --human-readable and --summarize in every format, the streamed table, and an empty bucket
 * configuration answered as an empty object.
 */
import assert from 'node:assert/strict'
import {bucketFixture, runCli} from '../support/fixtures.js'

const FILES: Record<string, number> = {'docs/a.txt': 1500, 'docs/b.txt': 3000, 'docs/sub/c.txt': 10, 'top.txt': 5}
const DOCS_BYTES = 1500 + 3000 + 10
const LOCAL_TIME = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/

describe('listings for humans (CLI)', function () {
  this.timeout(120_000)
  const fixture = bucketFixture('th', async (storage, bucket) => {
    for (const [key, size] of Object.entries(FILES)) await storage.connection.request({op: 'test', method: 'PUT', bucket, key, body: Buffer.alloc(size, 'x')})
  })
  const s3 = (...args: string[]) => runCli(args, {cwd: fixture.configDir})
  const keysOf = (stdout: string) => stdout.trimEnd().split('\n').map((l) => l.split(' ').pop())

  describe('object:list of a prefix', () => {
    it('lists s3://BUCKET/PREFIX/ like aws s3 ls: one level, folders first, names in the folder; --recursive every key', async () => {
      const result = await s3('object:list', `s3://${fixture.bucket}/docs/`)
      assert.equal(result.code, 0, result.stderr)
      assert.deepEqual(keysOf(result.stdout), ['sub/', 'a.txt', 'b.txt'])
      const all = await s3('object:list', `s3://${fixture.bucket}/docs/`, '--recursive')
      assert.deepEqual(keysOf(all.stdout), ['docs/a.txt', 'docs/b.txt', 'docs/sub/c.txt'])
    })

    it('lists BUCKET/PREFIX/, and PREFIX/ in the default bucket', async () => {
      assert.deepEqual(keysOf((await s3('object:list', `${fixture.bucket}/docs/sub/`)).stdout), ['c.txt'])
      const inDefault = await s3('object:list', 'docs/', '-b', fixture.bucket, '-r')
      assert.equal(inDefault.code, 0, inDefault.stderr)
      assert.deepEqual(keysOf(inDefault.stdout), ['docs/a.txt', 'docs/b.txt', 'docs/sub/c.txt'])
    })

    it('groups by --delimiter under the prefix', async () => {
      const result = await s3('object:list', `s3://${fixture.bucket}/docs/`, '--delimiter', '/', '-o', 'ndjson')
      const records = result.stdout.trimEnd().split('\n').map((l) => JSON.parse(l))
      assert.deepEqual(records.map((r) => r.key ?? r.prefix), ['docs/sub/', 'docs/a.txt', 'docs/b.txt'])
    })

    it('takes a name without a trailing slash as S3\'s prefix (aws\'s meaning); the original\'s `list NAME` keeps one object', async () => {
      const result = await s3('object:list', `s3://${fixture.bucket}/top.txt`)
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stdout, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {10}5 top\.txt\n$/)
      const folder = await s3('object:list', `s3://${fixture.bucket}/docs`)
      assert.equal(folder.code, 0, folder.stderr)
      assert.equal(folder.stdout, `${' '.repeat(27)}PRE docs/\n`)
      const missing = await s3('object:list', `s3://${fixture.bucket}/nothing`)
      assert.equal(missing.code, 1)
      assert.equal(missing.stdout, '')
      const original = await s3('list', `s3://${fixture.bucket}/docs`)
      assert.equal(original.code, 0, original.stderr)
      assert.match(original.stdout, /^s3:\/\/.*\/docs exists: false, metadata: \{\}\n$/)
    })

    it('refuses a prefix given twice, in one line (exit 2)', async () => {
      const result = await s3('object:list', `s3://${fixture.bucket}/docs/`, '--prefix', 'a')
      assert.equal(result.code, 2)
      assert.match(result.stderr, /^s3: error: give the prefix in REMOTE \(s3:\/\/.*\/docs\/\) or with --prefix, not both\n$/)
      assert.equal(result.stdout, '')
    })
  })

  describe('--human-readable and --summarize', () => {
    it('text: sizes in KiB, local dates, and a Total line', async () => {
      const result = await s3('object:list', `s3://${fixture.bucket}/docs/`, '--recursive', '--human-readable', '--summarize')
      assert.equal(result.code, 0, result.stderr)
      const lines = result.stdout.trimEnd().split('\n')
      assert.equal(lines.length, 4)
      assert.match(lines[0], / 1\.5 KiB /)
      assert.match(lines[0], LOCAL_TIME)
      assert.equal(lines[3], `Total: 3 objects, ${(DOCS_BYTES / 1024).toFixed(1)} KiB`)
      const raw = await s3('bucket:list-keys', fixture.bucket, '--prefix', 'docs/', '--summarize')
      assert.equal(raw.stdout.trimEnd().split('\n').pop(), `Total: 3 objects, ${DOCS_BYTES} bytes`)
    })

    it('does not count common prefixes as objects', async () => {
      const result = await s3('bucket:list-keys', fixture.bucket, '--delimiter', '/', '--summarize')
      const lines = result.stdout.trimEnd().split('\n')
      assert.ok(lines.includes('PRE docs/'))
      assert.equal(lines.pop(), 'Total: 1 object, 5 bytes')
    })

    it('json: {items, summary} with --summarize, the plain array without; human-readable leaves records raw', async () => {
      const plain = JSON.parse((await s3('bucket:list-keys', fixture.bucket, '--json', '--human-readable')).stdout)
      assert.ok(Array.isArray(plain))
      assert.equal(plain.find((k: {key: string}) => k.key === 'top.txt').size, 5)
      const summed = JSON.parse((await s3('object:list', `s3://${fixture.bucket}/docs/`, '-r', '--json', '--summarize')).stdout)
      assert.deepEqual(summed.items.map((k: {key: string}) => k.key), ['docs/a.txt', 'docs/b.txt', 'docs/sub/c.txt'])
      assert.deepEqual(summed.summary, {count: 3, size: DOCS_BYTES})
    })

    it('ndjson: one record a line, the summary last', async () => {
      const lines = (await s3('bucket:list-keys', fixture.bucket, '-o', 'ndjson', '--summarize')).stdout.trimEnd().split('\n').map((l) => JSON.parse(l))
      assert.equal(lines.length, 5)
      assert.deepEqual(lines.pop(), {summary: {count: 4, size: DOCS_BYTES + 5}})
    })

    it('yaml: items and summary', async () => {
      const yaml = (await s3('bucket:list-keys', fixture.bucket, '-o', 'yaml', '--summarize', '--prefix', 'top')).stdout
      assert.match(yaml, /^items:\n {2}- key: top\.txt\n/)
      assert.match(yaml, /\nsummary:\n {2}count: 1\n {2}size: 5\n$/)
    })

    it('table: one row per key with the key last, sizes for humans, the Total line', async () => {
      const result = await s3('object:list', `s3://${fixture.bucket}/docs/`, '-r', '-o', 'table', '--human-readable', '--summarize')
      assert.equal(result.code, 0, result.stderr)
      const lines = result.stdout.trimEnd().split('\n')
      assert.match(lines[0], /^LASTMODIFIED +SIZE {2}STORAGECLASS {2}KEY$/)
      assert.match(lines[1], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {5}1\.5 KiB {2}STANDARD {6}docs\/a\.txt$/)
      assert.equal(lines.length, 5)
      assert.match(lines[4], /^Total: 3 objects, 4\.4 KiB$/)
    })
  })

  describe('empty bucket configurations', () => {
    it('answer an empty object, not "" (jq .VersioningConfiguration.Status works)', async () => {
      const result = await s3('bucket:get-versioning', fixture.bucket, '--json')
      assert.equal(result.code, 0, result.stderr)
      const doc = JSON.parse(result.stdout) as {VersioningConfiguration: {Status?: string}}
      assert.deepEqual(doc, {VersioningConfiguration: {}})
      assert.equal(doc.VersioningConfiguration.Status, undefined)
      // what get printed is valid input to set: sent as is (RGW refuses an empty versioning
      // document, exit 7 with its code: the server's answer, not a usage error)
      const back = await s3('bucket:set-versioning', fixture.bucket, '--data', result.stdout)
      assert.equal(back.code, 7, back.stderr)
      assert.match(back.stderr, /bucketSetVersioning .*: InvalidArgument/)
      const text = await s3('bucket:get-logging', fixture.bucket)
      assert.equal(text.stdout, 'BucketLoggingStatus: {}\n')
      assert.deepEqual(JSON.parse((await s3('bucket:get-versioning', fixture.bucket, '--json')).stdout), {VersioningConfiguration: {}})
    })
  })
})
