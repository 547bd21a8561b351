/**
 * bucketListKeys and bucket:list-keys over more than one page: 1,150 keys, with and without
 * delimiter and prefix, two listings at once, and a truncated page holding only prefixes;
 * through the fault proxy, the page asked for ahead and a failure after a page.
 */
import assert from 'node:assert/strict'
import {S3Connection} from '../../src/lib/client/connection.js'
import {Storage} from '../../src/lib/storage.js'
import type {S3Key} from '../../src/lib/types.js'
import {FaultProxy} from '../support/fault-proxy.js'
import {bucketFixture, connectionOptions, runCli, testServer} from '../support/fixtures.js'

// 1,150 keys: 600 under a/ (in 60 folders of 10), 500 under b/, 50 at the top.
const KEYS = [
  ...Array.from({length: 600}, (_, i) => `a/${String(Math.floor(i / 10)).padStart(2, '0')}/k${i}`),
  ...Array.from({length: 500}, (_, i) => `b/k${String(i).padStart(4, '0')}`),
  ...Array.from({length: 50}, (_, i) => `top-${i}`),
]

async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({length: size}, async () => {
    while (next < items.length) await fn(items[next++])
  }))
}

async function collect(listing: AsyncIterable<S3Key | string>): Promise<{keys: string[]; prefixes: string[]}> {
  const keys: string[] = []
  const prefixes: string[] = []
  for await (const e of listing) {
    if (typeof e === 'string') prefixes.push(e)
    else keys.push(e.key)
  }
  return {keys, prefixes}
}

describe('listing keys over many pages', function () {
  this.timeout(300_000)
  const fixture = bucketFixture('tl', (storage, bucket) => pool(KEYS, 16, (key) => storage.connection.request({op: 'test', method: 'PUT', bucket, key, body: ''})))
  const {bucket} = fixture
  let storage: Storage
  let dir: string

  before(() => {
    ;({storage, configDir: dir} = fixture)
  })

  it('lists every key once, in order, across pages of 1000', async () => {
    const {keys, prefixes} = await collect(storage.bucketListKeys(bucket))
    assert.equal(keys.length, KEYS.length)
    assert.deepEqual(keys, [...KEYS].sort())
    assert.deepEqual(prefixes, [])
  })

  it('with a delimiter: keys first, then prefixes, page by page', async () => {
    const {keys, prefixes} = await collect(storage.bucketListKeys(bucket, '/'))
    assert.deepEqual(prefixes, ['a/', 'b/'])
    assert.equal(keys.length, 50)
  })

  it('with prefix and delimiter over several small pages, prefixes only, without looping', async () => {
    // 60 common prefixes under a/, 7 per page: truncated pages that hold nothing but prefixes.
    const {keys, prefixes} = await collect(storage.bucketListKeys(bucket, '/', 'a/', {'max-keys': 7}))
    assert.equal(keys.length, 0)
    assert.equal(prefixes.length, 60)
    assert.equal(new Set(prefixes).size, 60)
    assert.equal(prefixes[0], 'a/00/')
    assert.equal(prefixes[59], 'a/59/')
  })

  it('takes delimiter and prefix from params too, and a prefix past 1000 keys', async () => {
    const viaParams = await collect(storage.bucketListKeys(bucket, null, null, {prefix: 'b/', delimiter: '/'}))
    assert.equal(viaParams.keys.length, 500)
    const viaString = await collect(storage.bucketListKeys(bucket, undefined, undefined, 'prefix=a/05/&max-keys=3'))
    assert.deepEqual(viaString.keys, KEYS.filter((k) => k.startsWith('a/05/')).sort())
    const marker = await collect(storage.bucketListKeys(bucket, undefined, 'b/', {marker: 'b/k0490'}))
    assert.equal(marker.keys.length, 9, 'the seed\'s marker param still works')
  })

  it('follows markers when the server answers ListObjects v1 (list-type=1), prefix-only pages included', async () => {
    const all = await collect(storage.bucketListKeys(bucket, null, null, {'list-type': '1'}))
    assert.deepEqual(all.keys, [...KEYS].sort())
    const folders = await collect(storage.bucketListKeys(bucket, '/', 'a/', {'list-type': '1', 'max-keys': 7}))
    assert.equal(folders.prefixes.length, 60)
    assert.equal(new Set(folders.prefixes).size, 60)
    const mixed = await collect(storage.bucketListKeys(bucket, '/', null, {'list-type': '1', 'max-keys': 1}))
    assert.deepEqual(mixed.prefixes, ['a/', 'b/'])
    assert.equal(mixed.keys.length, 50)
  })

  it('keeps state per listing: two listings interleaved give the same full answers', async () => {
    const one = storage.bucketListKeys(bucket, undefined, undefined, {'max-keys': 100})
    const two = storage.bucketListKeys(bucket, '/', 'a/', {'max-keys': 9})
    const a: string[] = []
    const b: string[] = []
    for (;;) {
      const [x, y] = await Promise.all([one.next(), two.next()])
      if (!x.done) a.push(typeof x.value === 'string' ? x.value : x.value.key)
      if (!y.done) b.push(typeof y.value === 'string' ? y.value : y.value.key)
      if (x.done && y.done) break
    }
    assert.equal(a.length, KEYS.length)
    assert.equal(b.length, 60)
  })

  it('bucket:list-keys streams NDJSON, and honours --prefix, --delimiter, --max', async () => {
    const all = await runCli(['bucket:list-keys', bucket, '-o', 'ndjson'], {cwd: dir})
    assert.equal(all.code, 0, all.stderr)
    const records = all.stdout.trim().split('\n').map((l) => JSON.parse(l) as {key: string; size: number; owner: {displayName: string}})
    assert.equal(records.length, KEYS.length)
    assert.equal(records[0].size, 0)
    assert.equal(records[0].owner.displayName, 'Owner')
    const folders = await runCli(['bucket:list-keys', bucket, '--prefix', 'a/', '--delimiter', '/', '--json'], {cwd: dir})
    const parsed = JSON.parse(folders.stdout) as Array<{prefix?: string}>
    assert.equal(parsed.length, 60)
    assert.ok(parsed.every((r) => r.prefix?.startsWith('a/')))
    const text = await runCli(['bucket:list-keys', bucket, '--delimiter', '/', '--max', '3'], {cwd: dir})
    const lines = text.stdout.trim().split('\n')
    assert.equal(lines.length, 3)
    assert.match(lines[0], /^"[0-9a-f]{32}" STANDARD {12}0 \d{4}-\S+ Owner top-0$/)
    const prefixes = await runCli(['bucket:list-keys', bucket, '--delimiter', '/'], {cwd: dir})
    assert.deepEqual(prefixes.stdout.trim().split('\n').slice(-2), ['PRE a/', 'PRE b/'])
  })

  describe('the next page is asked for while this one is handed out', function () {
    /** A Storage through a fresh fault proxy (few retries), for `body`. */
    async function throughProxy(body: (proxy: FaultProxy, viaProxy: Storage) => Promise<void>): Promise<void> {
      const server = await testServer()
      const proxy = new FaultProxy()
      const endpoint = await proxy.start(server.endpoint)
      const viaProxy = new Storage(new S3Connection(connectionOptions(server, 'owner', {endpoint, retry: {limit: 2, interval: 0.01}})))
      try {
        await body(proxy, viaProxy)
      } finally {
        viaProxy.close()
        await proxy.stop()
      }
    }
    const listRequests = (proxy: FaultProxy) => proxy.seen.filter((r) => r.method === 'GET' && r.url.includes('list-type=2'))

    it('has the second page on its way when the first key comes out', async function () {
      await throughProxy(async (proxy, viaProxy) => {
        const listing = viaProxy.bucketListKeys(bucket, null, 'b/', {'max-keys': '100'})
        const first = await listing.next()
        assert.equal((first.value as S3Key).key, 'b/k0000')
        await new Promise((resolve) => setTimeout(resolve, 200)) // the request ahead reaches the proxy
        const seen = listRequests(proxy)
        assert.equal(seen.length, 2)
        assert.match(seen[1].url, /continuation-token=/)
        const rest = await collect(listing)
        assert.equal(rest.keys.length, 499)
        assert.equal(listRequests(proxy).length, 5)
      })
    })

    it('hands out every key of a page before the failure of the next one', async function () {
      await throughProxy(async (proxy, viaProxy) => {
        proxy.inject({kind: 'status', status: 500, code: 'InternalError'}, 10, (req) => (req.url ?? '').includes('continuation-token='))
        const seen: string[] = []
        await assert.rejects(async () => {
          for await (const entry of viaProxy.bucketListKeys(bucket, null, 'b/', {'max-keys': '100'})) seen.push((entry as S3Key).key)
        }, /InternalError/)
        assert.equal(seen.length, 100)
      })
    })

    it('stops asking once the caller stops: no page beyond the one asked for ahead', async function () {
      await throughProxy(async (proxy, viaProxy) => {
        for await (const entry of viaProxy.bucketListKeys(bucket, null, 'b/', {'max-keys': '100'})) {
          if ((entry as S3Key).key === 'b/k0000') break
        }
        await new Promise((resolve) => setTimeout(resolve, 200))
        assert.ok(listRequests(proxy).length <= 2, `${listRequests(proxy).length} list requests`)
      })
    })
  })
})
