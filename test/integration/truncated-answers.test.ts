/**
 * An object's body that ends early must never pass for the whole object: an answer without
 * Content-Length (sent chunked) is not an S3 answer (exit 9), and a body shorter than its
 * Content-Length is a cut (retried, then failing). The real RGW behind the fault proxy, for
 * the single GET, get -r, get to stdout and the library's read().
 */
import assert from 'node:assert/strict'
import {createHash, randomBytes} from 'node:crypto'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import type http from 'node:http'
import path from 'node:path'
import {MiB} from '../../src/lib/constants.js'
import {StorageError} from '../../src/lib/errors.js'
import {S3Name} from '../../src/lib/types.js'
import {bucketFixture, faultProxyFixture, runCli, tempDir} from '../support/fixtures.js'

// Multipart objects: their ETag is no MD5, so only the length can tell a body that ended early.
const SIZE = 6 * MiB
const BODY = randomBytes(SIZE)
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex')
const isObjectGet = (req: http.IncomingMessage) => req.method === 'GET' && /^\/[^/?]+\/t\//.test(req.url ?? '')

/** Every file under `dir`, temp files included. */
function filesUnder(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, {recursive: true}).map(String) : []
}

describe('a truncated object answer is never accepted', function () {
  this.timeout(60_000)
  const fixture = bucketFixture('truncated', async (storage, bucket) => {
    const file = path.join(tempDir('s3-truncated-src-'), 'body')
    writeFileSync(file, BODY)
    for (const key of ['t/a', 't/b', 't/c']) await storage.write(file, new S3Name(key, bucket), {}, {multipartThreshold: 1, partSize: 5 * MiB})
  })
  const proxied = faultProxyFixture({retry: {limit: 3, interval: 0.05}})

  describe('an answer sent chunked, without Content-Length, ending at half the bytes', () => {
    const chunkedHalf = (times = 100) => proxied.proxy.inject({kind: 'chunked-short', afterBytes: SIZE / 2}, times, isObjectGet)

    it('read(): NotS3Answer, no file, no temp file', async () => {
      const dir = tempDir('s3-truncated-read-')
      chunkedHalf()
      await assert.rejects(proxied.storage.read(new S3Name('t/a', fixture.bucket), path.join(dir, 'a')), (error: unknown) => {
        assert.ok(error instanceof StorageError)
        assert.equal(error.code, 'NotS3Answer')
        assert.match(error.message, /GET of an object answered without a Content-Length/)
        return true
      })
      assert.deepEqual(filesUnder(dir), [])
    })

    it('s3 get: one line, exit 9, no file', async () => {
      const dir = tempDir('s3-truncated-get-')
      chunkedHalf()
      const result = await runCli(['get', `s3://${fixture.bucket}/t/a`, path.join(dir, 'a')], {cwd: proxied.configDir})
      assert.equal(result.code, 9, result.stderr)
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr)
      assert.match(result.stderr, /^s3: error: .*without a Content-Length/)
      assert.deepEqual(filesUnder(dir), [])
    })

    it('s3 get ... -: exit 9, not a byte of the half body on stdout', async () => {
      chunkedHalf()
      const result = await runCli(['get', `s3://${fixture.bucket}/t/a`, '-'], {cwd: proxied.configDir})
      assert.equal(result.code, 9, result.stderr)
      assert.equal(result.stdout.length, 0)
    })

    it('s3 get -r: the disturbed files fail (exit 10), no half file, no temp file; the others whole', async () => {
      const dir = tempDir('s3-truncated-get-r-')
      proxied.proxy.inject({kind: 'chunked-short', afterBytes: SIZE / 2}, 100, (req) => isObjectGet(req) && (req.url ?? '').includes('/t/a'))
      const result = await runCli(['get', '-r', `s3://${fixture.bucket}/t/`, dir], {cwd: proxied.configDir})
      assert.equal(result.code, 10, result.stderr)
      assert.match(result.stderr, /t\/a.*without a Content-Length/)
      assert.deepEqual(filesUnder(dir).sort(), ['b', 'c'])
      for (const name of ['b', 'c']) assert.equal(md5(readFileSync(path.join(dir, name))), md5(BODY), name)
    })
  })

  describe('a body shorter than its Content-Length, the connection closed cleanly', () => {
    const shortClose = (times: number, afterBytes = SIZE / 2) => proxied.proxy.inject({kind: 'short-close', afterBytes}, times, isObjectGet)

    it('read(): retried as a cut, the rest asked for, the whole object', async () => {
      const dir = tempDir('s3-short-read-')
      shortClose(1)
      await proxied.storage.read(new S3Name('t/a', fixture.bucket), path.join(dir, 'a'))
      assert.equal(md5(readFileSync(path.join(dir, 'a'))), md5(BODY))
      assert.ok(proxied.proxy.seen.some((s) => String(s.headers.range).startsWith(`bytes=${SIZE / 2}-`)), 'the rest asked for with Range')
    })

    it('s3 get, every try cut short: fails (exit 6), no file, no temp file', async () => {
      const dir = tempDir('s3-short-get-')
      shortClose(100, 1000)
      const result = await runCli(['get', `s3://${fixture.bucket}/t/a`, path.join(dir, 'a')], {cwd: proxied.configDir})
      assert.equal(result.code, 6, result.stderr)
      assert.deepEqual(filesUnder(dir), [])
    })

    it('s3 get ... -, every try cut short: fails (exit 6), at most the bytes received on stdout', async () => {
      shortClose(100, 1000)
      const result = await runCli(['get', `s3://${fixture.bucket}/t/a`, '-'], {cwd: proxied.configDir})
      assert.equal(result.code, 6, result.stderr)
      assert.ok(result.stdout.length < SIZE)
    })
  })
})
