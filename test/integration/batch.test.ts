/**
 * The batch commands end to end (built CLI against RGW): put -r / get -r of a tree of 1,000+
 * files, sync in all three directions (a second sync transfers nothing, --delete, --dry-run),
 * --include/--exclude in aws-cli's order, delete -r in one DeleteObjects request, move of one
 * file and of a prefix (a failed copy keeps its source), partial failure (exit 10), Ctrl-C
 * (exit 130, nothing left open or half written, a rerun finishes), keys that would leave the
 * target folder, and interop with the AWS CLI in both directions.
 */
import assert from 'node:assert/strict'
import type {ChildProcess} from 'node:child_process'
import {execFile} from 'node:child_process'
import {createHash, randomBytes} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {promisify} from 'node:util'
import {signHeaders, UNSIGNED_PAYLOAD} from '../../src/lib/client/signer.js'
import type {Storage} from '../../src/lib/storage.js'
import type {TransferRecord} from '../../src/lib/transfer/engine.js'
import {S3Name} from '../../src/lib/types.js'
import {FaultProxy} from '../support/fault-proxy.js'
import {bucketFixture, type CliResult, runCli, spawnCli, tempDir, testServer, writeConfig} from '../support/fixtures.js'

const AWS = '/usr/bin/aws'
const MiB = 1024 * 1024
const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('hex')

/** Every file under `dir`: relative path ('/' separators) -> MD5 of its bytes. */
function treeMd5s(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (at: string, rel: string) => {
    for (const entry of readdirSync(at, {withFileTypes: true})) {
      const full = path.join(at, entry.name)
      if (entry.isDirectory()) walk(full, `${rel}${entry.name}/`)
      else out.set(rel + entry.name, md5(readFileSync(full)))
    }
  }
  walk(dir, '')
  return out
}

/** Every path (files and folders) under `dir`, relative, sorted. */
function allPaths(dir: string): string[] {
  return (readdirSync(dir, {recursive: true}) as string[]).sort()
}

/** Writes `files` (relative path -> content) under `dir`, making folders as needed. */
function writeTree(dir: string, files: Record<string, Buffer | string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, ...rel.split('/'))
    mkdirSync(path.dirname(file), {recursive: true})
    writeFileSync(file, content)
  }
}

/** PUTs `body` as `key` in one buffered request (the library's write takes files and streams). */
async function put(storage: Storage, bucket: string, key: string, body: Buffer | string): Promise<void> {
  await storage.connection.request({op: 'test', method: 'PUT', bucket, key, body})
}

/** An object's bytes. */
async function get(storage: Storage, bucket: string, key: string): Promise<Buffer> {
  return (await storage.connection.request({op: 'test', method: 'GET', bucket, key})).body
}

/** The keys under a prefix, relative to it -> size, ETag and LastModified. */
async function listKeys(storage: Storage, bucket: string, prefix: string): Promise<Map<string, {size: number; eTag: string; lastModified: string}>> {
  const out = new Map<string, {size: number; eTag: string; lastModified: string}>()
  for await (const item of storage.bucketListKeys(bucket, null, prefix)) {
    if (typeof item !== 'string') out.set(item.key.slice(prefix.length), {size: item.size, eTag: item.eTag, lastModified: item.lastModified})
  }
  return out
}

/** The objects under a prefix, relative to it -> MD5 of their bytes (read back). */
async function remoteMd5s(storage: Storage, bucket: string, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const rel of (await listKeys(storage, bucket, prefix)).keys()) out.set(rel, md5(await get(storage, bucket, prefix + rel)))
  return out
}

function records(result: CliResult): TransferRecord[] {
  return result.stdout.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as TransferRecord)
}

/** The records of each action, as sorted lists of their relative source paths (after `base`). */
function byAction(list: TransferRecord[], base: string): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const r of list) (out[r.action] ??= []).push(r.source.startsWith(base) ? r.source.slice(base.length) : r.source)
  for (const rels of Object.values(out)) rels.sort()
  return out
}

/** The summary line on stderr: `s3: done: N files, ...` (or `planned`). */
function summary(result: CliResult): {verb: string; files: number; deleted: number; failed: number; skipped: number} {
  const m = /^s3: (done|planned): (\d+) files?, .* in [\d.]+ s(?:, (\d+) deleted)?(?:, (\d+) skipped)?(?:, (\d+) failed)?$/m.exec(result.stderr)
  assert.ok(m, `a summary line on stderr, got:\n${result.stderr}`)
  return {verb: m[1], files: Number(m[2]), deleted: Number(m[3] ?? 0), skipped: Number(m[4] ?? 0), failed: Number(m[5] ?? 0)}
}

function ok(result: CliResult): CliResult {
  assert.equal(result.code, 0, `exit ${result.code}\nstdout:\n${result.stdout.slice(0, 2000)}\nstderr:\n${result.stderr}`)
  return result
}

/** Polls `condition` every 10 ms until it holds (fails after `ms`). */
async function until(condition: () => boolean, what: string, ms = 30_000, detail = () => ''): Promise<void> {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${detail()}`)
    await sleep(10)
  }
}

function ended(child: ChildProcess): Promise<{code: number | null; stderr: string}> {
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  child.stdout!.resume()
  return new Promise((resolve) => child.on('close', (code) => resolve({code, stderr})))
}

/**
 * PUTs `key` with a request built by hand, so its path goes on the wire exactly as given: the
 * connection refuses keys with '.' or '..' segments (a URL parser would resolve them away), but
 * a raw request reaches RGW, which stores such keys as they are.
 */
async function rawPut(bucket: string, key: string, body: string): Promise<number> {
  const server = await testServer()
  const endpoint = new URL(server.endpoint)
  const pathname = `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`
  const headers: Record<string, string> = {host: endpoint.host, 'content-length': String(Buffer.byteLength(body))}
  // Not a URL: URL would resolve the dot segments before signing.
  const url = {pathname, search: '', host: endpoint.host} as unknown as URL
  Object.assign(headers, signHeaders({method: 'PUT', url, headers}, server.owner, {region: server.region, date: new Date(), payloadHash: UNSIGNED_PAYLOAD}))
  return new Promise((resolve, reject) => {
    const req = http.request({host: endpoint.hostname, port: endpoint.port, method: 'PUT', path: pathname, headers, agent: false}, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('batch commands (CLI): put -r, get -r, sync, delete -r, move', function () {
  this.timeout(120_000)
  const fixture = bucketFixture('batch')
  const s3 = (...args: string[]) => runCli(args, {cwd: fixture.configDir, timeoutMs: 110_000})
  /** The tree of 1,000+ files and the MD5 of each. */
  let tree: string
  let treeFiles: Map<string, string>
  const proxy = new FaultProxy()
  /** A folder whose s3.yaml points at the proxy, with one try per request. */
  let proxyDir: string

  before(async function () {
    tree = tempDir('s3-batch-tree-')
    const files: Record<string, Buffer | string> = {}
    const subNames = ['s0', 's1', 'sub dir', 's3', 'ünïcödé', 's5', 'with  two spaces', 's7', '日本語', 's9']
    const fileNames = (k: number) => [`f${k}.txt`, `file ${k} ü.dat`][k % 2]
    let n = 0
    for (let i = 0; i < 10; i++) {
      for (let j = 0; j < 10; j++) {
        for (let k = 0; k < 10; k++) files[`d${i}/${subNames[j]}/${fileNames(k)}`] = n++ % 97 === 0 ? '' : randomBytes(1 + (n * 37) % 1500)
      }
    }
    Object.assign(files, {
      'empty': '',
      'top level.txt': 'top\n',
      'emoji 😀.txt': 'smile\n',
      'odd/plus+and %41 percent #hash ?q &amp.txt': 'odd\n',
      'deep/a/b/c/d/e/f/leaf.txt': 'deep\n',
      'big.bin': randomBytes(6 * MiB),
    })
    writeTree(tree, files)
    treeFiles = treeMd5s(tree)
    assert.ok(treeFiles.size > 1000)

    proxyDir = tempDir()
    await writeConfig(proxyDir, {endpoint: await proxy.start((await testServer()).endpoint), retry: {limit: 1, interval: 0.05}})
  })

  after(async function () {
    await proxy.stop()
    http.globalAgent.destroy() // the proxy's idle keep-alive sockets to the server would hold the process open
  })

  afterEach(function () {
    proxy.clear()
  })

  it('put -r then get -r of 1,000+ nested files (unicode, spaces, empty, one multipart): identical trees, downloads carry LastModified', async function () {
    const {bucket, storage} = fixture
    const put = ok(await s3('object:put', '--recursive', tree, `s3://${bucket}/tree/`, '--files', '16',
      '--multipart-threshold', '5MiB', '--part-size', '5MiB', '-o', 'ndjson'))
    const uploaded = records(put)
    assert.equal(uploaded.length, treeFiles.size)
    assert.ok(uploaded.every((r) => r.action === 'upload' && r.error === undefined))
    assert.equal(summary(put).files, treeFiles.size)

    const remote = await listKeys(storage, bucket, 'tree/')
    assert.deepEqual([...remote.keys()].sort(), [...treeFiles.keys()].sort())
    assert.match(remote.get('big.bin')!.eTag, /-2"$/, 'the 6 MiB file went up in two 5 MiB parts')
    assert.equal(remote.get('empty')!.size, 0)

    const out = path.join(tempDir(), 'out')
    const get = ok(await s3('object:get', '--recursive', `s3://${bucket}/tree/`, out))
    assert.equal(get.stdout.trim().split('\n').filter((l) => l.startsWith('download: ')).length, treeFiles.size)
    assert.doesNotMatch(get.stderr, /Warning/, 'no Node warning (one abort signal for 32 files in flight)')
    assert.deepEqual(treeMd5s(out), treeFiles)
    for (const [rel, info] of remote) {
      const mtime = statSync(path.join(out, ...rel.split('/'))).mtimeMs
      assert.equal(Math.floor(mtime / 1000), Math.floor(Date.parse(info.lastModified) / 1000), `mtime of ${rel}`)
    }
  })

  describe('sync', () => {
    const small: Record<string, string> = {
      'a.txt': 'a\n', 'b.txt': 'bb\n', 'empty': '', 'sub/c.txt': 'c\n', 'sub/deeper/d.txt': 'd\n', 'späce dir/e f.txt': 'e\n', 'z.bin': 'zzz',
    }

    /** Runs a sync as ndjson; returns the records, checked against the summary line. */
    const sync = async (...args: string[]) => {
      const result = ok(await s3('object:sync', ...args, '-o', 'ndjson'))
      const list = records(result)
      const s = summary(result)
      assert.equal(s.files, list.filter((r) => r.action !== 'skip' && r.action !== 'delete').length, result.stderr)
      assert.equal(s.deleted, list.filter((r) => r.action === 'delete').length, result.stderr)
      return {list, result, summary: s}
    }
    const transfers = (list: TransferRecord[]) => list.filter((r) => ['upload', 'download', 'copy'].includes(r.action))

    it('local -> S3: all, then nothing, then exactly the changed and the new file; --dry-run changes nothing; --delete removes extras', async function () {
      const {bucket, storage} = fixture
      const dir = tempDir()
      writeTree(dir, small)
      const to = `s3://${bucket}/sync-up/`
      const base = dir + path.sep

      let run = await sync(dir, to)
      assert.deepEqual(byAction(run.list, base), {upload: Object.keys(small).map((k) => k.split('/').join(path.sep)).sort()})

      run = await sync(dir, to)
      assert.deepEqual(transfers(run.list), [])
      assert.match(run.result.stderr, /^s3: done: 0 files, 0 B in /m)

      writeFileSync(path.join(dir, 'sub', 'c.txt'), 'c changed, longer\n')
      writeFileSync(path.join(dir, 'sub', 'new.txt'), 'new\n')
      run = await sync(dir, to)
      assert.deepEqual(byAction(run.list, base), {upload: ['sub/c.txt', 'sub/new.txt']})
      assert.equal((await get(storage, bucket, 'sync-up/sub/c.txt')).toString(), 'c changed, longer\n')

      rmSync(path.join(dir, 'b.txt'))
      const before = await listKeys(storage, bucket, 'sync-up/')
      run = await sync(dir, to, '--delete', '--dry-run')
      assert.deepEqual(byAction(run.list, `${to}`), {delete: ['b.txt']})
      assert.equal(run.summary.verb, 'planned')
      assert.deepEqual(await listKeys(storage, bucket, 'sync-up/'), before)

      run = await sync(dir, to, '--delete')
      assert.deepEqual(byAction(run.list, `${to}`), {delete: ['b.txt']})
      assert.deepEqual([...(await listKeys(storage, bucket, 'sync-up/')).keys()].sort(), [...treeMd5s(dir).keys()].sort())
      assert.deepEqual(await remoteMd5s(storage, bucket, 'sync-up/'), treeMd5s(dir))
    })

    it('S3 -> local: all, then nothing, then exactly the changed and the new object; --dry-run changes nothing; --delete removes extras', async function () {
      const {bucket, storage} = fixture
      const prefix = 'sync-down/'
      for (const [rel, content] of Object.entries(small)) await put(storage, bucket, prefix + rel, content)
      const dir = path.join(tempDir(), 'down')
      const from = `s3://${bucket}/${prefix}`

      let run = await sync(from, dir)
      assert.deepEqual(byAction(run.list, from), {download: Object.keys(small).sort()})
      assert.deepEqual(treeMd5s(dir), await remoteMd5s(storage, bucket, prefix))

      run = await sync(from, dir)
      assert.deepEqual(transfers(run.list), [])
      assert.match(run.result.stderr, /^s3: done: 0 files, 0 B in /m)

      await put(storage, bucket, prefix + 'a.txt', 'a, but longer now\n')
      await put(storage, bucket, prefix + 'sub/deeper/new.txt', 'new\n')
      run = await sync(from, dir)
      assert.deepEqual(byAction(run.list, from), {download: ['a.txt', 'sub/deeper/new.txt']})
      assert.equal(readFileSync(path.join(dir, 'a.txt'), 'utf8'), 'a, but longer now\n')

      writeFileSync(path.join(dir, 'sub', 'local-only.txt'), 'extra')
      const before = allPaths(dir)
      run = await sync(from, dir, '--delete', '--dry-run')
      assert.deepEqual(byAction(run.list, dir + path.sep), {delete: [path.join('sub', 'local-only.txt')]})
      assert.deepEqual(allPaths(dir), before)

      run = await sync(from, dir, '--delete')
      assert.deepEqual(byAction(run.list, dir + path.sep), {delete: [path.join('sub', 'local-only.txt')]})
      assert.deepEqual(treeMd5s(dir), await remoteMd5s(storage, bucket, prefix))
    })

    it('S3 -> S3 (server-side): all, then nothing, then exactly the changed and the new object; --dry-run changes nothing; --delete removes extras', async function () {
      const {bucket, storage} = fixture
      for (const [rel, content] of Object.entries(small)) await put(storage, bucket, 'sync-src/' + rel, content)
      const from = `s3://${bucket}/sync-src/`
      const to = `s3://${bucket}/sync-dst/`

      let run = await sync(from, to)
      assert.deepEqual(byAction(run.list, from), {copy: Object.keys(small).sort()})
      assert.deepEqual(await remoteMd5s(storage, bucket, 'sync-dst/'), await remoteMd5s(storage, bucket, 'sync-src/'))

      run = await sync(from, to)
      assert.deepEqual(transfers(run.list), [])
      assert.match(run.result.stderr, /^s3: done: 0 files, 0 B in /m)

      await put(storage, bucket, 'sync-src/z.bin', 'zzzz, longer\n')
      await put(storage, bucket, 'sync-src/sub/new.txt', 'new\n')
      run = await sync(from, to)
      assert.deepEqual(byAction(run.list, from), {copy: ['sub/new.txt', 'z.bin']})

      await put(storage, bucket, 'sync-dst/sub/dst-only.txt', 'only here')
      const before = await listKeys(storage, bucket, 'sync-dst/')
      run = await sync(from, to, '--delete', '--dry-run')
      assert.deepEqual(byAction(run.list, to), {delete: ['sub/dst-only.txt']})
      assert.deepEqual(await listKeys(storage, bucket, 'sync-dst/'), before)

      run = await sync(from, to, '--delete')
      assert.deepEqual(byAction(run.list, to), {delete: ['sub/dst-only.txt']})
      assert.deepEqual(await remoteMd5s(storage, bucket, 'sync-dst/'), await remoteMd5s(storage, bucket, 'sync-src/'))
    })
  })

  describe('--include / --exclude (later rules win, as in aws-cli)', () => {
    const files = {'a.txt': 'a', 'b.log': 'b', 'sub/c.txt': 'c', 'sub/d.bin': 'd', 'sub/keep/e.log': 'e', 'x.txt.bak': 'x'}
    let dir: string
    before(function () {
      dir = tempDir()
      writeTree(dir, files)
    })

    it('put -r --exclude "*" --include "*.txt": only .txt files, at any depth', async function () {
      const {bucket, storage} = fixture
      ok(await s3('object:put', '-r', dir, `s3://${bucket}/flt1/`, '--exclude', '*', '--include', '*.txt'))
      assert.deepEqual([...(await listKeys(storage, bucket, 'flt1/')).keys()].sort(), ['a.txt', 'sub/c.txt'])
    })

    it('put -r --include "*.txt" --exclude "*": the later --exclude wins, nothing goes', async function () {
      const {bucket, storage} = fixture
      const result = ok(await s3('object:put', '-r', dir, `s3://${bucket}/flt2/`, '--include', '*.txt', '--exclude', '*'))
      assert.equal(summary(result).files, 0)
      assert.equal((await listKeys(storage, bucket, 'flt2/')).size, 0)
    })

    it('get -r and sync filter on the path relative to the prefix (--exclude "*.log" --include "sub/keep/*", --exclude=GLOB form)', async function () {
      const {bucket, storage} = fixture
      for (const [rel, content] of Object.entries(files)) await put(storage, bucket, 'flt3/' + rel, content)
      const out = tempDir()
      ok(await s3('object:get', '-r', `s3://${bucket}/flt3/`, out, '--exclude', '*.log', '--include', 'sub/keep/*', '--exclude=*.bak'))
      assert.deepEqual([...treeMd5s(out).keys()].sort(), ['a.txt', 'sub/c.txt', 'sub/d.bin', 'sub/keep/e.log'])
      const synced = tempDir()
      ok(await s3('object:sync', `s3://${bucket}/flt3/`, synced, '--exclude', '*', '--include', 'sub/*', '--exclude', '*.bin'))
      assert.deepEqual([...treeMd5s(synced).keys()].sort(), ['sub/c.txt', 'sub/keep/e.log'])
    })
  })

  it('delete -r of 1,000 keys through a proxy: all gone, in one DeleteObjects request and a handful of requests in all', async function () {
    const {bucket, storage} = fixture
    const keys = Array.from({length: 1000}, (_, i) => `del/${String(i % 10)}/k${i}.txt`)
    const queue = [...keys]
    await Promise.all(Array.from({length: 32}, async () => {
      for (let key = queue.pop(); key !== undefined; key = queue.pop()) await put(storage, bucket, key, key)
    }))
    assert.equal((await listKeys(storage, bucket, 'del/')).size, 1000)
    const result = await runCli(['object:delete', '--recursive', `s3://${bucket}/del/`, '-o', 'ndjson'], {cwd: proxyDir})
    ok(result)
    assert.equal(records(result).filter((r) => r.action === 'delete' && r.error === undefined).length, 1000)
    assert.equal((await listKeys(storage, bucket, 'del/')).size, 0)
    const deletes = proxy.seen.filter((r) => r.method === 'POST' && /[?&]delete(=|&|$)/.test(r.url))
    assert.equal(deletes.length, Math.ceil(1000 / 1000), JSON.stringify(proxy.seen))
    assert.ok(proxy.seen.length <= 6, `requests: ${JSON.stringify(proxy.seen.map((r) => `${r.method} ${r.url}`))}`)
    assert.ok(proxy.seen.every((r) => r.method === 'GET' || r.method === 'POST'), JSON.stringify(proxy.seen))
  })

  describe('move', () => {
    it('one object S3 -> S3, local -> S3 and S3 -> local: the destination has the bytes, the source is gone', async function () {
      const {bucket, storage} = fixture
      const bytes = randomBytes(1000)
      await put(storage, bucket, 'mv/one.bin', bytes)
      ok(await s3('object:move', `s3://${bucket}/mv/one.bin`, `s3://${bucket}/mv-to/renamed.bin`))
      assert.equal((await storage.exists(new S3Name('mv/one.bin', bucket)))[0], false)
      assert.deepEqual(await get(storage, bucket, 'mv-to/renamed.bin'), bytes)

      const dir = tempDir()
      const local = path.join(dir, 'local file ü.txt')
      writeFileSync(local, 'from disk\n')
      ok(await s3('mv', local, `s3://${bucket}/mv-to/`))
      assert.equal(existsSync(local), false)
      assert.equal((await get(storage, bucket, 'mv-to/local file ü.txt')).toString(), 'from disk\n')

      const down = tempDir()
      ok(await s3('mv', `s3://${bucket}/mv-to/renamed.bin`, down + path.sep))
      assert.deepEqual(readFileSync(path.join(down, 'renamed.bin')), bytes)
      assert.equal((await storage.exists(new S3Name('mv-to/renamed.bin', bucket)))[0], false)
    })

    it('--recursive S3 -> S3: every key under the prefix moves, the source prefix is empty', async function () {
      const {bucket, storage} = fixture
      const files: Record<string, string> = {'a.txt': 'a', 'sub/b.txt': 'bb', 'sub/deep/c d.txt': 'ccc', 'empty': ''}
      for (const [rel, content] of Object.entries(files)) await put(storage, bucket, 'mvr-src/' + rel, content)
      const result = ok(await s3('mv', '-r', `s3://${bucket}/mvr-src/`, `s3://${bucket}/mvr-dst/`, '-o', 'ndjson'))
      assert.equal(records(result).length, 4)
      assert.equal((await listKeys(storage, bucket, 'mvr-src/')).size, 0)
      const moved = await remoteMd5s(storage, bucket, 'mvr-dst/')
      assert.deepEqual(moved, new Map(Object.entries(files).map(([k, v]) => [k, md5(v)])))
    })

    it('a move whose copy fails (500, or 403 in a batch; one try) keeps its source: exit 10, for one object and for a batch', async function () {
      const {bucket, storage} = fixture
      const isCopyOf = (name: string) => (req: http.IncomingMessage) => req.method === 'PUT' && req.headers['x-amz-copy-source'] !== undefined && (req.url ?? '').includes(name)
      await put(storage, bucket, 'mvf/one.txt', 'keep me')
      proxy.inject({kind: 'status', status: 500, code: 'InternalError'}, 10, isCopyOf('one.txt'))
      const single = await runCli(['mv', `s3://${bucket}/mvf/one.txt`, `s3://${bucket}/mvf-to/one.txt`], {cwd: proxyDir})
      assert.equal(single.code, 10, single.stderr)
      assert.match(single.stderr, /^s3: failed: s3:\/\/.*\/mvf\/one\.txt to s3:\/\/.*\/mvf-to\/one\.txt: .*InternalError/m)
      assert.equal((await get(storage, bucket, 'mvf/one.txt')).toString(), 'keep me')
      assert.equal((await storage.exists(new S3Name('mvf-to/one.txt', bucket)))[0], false)

      proxy.clear()
      await put(storage, bucket, 'mvf/b.txt', 'b')
      await put(storage, bucket, 'mvf/c.txt', 'c')
      proxy.inject({kind: 'status', status: 403, code: 'AccessDenied'}, 10, isCopyOf('b.txt'))
      const batch = await runCli(['mv', '-r', `s3://${bucket}/mvf/`, `s3://${bucket}/mvf-to/`, '-o', 'ndjson'], {cwd: proxyDir})
      assert.equal(batch.code, 10, batch.stderr)
      const failed = records(batch).filter((r) => r.error !== undefined)
      assert.deepEqual(failed.map((r) => r.source), [`s3://${bucket}/mvf/b.txt`])
      assert.deepEqual([...(await listKeys(storage, bucket, 'mvf/')).keys()].sort(), ['b.txt'])
      assert.deepEqual([...(await listKeys(storage, bucket, 'mvf-to/')).keys()].sort(), ['c.txt', 'one.txt'])
    })
  })

  it('partial failure: the other files go up, each failure is on stderr and an NDJSON record with "error", exit 10', async function () {
    const {bucket, storage} = fixture
    const dir = tempDir()
    const files: Record<string, string> = {'bad.txt': 'x', 'sub/bad.txt': 'y', 'sub/bad.txt.ok': 'z'}
    for (let i = 0; i < 20; i++) files[`good/${i}.txt`] = `good ${i}`
    writeTree(dir, files)
    const isBad = (req: http.IncomingMessage) => req.method === 'PUT' && /\/bad\.txt$/.test(req.url ?? '')
    proxy.inject({kind: 'status', status: 403, code: 'AccessDenied'}, 100, isBad)
    const result = await runCli(['put', '-r', dir, `s3://${bucket}/partial/`, '-o', 'ndjson', '--files', '4'], {cwd: proxyDir})
    assert.equal(result.code, 10, result.stderr)
    const list = records(result)
    const failed = list.filter((r) => r.error !== undefined)
    assert.deepEqual(failed.map((r) => r.destination).sort(), [`s3://${bucket}/partial/bad.txt`, `s3://${bucket}/partial/sub/bad.txt`])
    for (const r of failed) {
      assert.match(r.error!, /AccessDenied/)
      assert.ok(result.stderr.includes(`s3: failed: ${r.source} to ${r.destination}: `), `${r.source} listed on stderr:\n${result.stderr}`)
    }
    assert.equal(list.filter((r) => r.error === undefined).length, 21)
    const s = summary(result)
    assert.deepEqual([s.files, s.failed], [21, 2])
    const keys = [...(await listKeys(storage, bucket, 'partial/')).keys()]
    assert.equal(keys.length, 21)
    assert.ok(!keys.includes('bad.txt') && !keys.includes('sub/bad.txt'))

    // In text, each failure is a line on stderr, and stdout has the others.
    proxy.inject({kind: 'status', status: 403, code: 'AccessDenied'}, 100, isBad)
    const text = await runCli(['put', '-r', dir, `s3://${bucket}/partial-text/`], {cwd: proxyDir})
    assert.equal(text.code, 10, text.stderr)
    assert.equal(text.stderr.split('\n').filter((l) => /^s3: failed: .*bad\.txt to .*: .*AccessDenied/.test(l)).length, 2, text.stderr)
    assert.equal(text.stdout.trim().split('\n').filter((l) => l.startsWith('upload: ')).length, 21)
  })

  describe('Ctrl-C', () => {
    it('SIGINT during put -r through a slow link: exit 130, no multipart upload left open; a rerun of sync finishes the rest', async function () {
      const {bucket, storage} = fixture
      const dir = tempDir()
      const files: Record<string, Buffer | string> = {'big.bin': randomBytes(12 * MiB)}
      for (let i = 0; i < 60; i++) files[`f/${String(i).padStart(2, '0')}.txt`] = randomBytes(100 + i)
      writeTree(dir, files)
      proxy.inject({kind: 'slow', delayMs: 300}, 1000, (req) => req.method === 'PUT')
      const child = spawnCli(['put', '-r', dir, `s3://${bucket}/intr-up/`, '--files', '4', '--multipart-threshold', '5MiB', '--part-size', '5MiB'], {cwd: proxyDir})
      const done = ended(child)
      await until(() => proxy.seen.some((r) => /[?&]partNumber=/.test(r.url)) && proxy.seen.filter((r) => r.method === 'PUT').length >= 6, 'parts and files in flight', 30_000, () => JSON.stringify(proxy.seen))
      child.kill('SIGINT')
      const result = await done
      assert.equal(result.code, 130, result.stderr)
      assert.match(result.stderr, /^s3: error: .*interrupted by SIGINT/m)
      for await (const upload of storage.multipartUploads(bucket)) assert.fail(`multipart upload left open: ${upload.key}`)
      const partial = await listKeys(storage, bucket, 'intr-up/')
      assert.ok(partial.size < Object.keys(files).length, `interrupted before the end (${partial.size} uploaded)`)

      proxy.clear()
      ok(await s3('sync', dir, `s3://${bucket}/intr-up/`, '--files', '8'))
      assert.deepEqual(await remoteMd5s(storage, bucket, 'intr-up/'), treeMd5s(dir))
    })

    it('SIGINT during get -r through a slow link: exit 130, no temp files in the folder; a rerun of sync finishes the rest', async function () {
      const {bucket, storage} = fixture
      const files = new Map<string, string>()
      await Promise.all(Array.from({length: 80}, async (_, i) => {
        const bytes = randomBytes(2000 + i * 100)
        const rel = `${i % 4}/file ${String(i).padStart(2, '0')}.bin`
        files.set(rel, md5(bytes))
        await put(storage, bucket, 'intr-down/' + rel, bytes)
      }))
      const out = path.join(tempDir(), 'down')
      proxy.inject({kind: 'slow', delayMs: 300}, 10_000, (req) => req.method === 'GET' && (req.url ?? '').startsWith(`/${bucket}/intr-down/`))
      const child = spawnCli(['get', '-r', `s3://${bucket}/intr-down/`, out, '--files', '8'], {cwd: proxyDir})
      const done = ended(child)
      await until(() => proxy.seen.filter((r) => r.fault === 'slow').length >= 12, 'downloads in flight')
      child.kill('SIGINT')
      const result = await done
      assert.equal(result.code, 130, result.stderr)
      assert.match(result.stderr, /^s3: error: .*interrupted by SIGINT/m)
      const got = existsSync(out) ? treeMd5s(out) : new Map<string, string>()
      assert.ok(got.size < files.size, `interrupted before the end (${got.size} files)`)
      for (const [rel, sum] of got) {
        assert.doesNotMatch(rel, /\.s3tmp-/, 'no temp file left')
        assert.equal(sum, files.get(rel), `${rel}: a whole file or none`)
      }

      proxy.clear()
      ok(await s3('sync', `s3://${bucket}/intr-down/`, out, '--files', '16'))
      assert.deepEqual(treeMd5s(out), files)
    })
  })

  describe('keys that would leave the target folder', () => {
    const escaping = ['esc/../../x', 'esc/a/../../y', 'esc/./z']

    before(async function () {
      const {bucket, storage} = fixture
      // The library refuses keys with '.' or '..' segments; a raw request stores them.
      for (const key of escaping) assert.equal(await rawPut(bucket, key, 'escaped'), 200, key)
      await assert.rejects(put(storage, bucket, 'esc/../../x', 'x'), /"\." or "\.\." path segment/)
      for (const key of ['esc//abs', 'esc/f', 'esc/f/g', 'esc/ok.txt', 'esc/sub/ok2.txt']) await put(storage, bucket, key, `body of ${key}`)
      const file = path.join(tempDir(), 'abs')
      writeFileSync(file, 'body of /abs')
      ok(await s3('put', file, `s3://${bucket}//abs`))
      const keys = [...(await listKeys(storage, bucket, '')).keys()]
      for (const key of [...escaping, 'esc//abs', '/abs']) assert.ok(keys.includes(key), `${key} is stored`)
    })

    it('get -r s3://B/esc/ writes nothing outside the folder, warns about each skipped key, downloads the rest (of f and f/g, the file f: f/g is skipped)', async function () {
      const {bucket} = fixture
      const parent = tempDir()
      writeFileSync(path.join(parent, 'sentinel'), '')
      const out = path.join(parent, 'out')
      const result = await s3('get', '-r', `s3://${bucket}/esc/`, out, '--files', '1')
      assert.equal(result.code, 0, result.stderr)
      for (const key of [...escaping, 'esc//abs']) {
        assert.ok(result.stderr.split('\n').some((l) => l.startsWith('s3: warning: skipped ') && l.includes(`key ${key}: `)), `warning for ${key}:\n${result.stderr}`)
      }
      assert.match(result.stderr, /^s3: warning: skipped s3:\/\/.*\/esc\/f\/g: the file f is in the listing too/m)
      assert.deepEqual(allPaths(parent).filter((p) => !p.startsWith('out')), ['sentinel'])
      assert.deepEqual(treeMd5s(out), new Map([['f', md5('body of esc/f')], ['ok.txt', md5('body of esc/ok.txt')], ['sub/ok2.txt', md5('body of esc/sub/ok2.txt')]]))
      const s = summary(result)
      assert.deepEqual([s.files, s.skipped, s.failed], [3, 5, 0])
    })

    it('get -r of the whole bucket (key "/abs") and with files in flight writes nothing outside the folder', async function () {
      const {bucket} = fixture
      const parent = tempDir()
      const out = path.join(parent, 'out')
      const result = await s3('get', '-r', `s3://${bucket}/`, out, '--files', '8', '--exclude', '*', '--include', 'esc/*', '--include', '/abs')
      assert.equal(result.code, 0, result.stderr)
      assert.ok(result.stderr.split('\n').some((l) => l.startsWith('s3: warning: skipped ') && l.includes('key /abs: an absolute path')), result.stderr)
      assert.deepEqual(allPaths(parent).filter((p) => p !== 'out' && !p.startsWith(`out${path.sep}`)), [])
      const got = treeMd5s(out)
      assert.equal(got.get('esc/ok.txt'), md5('body of esc/ok.txt'))
      assert.ok(got.has('esc/f') && !got.has('esc/f/g'), `the file esc/f, whatever --files: ${[...got.keys()]}`)
      assert.ok([...got.keys()].every((rel) => !rel.includes('.s3tmp-')))
    })
  })

  describe('interop with the AWS CLI', () => {
    let env: NodeJS.ProcessEnv
    let endpoint: string
    let dir: string
    const aws = (...args: string[]) => promisify(execFile)(AWS, ['--endpoint-url', endpoint, ...args], {env, maxBuffer: 64 * MiB})

    before(async function () {
      if (!existsSync(AWS)) this.skip()
      const server = await testServer()
      endpoint = server.endpoint
      env = {...process.env, AWS_ACCESS_KEY_ID: server.owner.accessKeyId, AWS_SECRET_ACCESS_KEY: server.owner.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null'}
      delete env.AWS_PROFILE
      delete env.AWS_CA_BUNDLE
      dir = tempDir()
      const files: Record<string, Buffer | string> = {'empty': '', 'sp ace/ü ñ.txt': 'unicode\n', '日本/語.txt': 'cjk\n', 'a+b %20 #c.txt': 'odd\n', 'big.bin': randomBytes(9 * MiB)}
      for (let i = 0; i < 20; i++) files[`n/${i % 3}/f${i}.dat`] = randomBytes(10 + i * 50)
      writeTree(dir, files)
    })

    it('s3 put -r, then aws s3 cp --recursive down: identical', async function () {
      const {bucket} = fixture
      ok(await s3('put', '-r', dir, `s3://${bucket}/interop1/`, '--multipart-threshold', '5MiB', '--part-size', '5MiB'))
      const out = tempDir()
      await aws('s3', 'cp', '--recursive', '--only-show-errors', `s3://${bucket}/interop1/`, out)
      assert.deepEqual(treeMd5s(out), treeMd5s(dir))
    })

    it('aws s3 cp --recursive up, then s3 get -r: identical', async function () {
      const {bucket} = fixture
      await aws('s3', 'cp', '--recursive', '--only-show-errors', dir, `s3://${bucket}/interop2/`)
      const out = path.join(tempDir(), 'out')
      ok(await s3('get', '-r', `s3://${bucket}/interop2/`, out))
      assert.deepEqual(treeMd5s(out), treeMd5s(dir))
    })
  })
})
