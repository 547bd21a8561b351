/**
 * The bandwidth cap against RGW: `max_bandwidth` on the connection and `--limit-rate` on the
 * commands that move bytes hold a put, a get and a sync of several files (one cap shared by all
 * of them) to the rate, up and down; an abort stops a throttled transfer at once; bad values are
 * refused in one line. Only lower bounds on time are asserted: pacing can only make things slower.
 */
import assert from 'node:assert/strict'
import {randomBytes} from 'node:crypto'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {Writable} from 'node:stream'
import type {Storage} from '../../src/lib/storage.js'
import {S3Name} from '../../src/lib/types.js'
import {type CliResult, makeStorage, runCli, tempDir, uniqueBucket, writeConfig} from '../support/fixtures.js'
import {createBucket, removeBucket} from './objects-helpers.js'

const MiB = 1024 * 1024

/** Seconds `work` took. */
async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return (performance.now() - started) / 1000
}

describe('rate limit (--limit-rate, max_bandwidth)', function () {
  let storage: Storage
  let bucket: string
  let dir: string
  const six = randomBytes(6 * MiB)
  const fifteen = randomBytes(15 * MiB)

  before(async function () {
    bucket = uniqueBucket('rate')
    storage = await makeStorage('owner', {default_bucket: bucket})
    await createBucket(storage, bucket)
    dir = tempDir()
    await writeConfig(dir, {default_bucket: bucket})
    writeFileSync(path.join(dir, 'six.bin'), six)
  })

  after(async function () {
    await removeBucket(storage, bucket)
    storage.connection.close()
  })

  const cli = (args: string[]) => runCli(args, {cwd: dir})

  it('put and get of 6 MiB at --limit-rate 2MiB take 2.5 s at least each; the bytes arrive whole', async function () {
    const free = await timed(async () => assert.equal((await cli(['put', 'six.bin', 'free.bin'])).code, 0))
    let r: CliResult | undefined
    const up = await timed(async () => {
      r = await cli(['put', 'six.bin', 'six.bin', '--limit-rate', '2MiB'])
    })
    assert.equal(r?.code, 0, r?.stderr)
    const down = await timed(async () => {
      r = await cli(['get', 'six.bin', 'back.bin', '--limit-rate', '2MiB'])
    })
    assert.equal(r?.code, 0, r?.stderr)
    assert.ok(readFileSync(path.join(dir, 'back.bin')).equals(six))
    assert.ok(up >= 2.5, `put took ${up} s (unlimited: ${free} s)`)
    assert.ok(down >= 2.5, `get took ${down} s`)
  })

  it('sync of several files shares one limit across all of them', async function () {
    const from = path.join(dir, 'many')
    mkdirSync(from)
    for (let i = 0; i < 6; i++) writeFileSync(path.join(from, `f${i}.bin`), six.subarray(i * MiB, (i + 1) * MiB))
    let r: CliResult | undefined
    const seconds = await timed(async () => {
      r = await cli(['sync', from, `s3://${bucket}/many/`, '--limit-rate', '1MiB'])
    })
    assert.equal(r?.code, 0, r?.stderr)
    // Six files of 1 MiB at once: one cap of 1 MiB/s for all takes ~6 s (a cap per file ~1 s).
    assert.ok(seconds >= 5, `sync took ${seconds} s`)
  })

  it('refuses a bad, zero or tiny --limit-rate in one line (exit 2); max_bandwidth in s3.yaml is shown with its source', async function () {
    for (const value of ['fast', '0', '100', '-1MiB']) {
      const r = await cli(['put', 'six.bin', '--limit-rate', value])
      assert.equal(r.code, 2, `${value}: ${r.stderr}`)
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
      assert.match(r.stderr, /^s3: error: .*--limit-rate/)
    }
    const configured = tempDir()
    await writeConfig(configured, {max_bandwidth: 5 * MiB})
    const shown = await runCli(['config:show', '--json'], {cwd: configured})
    assert.equal(shown.code, 0, shown.stderr)
    assert.deepEqual(JSON.parse(shown.stdout).max_bandwidth, {value: 5 * MiB, source: path.join(configured, 's3.yaml')})
    await writeConfig(configured, {max_bandwidth: 0})
    const bad = await runCli(['config:show'], {cwd: configured})
    assert.equal(bad.code, 3, bad.stderr)
    assert.match(bad.stderr, /^s3: error: .*"max_bandwidth" must be a number of bytes per second from 1024/)
  })

  describe('the library (max_bandwidth bytes/s on the connection)', function () {
    let limited: Storage

    before(async function () {
      limited = await makeStorage('owner', {default_bucket: bucket, max_bandwidth: 2 * MiB})
    })
    after(() => limited.connection.close())

    it('holds a write and a read to the rate; the parts of a multipart write share it', async function () {
      const key = new S3Name('lib.bin', bucket)
      const parts = await timed(() => limited.write(fifteen, new S3Name('parts.bin', bucket), {}, {multipartThreshold: 5 * MiB, partSize: 5 * MiB, concurrency: 3}))
      // Three parts of 5 MiB at once: 7.5 s at 2 MiB/s for all (2.5 s with a cap per request).
      assert.ok(parts >= 6.5, `the multipart write took ${parts} s`)
      const up = await timed(() => limited.write(six, key))
      const chunks: Buffer[] = []
      const sink = new Writable({write: (chunk: Buffer, _encoding, done) => {
        chunks.push(chunk)
        done()
      }})
      const down = await timed(() => limited.read(key, sink))
      assert.ok(Buffer.concat(chunks).equals(six))
      assert.ok(up >= 2.5, `write took ${up} s`)
      assert.ok(down >= 2.5, `read took ${down} s`)
    })

    it('an abort stops a throttled write and a throttled read at once', async function () {
      const slow = await makeStorage('owner', {default_bucket: bucket, max_bandwidth: 64 * 1024})
      try {
        const abortAfter = (ms: number) => {
          const controller = new AbortController()
          setTimeout(() => controller.abort(), ms)
          return controller.signal
        }
        let seconds = await timed(() => assert.rejects(slow.write(six, new S3Name('aborted.bin', bucket), {}, {signal: abortAfter(300)})))
        assert.ok(seconds < 2, `the write ended ${seconds} s after it started (100 s at the rate)`)
        const sink = new Writable({write: (_chunk, _encoding, done) => done()})
        seconds = await timed(() => assert.rejects(slow.read(new S3Name('six.bin', bucket), sink, {signal: abortAfter(300)})))
        assert.ok(seconds < 2, `the read ended ${seconds} s after it started`)
      } finally {
        slow.connection.close()
      }
    })
  })
})
