/**
 * `s3 ... | head -1`: the reader of stdout goes away while transfers are in flight. The command
 * must clean up as on Ctrl-C (no temp file left, no multipart upload left open), then end with
 * 0, quietly. Through the fault proxy, slowed, so that transfers are in flight when it happens.
 */
import assert from 'node:assert/strict'
import type {ChildProcess} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, statSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {MiB} from '../../src/lib/constants.js'
import {bucketFixture, faultProxyFixture, spawnCli, tempDir} from '../support/fixtures.js'

const FILES = 60

/** Every file under `dir`, in all its folders. */
function filesUnder(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, {recursive: true}).map(String) : []
}

/** Reads the child's stdout until `enough` says so, then closes it, as `head` does; the exit code, stderr, and the time from the close to the exit. */
async function readThenClose(child: ChildProcess, enough: (received: Buffer) => boolean): Promise<{code: number | null; stderr: string; received: Buffer; exitMs: number}> {
  const stderr: Buffer[] = []
  child.stderr!.on('data', (d: Buffer) => stderr.push(d))
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  let received = Buffer.alloc(0)
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      received = Buffer.concat([received, d])
      if (enough(received)) resolve()
    })
    child.on('close', () => reject(new Error(`ended before the reader had enough: ${Buffer.concat(stderr).toString()}`)))
  })
  const closedAt = Date.now()
  child.stdout!.destroy()
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
  const code = await exited
  clearTimeout(timer)
  return {code, stderr: Buffer.concat(stderr).toString(), received, exitMs: Date.now() - closedAt}
}

describe('a reader of stdout that goes away (| head)', function () {
  this.timeout(90_000)
  const fixture = bucketFixture('closed-pipe', async (storage, bucket) => {
    await Promise.all(Array.from({length: FILES}, (_, i) => storage.connection.request({op: 'fill', method: 'PUT', bucket, key: `p/${String(i).padStart(3, '0')}`, body: randomBytes(64 * 1024)})))
    await storage.connection.request({op: 'fill', method: 'PUT', bucket, key: 'big', body: randomBytes(32 * MiB)})
  })
  const proxied = faultProxyFixture()

  it('get -r -o ndjson | head -1: exit 0, no temp file left, the files there whole', async () => {
    const dir = path.join(tempDir('s3-closed-pipe-get-'), 'down')
    // Slow answers: the first file done while the others are in flight.
    proxied.proxy.inject({kind: 'slow', delayMs: 200}, 10_000, (req) => req.method === 'GET' && /^\/[^/]+\/p\//.test(req.url ?? ''))
    const child = spawnCli(['get', '-r', `s3://${fixture.bucket}/p/`, dir, '-o', 'ndjson'], {cwd: proxied.configDir})
    const {code, stderr, exitMs} = await readThenClose(child, (received) => received.includes(10))
    const files = filesUnder(dir)
    console.log(`  get -r | head -1: exit ${code} ${exitMs} ms after the close, ${files.length} of ${FILES} files, stderr ${JSON.stringify(stderr)}`)
    assert.equal(code, 0, stderr)
    assert.deepEqual(files.filter((f) => f.includes('.s3tmp-')), [], 'no temp file left')
    assert.ok(files.length < FILES, `stopped before the end (${files.length} files)`)
    for (const file of files) assert.equal(statSync(path.join(dir, file)).size, 64 * 1024, `${file}: whole`)
    assert.equal(stderr, '', 'quiet')
  })

  it('put -r -o ndjson | head -1: exit 0, no multipart upload left open', async () => {
    const dir = tempDir('s3-closed-pipe-put-')
    mkdirSync(dir, {recursive: true})
    writeFileSync(path.join(dir, '0-small'), 'small')
    // One file of 2 parts, done (its line written into the closed pipe) while the others still send theirs.
    writeFileSync(path.join(dir, '1-big'), randomBytes(6 * MiB))
    for (let i = 2; i <= 4; i++) writeFileSync(path.join(dir, `${i}-big`), randomBytes(30 * MiB))
    proxied.proxy.inject({kind: 'slow', delayMs: 300}, 10_000, (req) => req.method === 'PUT' && /[?&]partNumber=/.test(req.url ?? ''))
    const child = spawnCli(['put', '-r', dir, `s3://${fixture.bucket}/up/`, '-o', 'ndjson', '--multipart-threshold', '5MiB', '--part-size', '5MiB'], {cwd: proxied.configDir})
    const {code, stderr} = await readThenClose(child, (received) => received.includes(10))
    assert.equal(code, 0, stderr)
    assert.ok(proxied.proxy.seen.some((s) => /[?&]partNumber=/.test(s.url)), 'parts were in flight')
    const open: string[] = []
    for await (const upload of fixture.storage.multipartUploads(fixture.bucket)) open.push(upload.key)
    // Abort them, so a failure here leaves none to the next test.
    for await (const upload of fixture.storage.multipartUploads(fixture.bucket)) await fixture.storage.connection.request({op: 'abort', method: 'DELETE', bucket: fixture.bucket, key: upload.key, query: {uploadId: upload.uploadId}})
    assert.deepEqual(open, [], 'no multipart upload left open')
  })

  it('get s3://B/big - | head -c 10: exit 0 at once, quietly', async () => {
    const child = spawnCli(['get', `s3://${fixture.bucket}/big`, '-'], {cwd: proxied.configDir})
    const {code, stderr, received, exitMs} = await readThenClose(child, (bytes) => bytes.length >= 10)
    console.log(`  get big - | head -c 10: exit ${code} ${exitMs} ms after the close, ${received.length} bytes read`)
    assert.equal(code, 0, stderr)
    assert.equal(stderr, '')
    assert.ok(exitMs < 5_000, `ended ${exitMs} ms after the reader went away`)
  })
})
