/**
 * Parallel ranged downloads (built CLI against RGW, faults through the fault proxy): an object
 * above one part comes down in ranges pinned by If-Match to the first answer's ETag, each
 * resumed on a cut; a replaced object, a flipped byte or Ctrl-C leave no temp file and the old
 * local file as it was; get -r and sync use the ranges too.
 */
import assert from 'node:assert/strict'
import {createHash, randomBytes} from 'node:crypto'
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import type http from 'node:http'
import path from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {S3Name} from '../../src/lib/types.js'
import {faultProxyFixture, makeStorage, outcomeOf, runCli, spawnCli, tempDir, uniqueBucket} from '../support/fixtures.js'
import type {Storage} from '../../src/lib/storage.js'

const MiB = 1024 * 1024
const SIZE = 23 * MiB + 12_345 // five ranges of 5 MiB (the last shorter)
const RANGES = Math.ceil(SIZE / (5 * MiB))
const PART = ['--part-size', '5MiB', '--concurrency', '3']

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')
const isGet = (req: http.IncomingMessage) => req.method === 'GET' && !/\?(list-type|location|versioning)/.test(req.url ?? '')
/** A GET for a range that does not start at byte 0: one of the ranges after the first. */
const isLaterRange = (req: http.IncomingMessage) => isGet(req) && /^bytes=[1-9]/.test(String(req.headers.range ?? ''))

describe('parallel ranged downloads (CLI, through the fault proxy)', function () {
  this.timeout(120_000)
  const bucket = uniqueBucket('ranged')
  const fixture = faultProxyFixture({default_bucket: bucket, timeout: 1, retry: {limit: 4, interval: 0.05}})
  const single = randomBytes(SIZE)
  const multi = randomBytes(SIZE)
  let direct: Storage

  before(async function () {
    direct = await makeStorage('owner', {default_bucket: bucket})
    await direct.bucketCreate(bucket)
    const dir = tempDir()
    writeFileSync(path.join(dir, 'single'), single)
    writeFileSync(path.join(dir, 'multi'), multi)
    await direct.write(path.join(dir, 'single'), new S3Name('single.bin', bucket), {}, {multipartThreshold: 100 * MiB})
    await direct.write(path.join(dir, 'multi'), new S3Name('multi.bin', bucket), {}, {multipartThreshold: 5 * MiB, partSize: 5 * MiB})
  })
  after(async function () {
    for await (const item of direct.bucketListKeys(bucket)) if (typeof item !== 'string') await direct.delete(new S3Name(item.key, bucket))
    await direct.bucketDelete(bucket)
    direct.close()
  })

  const gets = () => fixture.proxy.seen.filter((s) => s.method === 'GET' && s.headers.range !== undefined)
  const temps = (dir: string) => readdirSync(dir).filter((n) => n.includes('s3tmp'))
  const get = (args: string[], cwd = fixture.configDir) => runCli(['get', ...args, ...PART], {cwd})

  for (const [key, data] of [['single.bin', single], ['multi.bin', multi]] as const) {
    it(`${key}: the ranges come down in parallel, If-Match on the first ETag, and the file equals the source`, async function () {
      const out = path.join(tempDir(), key)
      const result = await get([key, out])
      assert.equal(result.code, 0, result.stderr)
      assert.equal(sha256(readFileSync(out)), sha256(data))
      const seen = gets()
      assert.ok(seen.length >= RANGES, `${seen.length} ranged GETs for ${RANGES} ranges`)
      assert.equal(seen[0].headers.range, `bytes=0-${5 * MiB - 1}`)
      const etag = seen[0].headers['if-match']
      assert.equal(etag, undefined, 'the first range pins nothing')
      for (const s of seen.slice(1)) assert.ok(s.headers['if-match'], `If-Match on ${s.headers.range}`)
    })
  }

  it('an empty object and one smaller than a part come down in one GET', async function () {
    const dir = tempDir()
    for (const [key, size] of [['tiny/empty', 0], ['tiny/small', 1000]] as const) {
      writeFileSync(path.join(dir, 'source'), randomBytes(size))
      await direct.write(path.join(dir, 'source'), new S3Name(key, bucket))
      fixture.proxy.clear()
      const result = await get([key, path.join(dir, 'out')])
      assert.equal(result.code, 0, result.stderr)
      assert.deepEqual(readFileSync(path.join(dir, 'out')), readFileSync(path.join(dir, 'source')))
      assert.equal(fixture.proxy.seen.filter((s) => s.method === 'GET').length, size === 0 ? 2 : 1, `${key}: the GETs`)
    }
    await direct.delete(new S3Name('tiny/empty', bucket))
    await direct.delete(new S3Name('tiny/small', bucket))
  })

  it('a reset and a stall in the middle of later ranges are resumed; the file is right', async function () {
    fixture.proxy.inject({kind: 'cut', afterBytes: MiB}, 1, isLaterRange)
    fixture.proxy.inject({kind: 'stall', afterBytes: 2 * MiB}, 1, isLaterRange)
    const out = path.join(tempDir(), 'resumed')
    const result = await get(['single.bin', out])
    assert.equal(result.code, 0, result.stderr)
    assert.equal(sha256(readFileSync(out)), sha256(single))
    assert.ok(gets().length >= RANGES + 2, `${gets().length} ranged GETs: the cut and the stalled ranges were asked for again`)
  })

  it('an object replaced between ranges fails in one line (exit 1): no temp file, the old file kept', async function () {
    const original = path.join(tempDir(), 'original')
    writeFileSync(original, single)
    await direct.write(original, new S3Name('replaced.bin', bucket), {}, {multipartThreshold: 100 * MiB})
    const dir = tempDir()
    const out = path.join(dir, 'replaced.bin')
    writeFileSync(out, 'old')
    let replacing: Promise<unknown> | undefined
    const replacement = path.join(tempDir(), 'new')
    writeFileSync(replacement, randomBytes(SIZE))
    // The first range's answer is held back while the object is replaced: the later ranges ask for a gone ETag.
    fixture.proxy.inject({kind: 'slow', delayMs: 300}, 1, (req) => {
      const first = isGet(req) && /^bytes=0-/.test(String(req.headers.range ?? ''))
      if (first) replacing = direct.write(replacement, new S3Name('replaced.bin', bucket), {}, {multipartThreshold: 100 * MiB})
      return first
    })
    const result = await get(['replaced.bin', out])
    await replacing
    assert.equal(result.code, 1, result.stderr)
    assert.match(result.stderr, /^s3: .*replaced\.bin changed during the download/m)
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr)
    assert.equal(readFileSync(out, 'utf8'), 'old')
    assert.deepEqual(temps(dir), [])
  })

  it('a flipped byte in a later range of a single-PUT object is caught by the MD5: nothing written', async function () {
    fixture.proxy.inject({kind: 'flip', offset: 12_345}, 1, isLaterRange)
    const dir = tempDir()
    const out = path.join(dir, 'flipped')
    writeFileSync(out, 'old')
    const result = await get(['single.bin', out])
    assert.equal(result.code, 1, result.stderr)
    assert.match(result.stderr, /^s3: .*MD5 .* differs from the ETag/m)
    assert.equal(readFileSync(out, 'utf8'), 'old')
    assert.deepEqual(temps(dir), [])
  })

  it('SIGINT in the middle of the ranges leaves no temp file (exit 130)', async function () {
    const dir = tempDir()
    const out = path.join(dir, 'interrupted')
    fixture.proxy.inject({kind: 'stall', afterBytes: MiB}, 1, isLaterRange)
    const child = spawnCli(['get', 'single.bin', out, ...PART], {cwd: fixture.configDir, env: {}})
    const outcome = outcomeOf(child)
    const deadline = Date.now() + 20_000
    while (!fixture.proxy.seen.some((s) => s.fault === 'stall') && Date.now() < deadline) await sleep(10)
    await sleep(100)
    child.kill('SIGINT')
    const result = await outcome
    assert.equal(result.code, 130, result.stderr)
    assert.deepEqual(temps(dir), [])
  })

  for (const command of [['get', '-r'], ['sync']]) {
    it(`${command.join(' ')} downloads each large file in ranges too`, async function () {
      const dir = path.join(tempDir(), 'to')
      mkdirSync(dir)
      const result = await runCli([...command, `s3://${bucket}/`, dir, ...PART], {cwd: fixture.configDir})
      assert.equal(result.code, 0, result.stderr)
      assert.equal(sha256(readFileSync(path.join(dir, 'single.bin'))), sha256(single))
      assert.equal(sha256(readFileSync(path.join(dir, 'multi.bin'))), sha256(multi))
      assert.ok(gets().length >= 2 * RANGES, `${gets().length} ranged GETs for two files of ${RANGES} ranges`)
    })
  }
})
