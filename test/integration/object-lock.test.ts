/**
 * Object lock against RGW: a bucket created with --object-lock, retention and legal hold set and
 * shown by the object commands, deletes refused without --bypass-governance and done with it
 * (single and -r), the bucket's default retention, and bucket:delete --force's one line naming
 * the locked versions. Every lock here is GOVERNANCE (removed with the bypass at the end) or a
 * legal hold (turned off): never COMPLIANCE with a date the cleanup would have to wait for.
 */
import assert from 'node:assert/strict'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import type {Storage} from '../../src/lib/storage.js'
import {S3Name} from '../../src/lib/types.js'
import {faultProxyFixture, makeStorage, runCli, tempDir, uniqueBucket, writeConfig} from '../support/fixtures.js'

const BYPASS = {'x-amz-bypass-governance-retention': 'true'}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

describe('object lock (CLI, RGW)', function () {
  this.timeout(120_000)
  let storage: Storage
  let dir: string
  let file: string
  const buckets: string[] = []
  const cli = (...args: string[]) => runCli([...args, '-c', path.join(dir, 's3.yaml')], {cwd: dir})

  /** A new bucket with object lock, created by the CLI. */
  async function lockedBucket(): Promise<string> {
    const bucket = uniqueBucket('lock')
    const r = await cli('bucket:create', bucket, '--object-lock')
    assert.equal(r.code, 0, r.stderr)
    buckets.push(bucket)
    return bucket
  }

  async function versionOf(bucket: string, key: string): Promise<string> {
    for await (const v of storage.bucketListVersions(bucket, key)) if (v.key === key && v.isLatest) return v.versionId!
    throw new Error(`no version of ${key}`)
  }

  before(async () => {
    storage = await makeStorage()
    dir = tempDir('s3-lock-')
    await writeConfig(dir)
    file = path.join(dir, 'ledger.csv')
    await writeFile(file, 'a,b\n1,2\n')
  })

  after(async () => {
    for (const bucket of buckets) {
      if (!await storage.bucketExists(bucket)) continue
      for await (const v of storage.bucketListVersions(bucket)) {
        await storage.objectConfigSet('legal-hold', new S3Name(v.key, bucket), {LegalHold: {Status: 'OFF'}}, {}, {versionId: v.versionId}).catch(() => {})
      }
      await storage.bucketEmpty(bucket, {headers: BYPASS}).catch(() => {})
      await storage.bucketDelete(bucket).catch(() => {})
    }
    storage.close()
  })

  it('bucket:create --object-lock enables it: bucket:get-object-lock says Enabled', async () => {
    const bucket = await lockedBucket()
    const r = await cli('bucket:get-object-lock', bucket, '--json')
    assert.equal(r.code, 0, r.stderr)
    assert.equal(JSON.parse(r.stdout).ObjectLockConfiguration.ObjectLockEnabled, 'Enabled')
  })

  it('set-retention GOVERNANCE: shown by get-retention (text, --json) and head; delete refused, then done with --bypass-governance', async () => {
    const bucket = await lockedBucket()
    const name = `s3://${bucket}/ledger.csv`
    await storage.write(file, new S3Name('ledger.csv', bucket))
    const set = await cli('object:set-retention', name, '--mode', 'GOVERNANCE', '--until', '10m', '--json')
    assert.equal(set.code, 0, set.stderr)
    const until = JSON.parse(set.stdout).retainUntil as string
    assert.ok(Math.abs(Date.parse(until) - Date.now() - 600_000) < 60_000, until)

    const text = await cli('object:get-retention', name)
    assert.equal(text.code, 0, text.stderr)
    assert.match(text.stdout, /Mode: GOVERNANCE/)
    const json = await cli('object:get-retention', name, '--json')
    const retention = JSON.parse(json.stdout).Retention
    assert.equal(retention.Mode, 'GOVERNANCE')
    assert.equal(Date.parse(retention.RetainUntilDate), Date.parse(until))
    const info = await storage.head(new S3Name('ledger.csv', bucket))
    assert.equal(info.lockMode, 'GOVERNANCE')
    assert.equal(Date.parse(info.lockRetainUntil!), Date.parse(until))

    const versionId = await versionOf(bucket, 'ledger.csv')
    const refused = await cli('object:delete', name, `--version-id=${versionId}`)
    assert.equal(refused.code, 5, refused.stderr)
    assert.match(refused.stderr, /^s3: error: .*AccessDenied/)
    assert.equal(refused.stderr.trim().split('\n').length, 1)
    const bypassed = await cli('object:delete', name, `--version-id=${versionId}`, '--bypass-governance')
    assert.equal(bypassed.code, 0, bypassed.stderr)
    assert.deepEqual(await all(storage.bucketListVersions(bucket)), [])
  })

  it('-H on delete sends the header (the bypass by hand)', async () => {
    const bucket = await lockedBucket()
    await storage.write(file, new S3Name('raw.csv', bucket))
    assert.equal((await cli('object:set-retention', `s3://${bucket}/raw.csv`, '--mode', 'GOVERNANCE', '--until', '10m')).code, 0)
    const versionId = await versionOf(bucket, 'raw.csv')
    const r = await cli('object:delete', `s3://${bucket}/raw.csv`, `--version-id=${versionId}`, '-H', 'x-amz-bypass-governance-retention: true')
    assert.equal(r.code, 0, r.stderr)
  })

  it('legal hold on and off: get-legal-hold shows it, delete refused while on', async () => {
    const bucket = await lockedBucket()
    const name = `s3://${bucket}/case.pdf`
    await storage.write(file, new S3Name('case.pdf', bucket))
    assert.equal((await cli('object:set-legal-hold', name, 'on')).code, 0)
    assert.equal(JSON.parse((await cli('object:get-legal-hold', name, '--json')).stdout).LegalHold.Status, 'ON')
    assert.equal((await storage.head(new S3Name('case.pdf', bucket))).legalHold, 'ON')
    const versionId = await versionOf(bucket, 'case.pdf')
    assert.equal((await cli('object:delete', name, `--version-id=${versionId}`, '--bypass-governance')).code, 5)
    const off = await cli('object:set-legal-hold', name, 'off', `--version-id=${versionId}`)
    assert.equal(off.code, 0, off.stderr)
    assert.match((await cli('object:get-legal-hold', name)).stdout, /Status: 'OFF'/)
    assert.equal((await cli('object:delete', name, `--version-id=${versionId}`)).code, 0)
  })

  it('bucket:set-object-lock: a default retention new objects get, by --data or --mode/--years; --aws-json', async () => {
    const bucket = await lockedBucket()
    const set = await cli('bucket:set-object-lock', bucket, '--data', '{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"GOVERNANCE","Days":1}}}')
    assert.equal(set.code, 0, set.stderr)
    const got = JSON.parse((await cli('bucket:get-object-lock', bucket, '--json')).stdout).ObjectLockConfiguration
    assert.deepEqual(got.Rule, {DefaultRetention: {Mode: 'GOVERNANCE', Days: '1'}})
    await storage.write(file, new S3Name('new.csv', bucket))
    assert.equal((await storage.head(new S3Name('new.csv', bucket))).lockMode, 'GOVERNANCE')

    const flags = await cli('bucket:set-object-lock', bucket, '--mode', 'GOVERNANCE', '--years', '1')
    assert.equal(flags.code, 0, flags.stderr)
    const aws = JSON.parse((await cli('bucket:get-object-lock', bucket, '--aws-json')).stdout)
    assert.deepEqual(aws, {ObjectLockEnabled: 'Enabled', Rule: {DefaultRetention: {Mode: 'GOVERNANCE', Years: 1}}})
    const alone = await cli('bucket:set-object-lock', bucket, '--mode', 'GOVERNANCE')
    assert.equal(alone.code, 2, alone.stderr)
    assert.match(alone.stderr, /^s3: error: --mode needs --days N or --years N\n$/)
  })

  it('delete -r in a locked bucket: the keys of a prefix go (delete markers, which the lock allows)', async () => {
    const bucket = await lockedBucket()
    for (const key of ['p/a', 'p/b']) {
      await storage.write(file, new S3Name(key, bucket))
      assert.equal((await cli('object:set-retention', `s3://${bucket}/${key}`, '--mode', 'GOVERNANCE', '--until', '10m')).code, 0)
    }
    // -r deletes the current keys: in a versioned bucket that leaves delete markers, which the lock allows.
    const r = await cli('object:delete', '-r', `s3://${bucket}/p/`, '--bypass-governance')
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(await all(storage.bucketListKeys(bucket)), [])
  })

  it('bucket:delete --force on a locked bucket: one line naming the locked versions, mode and date; exit 5; the bucket kept', async () => {
    const bucket = await lockedBucket()
    await storage.write(file, new S3Name('free.csv', bucket))
    await storage.write(file, new S3Name('held.csv', bucket))
    await storage.write(file, new S3Name('kept.csv', bucket))
    const set = await cli('object:set-retention', `s3://${bucket}/kept.csv`, '--mode', 'GOVERNANCE', '--until', '10m', '--json')
    const until = JSON.parse(set.stdout).retainUntil as string
    assert.equal((await cli('object:set-legal-hold', `s3://${bucket}/held.csv`, 'on')).code, 0)

    const r = await cli('bucket:delete', bucket, '--force')
    assert.equal(r.code, 5, r.stderr)
    const lines = r.stderr.trim().split('\n')
    assert.equal(lines.length, 1, r.stderr)
    assert.match(lines[0], new RegExp(`^s3: error: delete bucket ${bucket}: 2 object versions are locked in ${bucket}: `))
    assert.ok(lines[0].includes('held.csv (legal hold)'), lines[0])
    assert.ok(lines[0].includes(`kept.csv (GOVERNANCE until ${until})`), lines[0])
    assert.match(lines[0], /1 other version deleted, nothing more, and the bucket is kept$/)
    assert.equal(await storage.bucketExists(bucket), true)

    await storage.objectConfigSet('legal-hold', new S3Name('held.csv', bucket), {LegalHold: {Status: 'OFF'}})
    const bypass = await cli('bucket:delete', bucket, '--force', '--bypass-governance')
    assert.equal(bypass.code, 0, bypass.stderr)
    assert.equal(await storage.bucketExists(bucket), false)
  })
})

describe('object lock PUTs carry a Content-MD5 (S3 requires one)', function () {
  this.timeout(120_000)
  const fixture = faultProxyFixture()
  const bucket = uniqueBucket('lockmd5')

  before(async () => {
    await fixture.storage.bucketCreate(bucket, {'x-amz-bucket-object-lock-enabled': 'true'})
  })

  after(async () => {
    await fixture.storage.bucketEmpty(bucket, {headers: BYPASS}).catch(() => {})
    await fixture.storage.bucketDelete(bucket).catch(() => {})
  })

  it('?object-lock, ?retention and ?legal-hold, from the CLI', async () => {
    const cli = (...args: string[]) => runCli([...args, '-c', path.join(fixture.configDir, 's3.yaml')], {cwd: fixture.configDir})
    const file = path.join(fixture.configDir, 'x.txt')
    await writeFile(file, 'x')
    await fixture.storage.write(file, new S3Name('x.txt', bucket))
    fixture.proxy.clear()
    for (const args of [['bucket:set-object-lock', bucket, '--mode', 'GOVERNANCE', '--days', '1'],
      ['object:set-retention', `s3://${bucket}/x.txt`, '--mode', 'GOVERNANCE', '--until', '10m'],
      ['object:set-legal-hold', `s3://${bucket}/x.txt`, 'off']]) {
      const r = await cli(...args)
      assert.equal(r.code, 0, r.stderr)
    }
    const puts = fixture.proxy.seen.filter((s) => s.method === 'PUT')
    assert.deepEqual(puts.map((s) => /[?&](object-lock|retention|legal-hold)/.exec(s.url)?.[1]), ['object-lock', 'retention', 'legal-hold'])
    for (const put of puts) assert.match(String(put.headers['content-md5']), /^[A-Za-z0-9+/]{22}==$/, put.url)
  })

  it('delete -r --bypass-governance and -H reach each DeleteObjects request', async () => {
    const cli = (...args: string[]) => runCli([...args, '-c', path.join(fixture.configDir, 's3.yaml')], {cwd: fixture.configDir})
    const file = path.join(fixture.configDir, 'y.txt')
    await writeFile(file, 'y')
    await fixture.storage.write(file, new S3Name('p/y.txt', bucket))
    fixture.proxy.clear()
    const r = await cli('object:delete', '-r', `s3://${bucket}/p/`, '--bypass-governance', '-H', 'x-amz-request-payer: requester')
    assert.equal(r.code, 0, r.stderr)
    const batches = fixture.proxy.seen.filter((s) => s.method === 'POST' && /[?&]delete/.test(s.url))
    assert.equal(batches.length, 1)
    assert.equal(batches[0].headers['x-amz-bypass-governance-retention'], 'true')
    assert.equal(batches[0].headers['x-amz-request-payer'], 'requester')
  })
})
