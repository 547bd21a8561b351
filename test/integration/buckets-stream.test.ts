/**
 * bucket:list-keys streams: against the real RGW (seen through the recording proxy), the
 * first NDJSON records reach stdout before the last page has even been asked for, and the
 * whole listing runs in a 32 MB heap. Memory against listing size is measured by the
 * benchmark (npm run bench), not asserted here.
 */
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {S3Connection} from '../../src/lib/client/connection.js'
import {FaultProxy} from '../support/fault-proxy.js'
import {connectionOptions, removeBuckets, tempDir, testServer, uniqueBucket} from '../support/fixtures.js'
import {ROOT} from '../support/server.js'

const KEYS = 3_000
const PAGE = 100

/** PUTs `count` empty objects, 32 at a time. */
async function fill(connection: S3Connection, bucket: string, count: number): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < count) {
      const key = `k${String(next++).padStart(6, '0')}`
      await connection.request({op: 'test', method: 'PUT', bucket, key, body: ''})
    }
  }
  await Promise.all(Array.from({length: 32}, worker))
}

describe('bucket:list-keys streaming', function () {
  this.timeout(300_000)
  const bucket = uniqueBucket('stream')
  const proxy = new FaultProxy()
  let connection: S3Connection
  let endpoint: string

  before(async function () {
    const server = await testServer()
    connection = new S3Connection(connectionOptions(server))
    await connection.request({op: 'test', method: 'PUT', bucket})
    await fill(connection, bucket, KEYS)
    endpoint = await proxy.start(server.endpoint)
  })

  after(async () => {
    await proxy.stop()
    const {Storage} = await import('../../src/lib/storage.js')
    await removeBuckets(new Storage(connection), [bucket])
    connection.close()
  })

  it(`prints NDJSON while later pages are still being asked for, in a 32 MB heap (${KEYS} keys, pages of ${PAGE})`, async () => {
    const dir = tempDir()
    const config = path.join(dir, 's3.yaml')
    const server = await testServer()
    writeFileSync(config, `s3:\n  access_key_id: "${server.owner.accessKeyId}"\n  secret_access_key: "${server.owner.secretAccessKey}"\n  endpoint: "${endpoint}"\n`, {mode: 0o600})
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'run.js'), 'bucket:list-keys', bucket, '--page-size', String(PAGE), '-o', 'ndjson', '-c', config],
      {cwd: dir, env: {...process.env, NODE_OPTIONS: '--max-old-space-size=32'}})
    let lines = 0
    let firstLineAt = 0
    let tail = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      firstLineAt ||= Date.now()
      lines += chunk.split('\n').length - 1
      tail = (tail + chunk).slice(-300)
    })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    assert.equal(code, 0, stderr)
    assert.equal(lines, KEYS)
    assert.equal((JSON.parse(tail.trim().split('\n').pop()!) as {key: string}).key, `k${String(KEYS - 1).padStart(6, '0')}`)
    const pages = proxy.seen.filter((s) => s.method === 'GET' && s.url.includes('list-type=2'))
    assert.equal(pages.length, KEYS / PAGE)
    assert.ok(firstLineAt < pages[pages.length - 1].at, 'the first keys were printed before the last page was asked for')
  })
})
