/**
 * A listing that misbehaves (a page repeated, a truncated page with no way on, a key outside
 * the prefix) must fail, never pass for a shorter or different listing: the real RGW behind
 * the fault proxy, pages of 100 keys so there are several.
 */
import assert from 'node:assert/strict'
import {existsSync, mkdirSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import type http from 'node:http'
import path from 'node:path'
import {StorageError} from '../../src/lib/errors.js'
import {abortUpload, initiateUpload, listUploads} from '../../src/lib/ops/multipart.js'
import type {S3Key} from '../../src/lib/types.js'
import type {Fault} from '../support/fault-proxy.js'
import {bucketFixture, faultProxyFixture, runCli, tempDir} from '../support/fixtures.js'

const COUNT = 1_100
const PAGE = 100
const keyName = (i: number) => `k/${String(i).padStart(5, '0')}`
const KEYS = Array.from({length: COUNT}, (_, i) => keyName(i))

/** Runs `fn` on up to `width` items at once. */
async function eachLimited<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({length: width}, async () => {
    while (next < items.length) await fn(items[next++])
  }))
}

/** Requests that continue a listing: of keys (v2 token), of versions (key-marker). */
const continuesListing = (req: http.IncomingMessage) => /[?&](continuation-token|key-marker)=/.test(req.url ?? '')
const keyOf = (entry: S3Key | string) => (typeof entry === 'string' ? entry : entry.key)

describe('a listing that misbehaves fails, never passes for a shorter or different one', function () {
  this.timeout(120_000)
  const fixture = bucketFixture('listing-consistency', async (storage, bucket) => {
    await storage.bucketSetVersioning(bucket, {}, {VersioningConfiguration: {Status: 'Enabled'}})
    await eachLimited(KEYS, 32, (key) => storage.connection.request({op: 'fill', method: 'PUT', bucket, key, body: key}))
  })
  const proxied = faultProxyFixture({retry: {limit: 1, interval: 0.05}})

  /** Lists k/ through the proxy with `fault` on the page-2 request (and its retries); what was handed out, and the error. */
  async function listWith(fault: Fault, times = 10): Promise<{listed: string[]; error?: unknown}> {
    proxied.proxy.inject(fault, times, continuesListing)
    const listed: string[] = []
    try {
      for await (const entry of proxied.storage.bucketListKeys(fixture.bucket, null, 'k/', {'max-keys': PAGE})) listed.push(keyOf(entry))
    } catch (error) {
      return {listed, error}
    }
    return {listed}
  }

  function assertInconsistent(error: unknown, pattern: RegExp): void {
    assert.ok(error instanceof StorageError, `a StorageError, not ${String(error)}`)
    assert.match(error.message, pattern)
    assert.equal(error.code, 'InconsistentListing')
  }

  it('a page repeating the previous one: an error, and no key handed out twice', async () => {
    const {listed, error} = await listWith({kind: 'repeat-page'})
    assertInconsistent(error, new RegExp(`the listing of ${fixture.bucket} went backwards at key k/00000 \\(page 2\\)`))
    assert.deepEqual(listed, KEYS.slice(0, PAGE), 'the first page, once')
  })

  it('a page repeated once only: the page asked again, every key once', async () => {
    const {listed, error} = await listWith({kind: 'repeat-page'}, 1)
    assert.equal(error, undefined)
    assert.deepEqual(listed, KEYS)
  })

  it('a truncated page without a continuation token: an error, not the v1 marker fallback', async () => {
    const {listed, error} = await listWith({kind: 'drop-continuation'})
    assertInconsistent(error, /truncated but gave no continuation token \(page 2\)/)
    assert.deepEqual(listed, KEYS.slice(0, PAGE), 'the first page, once')
  })

  it('a key outside the requested prefix: an error', async () => {
    const {listed, error} = await listWith({kind: 'rewrite', rewrite: (body) => body.replace('<Key>k%2F00150</Key>', '<Key>l%2F00150</Key>')})
    assertInconsistent(error, /key l\/00150 outside the prefix k\/ \(page 2\)/)
    assert.deepEqual(listed, KEYS.slice(0, PAGE))
  })

  it('a key out of order within a page: an error', async () => {
    const {error} = await listWith({kind: 'rewrite', rewrite: (body) => body.replace('<Key>k%2F00150</Key>', '<Key>k%2F00050</Key>')})
    assertInconsistent(error, /went backwards at key k\/00050 \(page 2\)/)
  })

  it('versions: a page repeating the previous one is an error, no version handed out twice', async () => {
    proxied.proxy.inject({kind: 'repeat-page'}, 10, continuesListing)
    const listed: string[] = []
    await assert.rejects(async () => {
      for await (const version of proxied.storage.bucketListVersions(fixture.bucket, 'k/', {'max-keys': PAGE})) listed.push(`${version.key} ${version.versionId}`)
    }, (error: unknown) => {
      assertInconsistent(error, new RegExp(`the version listing of ${fixture.bucket} went backwards at key k/00000 \\(page 2\\)`))
      return true
    })
    assert.equal(listed.length, PAGE)
    assert.equal(new Set(listed).size, PAGE)
  })

  it('versions: a truncated page with no markers is an error', async () => {
    proxied.proxy.inject({kind: 'drop-continuation'}, 10, continuesListing)
    const listed: string[] = []
    await assert.rejects(async () => {
      for await (const version of proxied.storage.bucketListVersions(fixture.bucket, 'k/', {'max-keys': PAGE})) listed.push(version.key)
    }, (error: unknown) => {
      assertInconsistent(error, /version listing of .* is truncated but gave no key marker \(page 2\)/)
      return true
    })
    assert.deepEqual(listed, KEYS.slice(0, PAGE))
  })

  it('uploads: a page repeating the previous one is an error, no upload handed out twice', async () => {
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push(await initiateUpload((req) => fixture.storage.connection.request(req), 'test', {bucket: fixture.bucket, key: `u/${i}`}, {}))
    try {
      proxied.proxy.inject({kind: 'repeat-page'}, 10, (req) => /[?&]key-marker=/.test(req.url ?? ''))
      const listed: string[] = []
      await assert.rejects(async () => {
        for await (const upload of listUploads((req) => proxied.storage.connection.request(req), 'multipartUploads', fixture.bucket, 'u/', undefined, {'max-uploads': '2'})) listed.push(upload.uploadId)
      }, (error: unknown) => {
        assertInconsistent(error, /the listing of the uploads of .* went backwards at key u\/0 \(page 2\)/)
        return true
      })
      assert.deepEqual(listed, ids.slice(0, 2))
    } finally {
      for (const [i, id] of ids.entries()) await abortUpload((req) => fixture.storage.connection.request(req), 'test', {bucket: fixture.bucket, key: `u/${i}`}, id)
    }
  })

  describe('the CLI', () => {
    for (const fault of [{kind: 'repeat-page'}, {kind: 'drop-continuation'}] as Fault[]) {
      it(`bucket:list-keys --json, ${fault.kind}: one line, exit 9, valid JSON of each key once`, async () => {
        proxied.proxy.inject(fault, 10, (req) => /[?&]continuation-token=/.test(req.url ?? ''))
        const result = await runCli(['bucket:list-keys', fixture.bucket, '--prefix', 'k/', '--page-size', String(PAGE), '--json'], {cwd: proxied.configDir})
        const lines = result.stderr.trim().split('\n')
        assert.equal(lines.length, 1, result.stderr)
        assert.match(lines[0], /^s3: error: .*the server's listing is inconsistent.*\(listing incomplete after 100 items\)$/)
        assert.equal(result.code, 9, result.stderr)
        const keys = (JSON.parse(result.stdout) as {key: string}[]).map((k) => k.key)
        assert.deepEqual(keys, KEYS.slice(0, PAGE))
      })
    }

    describe('sync --delete when a listing misbehaves: nothing deleted', () => {
      let local: string

      before(() => {
        local = tempDir('s3-listing-sync-')
        mkdirSync(local, {recursive: true})
      })

      // Each test starts from the same state, whatever the one before did.
      beforeEach(async () => {
        for (const key of KEYS) if (!existsSync(path.join(local, key.slice(2)))) writeFileSync(path.join(local, key.slice(2)), key)
        if (await objectCount('d/') < COUNT) {
          await eachLimited(KEYS, 32, (key) => fixture.storage.connection.request({op: 'fill', method: 'PUT', bucket: fixture.bucket, key: `d/${key.slice(2)}`, body: key}))
        }
      })

      async function objectCount(prefix: string): Promise<number> {
        let count = 0
        for await (const entry of fixture.storage.bucketListKeys(fixture.bucket, null, prefix)) if (typeof entry !== 'string') count++
        return count
      }

      /** The listing of `prefix` (pages of 1,000) disturbed by `fault`: every page after the first repeats the one before, or the first two answers say "truncated" with no token. */
      function disturbListing(fault: Fault['kind'], prefix: string): void {
        const listsPrefix = (req: http.IncomingMessage) => (req.url ?? '').includes(`prefix=${encodeURIComponent(prefix)}`) && (req.url ?? '').includes('list-type=2')
        if (fault === 'repeat-page') proxied.proxy.inject({kind: 'repeat-page'}, 100, (req) => listsPrefix(req) && continuesListing(req))
        else proxied.proxy.inject({kind: 'drop-continuation'}, 2, listsPrefix)
      }

      it('sync s3://B/k/ ./dir --delete, one answer truncated with no token: the page asked again, every file kept, exit 0', async () => {
        proxied.proxy.inject({kind: 'drop-continuation'}, 1, (req) => (req.url ?? '').includes('prefix=k%2F') && (req.url ?? '').includes('list-type=2'))
        const result = await runCli(['sync', `s3://${fixture.bucket}/k/`, local, '--delete'], {cwd: proxied.configDir, timeoutMs: 120_000})
        proxied.proxy.clear()
        const files = readdirSync(local).filter((f) => !f.startsWith('.'))
        assert.ok(files.length >= COUNT, `no file deleted: ${files.length} of ${COUNT} left`)
        assert.equal(result.code, 0, result.stderr)
      })

      for (const fault of ['repeat-page', 'drop-continuation'] as const) {
        it(`sync ./dir s3://B/d/ --delete, the destination listing meeting ${fault}: every object kept`, async () => {
          writeFileSync(path.join(local, 'new-file'), 'new') // something to do, so the sync runs its listing through
          disturbListing(fault, 'd/')
          const result = await runCli(['sync', local, `s3://${fixture.bucket}/d/`, '--delete'], {cwd: proxied.configDir, timeoutMs: 120_000})
          proxied.proxy.clear()
          rmSync(path.join(local, 'new-file'))
          const left = await objectCount('d/')
          assert.ok(left >= COUNT, `no object deleted: ${left} of ${COUNT} left`)
          assert.notEqual(result.code, 0, `a failed listing fails the sync: ${result.stderr}`)
          assert.match(result.stderr, /the server's listing is inconsistent/)
        })

        it(`sync s3://B/k/ ./dir --delete, the source listing meeting ${fault}: every file kept`, async () => {
          disturbListing(fault, 'k/')
          const result = await runCli(['sync', `s3://${fixture.bucket}/k/`, local, '--delete'], {cwd: proxied.configDir, timeoutMs: 120_000})
          proxied.proxy.clear()
          const files = readdirSync(local).filter((f) => !f.startsWith('.'))
          assert.ok(files.length >= COUNT, `no file deleted: ${files.length} of ${COUNT} left`)
          assert.notEqual(result.code, 0, `a failed listing fails the sync: ${result.stderr}`)
          assert.match(result.stderr, /the server's listing is inconsistent/)
        })
      }
    })
  })
})
