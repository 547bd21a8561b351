/**
 * Ctrl-C and SIGTERM sent to the built CLI in the middle of the work: a multipart upload, a
 * download to a file, a multipart copy, a wait between retries. Each ends with exit 130 and
 * one stderr line, no multipart upload left open and nothing new in the folder (no partial
 * file, no temp file). A second Ctrl-C during the clean-up does not cut it short.
 * The fault proxy holds the transfer at a known point, so the signal lands where it should.
 */
import assert from 'node:assert/strict'
import type {ChildProcess} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {readdirSync, writeFileSync} from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import type {Storage} from '../../src/lib/storage.js'
import {S3Name} from '../../src/lib/types.js'
import {FaultProxy} from '../support/fault-proxy.js'
import {bucketFixture, spawnCli, tempDir, testServer, writeConfig} from '../support/fixtures.js'

const MiB = 1024 * 1024
const SIGNALS = ['SIGINT', 'SIGTERM'] as const

interface Interrupted {
  code: number | null
  signal: NodeJS.Signals | null
  stderr: string
}

/** Polls `condition` every 10 ms until it holds (fails after `ms`). */
async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(10)
  }
}

/** Collects the child's stderr and resolves with how it ended. */
function ended(child: ChildProcess): {stderr: () => string; done: Promise<Interrupted>} {
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  const done = new Promise<Interrupted>((resolve) => child.on('close', (code, signal) => resolve({code, signal, stderr})))
  return {stderr: () => stderr, done}
}

function assertInterrupted(result: Interrupted, signal: string): void {
  assert.equal(result.code, 130, `exit code (signal ${result.signal}), stderr:\n${result.stderr}`)
  const lines = result.stderr.trim().split('\n')
  assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`)
  assert.match(lines[0], new RegExp(`^s3: error: .*interrupted by ${signal}`))
}

const isPartUpload = (req: http.IncomingMessage) => req.method === 'PUT' && /[?&]partNumber=/.test(req.url ?? '')
const isGet = (req: http.IncomingMessage) => req.method === 'GET'
/** Puts `size` random bytes as `key`, in one request. */
async function putRandom(storage: Storage, bucket: string, key: string, size: number): Promise<void> {
  const file = path.join(tempDir(), 'source.bin')
  writeFileSync(file, randomBytes(size))
  await storage.write(file, new S3Name(key, bucket), {}, {multipartThreshold: 100 * MiB})
}

const isAbort = (req: http.IncomingMessage) => req.method === 'DELETE' && /[?&]uploadId=/.test(req.url ?? '')

describe('interruption (SIGINT, SIGTERM) of the CLI', function () {
  const fixture = bucketFixture('intr', (storage, bucket) => putRandom(storage, bucket, 'download.bin', 8 * MiB))
  const proxy = new FaultProxy()
  let endpoint: string

  before(async function () {
    endpoint = await proxy.start((await testServer()).endpoint)
  })

  after(async function () {
    await proxy.stop()
  })

  afterEach(function () {
    proxy.clear()
  })

  /** A folder with an s3.yaml going through the proxy; retries wait `interval` seconds or more. */
  async function folder(interval: number): Promise<string> {
    const dir = tempDir()
    await writeConfig(dir, {endpoint, default_bucket: fixture.bucket, retry: {limit: 5, interval}})
    return dir
  }

  async function assertNothingLeft(dir: string, before: string[]): Promise<void> {
    const open: string[] = []
    for await (const u of fixture.storage.multipartUploads(fixture.bucket)) open.push(`${u.key} ${u.uploadId}`)
    assert.deepEqual(open, [], 'no multipart upload left open')
    assert.deepEqual(readdirSync(dir).sort(), before, 'nothing new in the folder')
  }

  for (const signal of SIGNALS) {
    it(`${signal} during a multipart upload aborts it`, async function () {
      const dir = await folder(0.05)
      const before = readdirSync(dir).sort()
      const child = spawnCli(['put', '-', 'upload.bin', '--multipart-threshold', '5MiB', '--part-size', '5MiB'], {cwd: dir})
      const {done} = ended(child)
      child.stdin!.on('error', () => {})
      // stdin never ends: the upload is in progress until the signal.
      const chunk = randomBytes(MiB)
      const feed = setInterval(() => child.stdin!.write(chunk), 20)
      try {
        await until(() => proxy.seen.some((s) => s.method === 'PUT' && /[?&]partNumber=/.test(s.url)), 'a part to be sent')
        await sleep(100)
        child.kill(signal)
        assertInterrupted(await done, signal)
      } finally {
        clearInterval(feed)
      }
      assert.equal((await fixture.storage.exists(new S3Name('upload.bin', fixture.bucket)))[0], false)
      await assertNothingLeft(dir, before)
    })

    it(`${signal} during a download to a file leaves no partial or temp file`, async function () {
      const dir = await folder(0.05)
      const before = readdirSync(dir).sort()
      proxy.inject({kind: 'stall', afterBytes: MiB}, 1, isGet)
      const child = spawnCli(['get', 'download.bin', 'download.bin'], {cwd: dir})
      const {done} = ended(child)
      await until(() => proxy.seen.some((s) => s.fault === 'stall'), 'the download to start')
      await until(() => readdirSync(dir).some((n) => n.includes('s3tmp')), 'the temp file')
      await sleep(100)
      child.kill(signal)
      assertInterrupted(await done, signal)
      await assertNothingLeft(dir, before)
    })

    it(`${signal} during a multipart copy aborts it`, async function () {
      await putRandom(fixture.storage, fixture.bucket, `copy-source-${signal}.bin`, 40 * MiB)
      const dir = await folder(0.05)
      const before = readdirSync(dir).sort()
      proxy.inject({kind: 'stall', afterBytes: 10}, 1, isPartUpload)
      const child = spawnCli(['object:copy', `copy-source-${signal}.bin`, 'copy.bin', '--multipart-threshold', '5MiB', '--part-size', '5MiB'], {cwd: dir})
      const {done} = ended(child)
      await until(() => proxy.seen.some((s) => s.fault === 'stall'), 'a part copy to start')
      await sleep(100)
      child.kill(signal)
      assertInterrupted(await done, signal)
      assert.equal((await fixture.storage.exists(new S3Name('copy.bin', fixture.bucket)))[0], false)
      await assertNothingLeft(dir, before)
    })

    it(`${signal} during a wait between retries ends the wait and aborts the upload`, async function () {
      const dir = await folder(30) // waits of 15 s or more: the signal comes during the first
      writeFileSync(path.join(dir, 'retried.bin'), randomBytes(12 * MiB))
      const before = readdirSync(dir).sort()
      proxy.inject({kind: 'status', status: 503, code: 'SlowDown'}, 100, isPartUpload)
      const child = spawnCli(['put', 'retried.bin', '--multipart-threshold', '5MiB', '--part-size', '5MiB'], {cwd: dir})
      const {done} = ended(child)
      await until(() => proxy.seen.some((s) => s.fault === 'status'), 'a part to be refused')
      await sleep(300)
      const sentAt = Date.now()
      child.kill(signal)
      assertInterrupted(await done, signal)
      assert.ok(Date.now() - sentAt < 5000, 'the wait was cut short')
      await assertNothingLeft(dir, before)
    })
  }

  it('a second SIGINT during the abort does not cut the clean-up short', async function () {
    await putRandom(fixture.storage, fixture.bucket, 'copy-source-twice.bin', 40 * MiB)
    const dir = await folder(1)
    const before = readdirSync(dir).sort()
    proxy.inject({kind: 'stall', afterBytes: 10}, 1, isPartUpload)
    // The first abort is refused: the CLI waits a second before it tries again, and the second SIGINT comes then.
    proxy.inject({kind: 'status', status: 503, code: 'SlowDown'}, 1, isAbort)
    const child = spawnCli(['object:copy', 'copy-source-twice.bin', 'copy-twice.bin', '--multipart-threshold', '5MiB', '--part-size', '5MiB'], {cwd: dir})
    const {done} = ended(child)
    await until(() => proxy.seen.some((s) => s.fault === 'stall'), 'a part copy to start')
    child.kill('SIGINT')
    await until(() => proxy.seen.some((s) => s.method === 'DELETE' && s.fault === 'status'), 'the first try of the abort')
    await sleep(100)
    child.kill('SIGINT')
    const result = await done
    assertInterrupted(result, 'SIGINT')
    await assertNothingLeft(dir, before)
  })
})
