/**
 * bucket:list-keys streams: 100,000 keys from a stand-in S3 server (pages of 1000 made up on
 * the fly, so no real bucket needs filling), printed as NDJSON while later pages are still
 * being asked for, with the same peak memory as a listing twenty times shorter.
 */
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import {ROOT} from '../support/server.js'
import {tempDir} from '../support/fixtures.js'

const PAGE = 1000
const HEAP_CAP = '--max-old-space-size=32'

/** A server answering ListObjectsV2 for a bucket of `total` keys, k000000000..; notes when each page went out. */
function fakeS3(total: number) {
  const served: number[] = []
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const start = Number(url.searchParams.get('continuation-token') ?? 0)
    const end = Math.min(start + PAGE, total)
    served.push(Date.now())
    const contents: string[] = []
    for (let i = start; i < end; i++) {
      contents.push(`<Contents><Key>k${String(i).padStart(9, '0')}</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag><Size>${i}</Size><StorageClass>STANDARD</StorageClass><Owner><ID>owner</ID><DisplayName>Owner</DisplayName></Owner></Contents>`)
    }
    const truncated = end < total
    res.writeHead(200, {'content-type': 'application/xml'})
    res.end(`<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>big</Name><Prefix></Prefix><KeyCount>${end - start}</KeyCount><MaxKeys>${PAGE}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextContinuationToken>${end}</NextContinuationToken>` : ''}${contents.join('')}</ListBucketResult>`)
  })
  return new Promise<{port: number; served: number[]; close: () => void}>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({port: (server.address() as AddressInfo).port, served, close: () => server.close()}))
  })
}

/** Runs `bucket:list-keys big -o ndjson` against the stand-in; counts lines and samples the child's RSS. */
async function listKeys(total: number, nodeOptions = ''): Promise<{lines: number; firstLineAt: number; lastPageAt: number; peakRssMb: number; lastKey: string}> {
  const s3 = await fakeS3(total)
  const dir = tempDir()
  const config = path.join(dir, 's3.yaml')
  const yaml = `s3:\n  access_key_id: "AK"\n  secret_access_key: "SK"\n  endpoint: "http://127.0.0.1:${s3.port}"\n  region: "us-east-1"\n`
  await import('node:fs/promises').then((fs) => fs.writeFile(config, yaml))
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'run.js'), 'bucket:list-keys', 'big', '-o', 'ndjson', '-c', config], {cwd: dir, env: {...process.env, NODE_OPTIONS: nodeOptions}})
  let lines = 0
  let firstLineAt = 0
  let tail = ''
  let peak = 0
  const sample = setInterval(() => {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
      if (rss) peak = Math.max(peak, Number(rss[1]))
    } catch { /* exited */ }
  }, 20)
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    if (!firstLineAt) firstLineAt = Date.now()
    for (const c of chunk) if (c === '\n') lines++
    tail = (tail + chunk).slice(-300)
  })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  clearInterval(sample)
  s3.close()
  assert.equal(code, 0, stderr)
  const last = JSON.parse(tail.trim().split('\n').pop()!) as {key: string}
  return {lines, firstLineAt, lastPageAt: s3.served[s3.served.length - 1], peakRssMb: peak / 1024, lastKey: last.key}
}

describe('bucket:list-keys streaming', function () {
  this.timeout(300_000)

  it('lists 100,000 keys as NDJSON while pages still arrive, in the memory of 5,000', async () => {
    // A 32 MB heap: the CLI itself lives in about 15 MB, while holding 100,000 keys at once
    // takes another 30 MB or so, so a listing that buffered would die here.
    const small = await listKeys(5_000, HEAP_CAP)
    const big = await listKeys(100_000, HEAP_CAP)
    assert.equal(small.lines, 5_000)
    assert.equal(big.lines, 100_000)
    assert.equal(big.lastKey, 'k000099999')
    assert.ok(big.firstLineAt < big.lastPageAt, 'the first keys were printed before the last page was asked for')
    // Buffering 100,000 records would cost well over 50 MB more than 5,000 do.
    assert.ok(big.peakRssMb - small.peakRssMb < 40, `peak RSS ${small.peakRssMb.toFixed(0)} MB for 5,000 keys, ${big.peakRssMb.toFixed(0)} MB for 100,000`)
  })
})
