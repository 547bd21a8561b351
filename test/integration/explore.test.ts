/**
 * The commands that explore a bucket, end to end (built CLI against RGW): find (by name, path,
 * size and age; --print0; records), du (sizes and counts by folder down to --depth), tree
 * (tree(1)'s drawing, --sizes, --dirs-only, --depth) and diff (local and S3 on either side, by
 * size and --checksum, diff(1)'s exit codes, a listing error never "equal"); bad input in one
 * line with exit 2.
 */
import assert from 'node:assert/strict'
import {createHash} from 'node:crypto'
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {Readable} from 'node:stream'
import {S3Name} from '../../src/lib/types.js'
import {bucketFixture, faultProxyFixture, runCli, tempDir} from '../support/fixtures.js'

const MiB = 1024 * 1024
/** A few keys in nested prefixes, a folder marker (docs/z/) among them. */
const TREE: Record<string, number> = {
  'docs/a.txt': 1500, 'docs/b.log': 3000, 'docs/sub/c.txt': 10, 'docs/sub/deep/d.txt': 7, 'docs/z/': 0, 'top.txt': 5, 'zz/e.gz': 20,
}

async function putAll(storage: {connection: {request(req: object): Promise<unknown>}}, bucket: string, files: Record<string, number | string>): Promise<void> {
  for (const [key, body] of Object.entries(files)) {
    await storage.connection.request({op: 'test', method: 'PUT', bucket, key, body: typeof body === 'number' ? Buffer.alloc(body, 'x') : Buffer.from(body)})
  }
}

/** Writes `files` (relative path -> content) under a new folder. */
function localTree(files: Record<string, string>): string {
  const dir = tempDir('s3-diff-')
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), {recursive: true})
    writeFileSync(path.join(dir, rel), text)
  }
  return dir
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex')
const lines = (stdout: string) => stdout.trimEnd().split('\n')

describe('find, du, tree (CLI)', function () {
  this.timeout(120_000)
  const fixture = bucketFixture('tex', (storage, bucket) => putAll(storage, bucket, TREE))
  const s3 = (...args: string[]) => runCli(args, {cwd: fixture.configDir})
  const url = (key = '') => `s3://${fixture.bucket}/${key}`

  describe('find', () => {
    it('--name matches the last part of the key under a prefix (s3://B/P and B/P alike)', async () => {
      const found = await s3('find', url('docs'), '--name', '*.txt')
      assert.equal(found.code, 0, found.stderr)
      assert.deepEqual(lines(found.stdout), [url('docs/a.txt'), url('docs/sub/c.txt'), url('docs/sub/deep/d.txt')])
      const plain = await s3('object:find', `${fixture.bucket}/docs/`, '--name', '*.txt')
      assert.equal(plain.stdout, found.stdout)
    })

    it('--path, --larger and --smaller (strict; --larger 0 leaves out empty objects and folder markers)', async () => {
      assert.deepEqual(lines((await s3('find', url(), '--path', 'docs/sub/*')).stdout), [url('docs/sub/c.txt'), url('docs/sub/deep/d.txt')])
      assert.deepEqual(lines((await s3('find', url(), '--larger', '1500')).stdout), [url('docs/b.log')])
      assert.deepEqual(lines((await s3('find', url(), '--larger', '1KiB', '--smaller', '2kb')).stdout), [url('docs/a.txt')])
      const nonEmpty = lines((await s3('find', url(), '--larger', '0')).stdout)
      assert.equal(nonEmpty.length, 6)
      assert.ok(!nonEmpty.includes(url('docs/z/')))
    })

    it('--older-than and --newer-than by LastModified; nothing found is still exit 0', async () => {
      const none = await s3('find', url(), '--older-than', '1h')
      assert.equal(none.code, 0, none.stderr)
      assert.equal(none.stdout, '')
      assert.equal(lines((await s3('find', url(), '--newer-than', '1h')).stdout).length, Object.keys(TREE).length)
      assert.equal(lines((await s3('find', url(), '--older-than', '0s', '--name', 'e.gz')).stdout).length, 1)
    })

    it('--print0 ends each name with NUL; ndjson gives records', async () => {
      const nul = await s3('find', url('docs/sub/'), '--print0')
      assert.equal(nul.stdout, `${url('docs/sub/c.txt')}\0${url('docs/sub/deep/d.txt')}\0`)
      const records = lines((await s3('find', url('zz'), '-o', 'ndjson')).stdout).map((l) => JSON.parse(l))
      assert.equal(records.length, 1)
      assert.deepEqual({...records[0], lastModified: undefined, eTag: undefined},
        {bucket: fixture.bucket, key: 'zz/e.gz', size: 20, storageClass: 'STANDARD', lastModified: undefined, eTag: undefined})
    })

    it('bad input: one line, exit 2', async () => {
      for (const [args, message] of [
        [['--larger', '1x'], /invalid size "1x"/],
        [['--older-than', '3q'], /--older-than "3q": expected a number and a unit/],
        [['--print0', '--json'], /--print0 is for text output/],
      ] as const) {
        const result = await s3('find', url(), ...args)
        assert.equal(result.code, 2, result.stderr)
        assert.match(result.stderr, message)
        assert.equal(lines(result.stderr).length, 1, result.stderr)
      }
    })
  })

  describe('du', () => {
    it('the total only by default; --depth 1 each first-level folder first, the prefix last', async () => {
      const total = await s3('du', url())
      assert.equal(total.code, 0, total.stderr)
      assert.equal(total.stdout, `4542\t7\t${url()}\n`)
      assert.deepEqual(lines((await s3('du', url(), '--depth', '1')).stdout), [`4517\t5\t${url('docs/')}`, `20\t1\t${url('zz/')}`, `4542\t7\t${url()}`])
    })

    it('--depth 2 under a prefix, as ndjson records; --human-readable', async () => {
      const records = lines((await s3('bucket:du', `${fixture.bucket}/docs`, '--depth', '2', '-o', 'ndjson')).stdout).map((l) => JSON.parse(l))
      assert.deepEqual(records.map((r) => [r.prefix, r.depth, r.count, r.size]), [
        ['docs/sub/deep/', 2, 1, 7], ['docs/sub/', 1, 2, 17], ['docs/z/', 1, 1, 0], ['docs/', 0, 5, 4517],
      ])
      assert.equal((await s3('du', url('docs/'), '--human-readable')).stdout, `4.4 KiB\t5\t${url('docs/')}\n`)
    })

    it('a bucket that does not exist: exit 4; a negative depth: exit 2', async () => {
      assert.equal((await s3('du', 's3://no-such-bucket-for-du')).code, 4)
      const bad = await s3('du', url(), '--depth', '-1')
      assert.equal(bad.code, 2)
      assert.equal(lines(bad.stderr).length, 1, bad.stderr)
    })
  })

  describe('tree', () => {
    it('draws folders and objects as tree(1) does, then counts them', async () => {
      const result = await s3('tree', url())
      assert.equal(result.code, 0, result.stderr)
      assert.equal(result.stdout, [
        url(),
        '├── docs',
        '│   ├── a.txt',
        '│   ├── b.log',
        '│   ├── sub',
        '│   │   ├── c.txt',
        '│   │   └── deep',
        '│   │       └── d.txt',
        '│   └── z',
        '├── top.txt',
        '└── zz',
        '    └── e.gz',
        '',
        '5 folders, 6 objects',
        '',
      ].join('\n'))
    })

    it('--sizes, --dirs-only and --depth', async () => {
      assert.deepEqual(lines((await s3('tree', url('docs/sub'), '-s')).stdout), [
        url('docs/sub/'), '├── [         10]  c.txt', '└── deep', '    └── [          7]  d.txt', '', '1 folder, 2 objects',
      ])
      assert.deepEqual(lines((await s3('tree', url(), '--dirs-only')).stdout), [
        url(), '├── docs', '│   ├── sub', '│   │   └── deep', '│   └── z', '└── zz', '', '5 folders',
      ])
      assert.deepEqual(lines((await s3('tree', url(), '--depth', '1')).stdout), [url(), '├── docs', '├── top.txt', '└── zz', '', '2 folders, 1 object'])
    })

    it('ndjson: one record per node', async () => {
      const records = lines((await s3('tree', url('docs/sub/'), '-o', 'ndjson')).stdout).map((l) => JSON.parse(l))
      assert.deepEqual(records, [
        {key: 'docs/sub/c.txt', type: 'file', depth: 1, size: 10},
        {key: 'docs/sub/deep/', type: 'folder', depth: 1},
        {key: 'docs/sub/deep/d.txt', type: 'file', depth: 2, size: 7},
      ])
    })
  })
})

describe('find and tree stream (CLI)', function () {
  this.timeout(180_000)
  const COUNT = 1001 // one key more than a listing page
  const names = Array.from({length: COUNT}, (_, i) => `many/${String(i).padStart(4, '0')}.txt`)
  const fixture = bucketFixture('tfs', async (storage, bucket) => {
    let next = 0
    await Promise.all(Array.from({length: 16}, async () => {
      while (next < names.length) await storage.connection.request({op: 'test', method: 'PUT', bucket, key: names[next++], body: Buffer.from('s')})
    }))
  })
  const proxied = faultProxyFixture({retry: {limit: 1, interval: 0.05}})
  /** The second page of every listing fails (after its one retry). */
  const failSecondPage = () => proxied.proxy.inject({kind: 'status', status: 503, code: 'SlowDown'}, 20, (req) => (req.url ?? '').includes('continuation-token'))

  it('find prints the first page\'s matches before the listing ends (here: fails on its second page, exit 6)', async () => {
    failSecondPage()
    const result = await runCli(['find', `s3://${fixture.bucket}/many/`, '--name', '*.txt'], {cwd: proxied.configDir})
    assert.equal(result.code, 6, result.stderr)
    assert.deepEqual(lines(result.stdout), names.slice(0, 1000).map((n) => `s3://${fixture.bucket}/${n}`))
    assert.match(result.stderr, /SlowDown.*\(listing incomplete after 1000 items\)/)
  })

  it('tree draws as the listing goes, too', async () => {
    failSecondPage()
    const result = await runCli(['tree', `s3://${fixture.bucket}/many/`], {cwd: proxied.configDir})
    assert.equal(result.code, 6, result.stderr)
    // The root and the page but its last key, which waits for the next one to know its drawing (├── or └──).
    assert.equal(lines(result.stdout).length, 1000)
    assert.equal(lines(result.stdout)[1], '├── 0000.txt')
  })
})

describe('diff (CLI)', function () {
  this.timeout(120_000)
  const SAME = {'a.txt': 'alpha', 'sub/b.txt': 'bravo'}
  const fixture = bucketFixture('tdf', async (storage, bucket) => {
    await putAll(storage, bucket, {
      ...Object.fromEntries(Object.entries(SAME).map(([k, v]) => [`one/${k}`, v])),
      ...Object.fromEntries(Object.entries(SAME).map(([k, v]) => [`two/${k}`, v])),
      'two/marker/': '',
      'cmp/a.txt': 'alpha', 'cmp/sub/b.txt': 'BRAVO', 'cmp/remote-only.txt': 'r', 'cmp/size.txt': 'longer',
    })
    // A multipart object: its ETag is no MD5.
    await storage.write(Readable.from([Buffer.alloc(6 * MiB, 'm')]), new S3Name('mp/big.bin', bucket), {}, {multipartThreshold: 5 * MiB, partSize: 5 * MiB})
  })
  const s3 = (...args: string[]) => runCli(args, {cwd: fixture.configDir})
  const url = (key = '') => `s3://${fixture.bucket}/${key}`
  const local = () => localTree({'a.txt': 'alpha', 'sub/b.txt': 'bravo', 'size.txt': 'short', 'local-only.txt': 'l'})

  it('local and S3 on either side: only in each, and sizes that differ; exit 1', async () => {
    const dir = local()
    const result = await s3('diff', dir, url('cmp/'))
    assert.equal(result.code, 1, result.stderr)
    assert.deepEqual(lines(result.stdout), [`only in ${dir}: local-only.txt`, `only in ${url('cmp/')}: remote-only.txt`, 'differ: size.txt (size 5 vs 6)'])
    const reversed = await s3('diff', url('cmp'), dir)
    assert.equal(reversed.code, 1, reversed.stderr)
    assert.deepEqual(lines(reversed.stdout), [`only in ${dir}: local-only.txt`, `only in ${url('cmp/')}: remote-only.txt`, 'differ: size.txt (size 6 vs 5)'])
  })

  it('the same files: no output, exit 0 (S3 to S3, a folder marker not counted; local to S3)', async () => {
    const s3s = await s3('diff', url('one/'), url('two/'))
    assert.equal(s3s.code, 0, s3s.stderr)
    assert.equal(s3s.stdout, '')
    const same = await s3('diff', localTree(SAME), url('one/'))
    assert.equal(same.code, 0, same.stderr)
    assert.equal(same.stdout, '')
  })

  it('--checksum: same size, other bytes differ by MD5; a multipart ETag could not be compared (exit 1, never "equal")', async () => {
    const dir = local()
    const bySize = await s3('diff', dir, url('cmp/'))
    assert.ok(!bySize.stdout.includes('sub/b.txt'))
    const result = await s3('diff', dir, url('cmp/'), '--checksum')
    assert.equal(result.code, 1)
    assert.ok(lines(result.stdout).includes(`differ: sub/b.txt (MD5 ${md5('bravo')} vs ${md5('BRAVO')})`), result.stdout)
    const big = localTree({'big.bin': 'm'.repeat(6 * MiB)})
    const multipart = await s3('diff', big, url('mp/'), '--checksum', '-o', 'ndjson')
    assert.equal(multipart.code, 1, multipart.stderr)
    const [record] = lines(multipart.stdout).map((l) => JSON.parse(l))
    assert.equal(record.status, 'not-compared')
    assert.equal(record.name, 'big.bin')
    assert.equal((await s3('diff', big, url('mp/'))).code, 0) // by size they are the same
  })

  it('json: one record per difference', async () => {
    const records = JSON.parse((await s3('diff', url('cmp/'), url('one/'), '--json')).stdout)
    assert.deepEqual(records.map((r: {status: string; name: string}) => `${r.status} ${r.name}`), ['only-in-source remote-only.txt', 'only-in-source size.txt'])
    assert.deepEqual(records[0].source, {name: url('cmp/remote-only.txt'), size: 1})
  })

  it('errors are above 1: a missing folder (8), a missing bucket (4), two local folders (2)', async () => {
    const missing = await s3('diff', path.join(tempDir(), 'nope'), url('one/'))
    assert.equal(missing.code, 8)
    assert.match(missing.stderr, /^s3: error: .*nope: no such folder\n$/)
    assert.equal((await s3('diff', url('one/'), 's3://no-such-bucket-for-diff/')).code, 4)
    const locals = await s3('diff', tempDir(), tempDir())
    assert.equal(locals.code, 2)
    assert.match(locals.stderr, /^s3: error: one side must be S3 .*use diff -r\n$/)
    const usage = await s3('diff', url('one/'))
    assert.equal(usage.code, 2)
  })

  describe('a listing that fails', () => {
    const proxied = faultProxyFixture({retry: {limit: 1, interval: 0.05}})

    it('is an error (exit 6), never "equal"', async () => {
      const listings = (req: {url?: string}) => (req.url ?? '').includes('list-type')
      proxied.proxy.inject({kind: 'status', status: 503, code: 'SlowDown'}, 20, listings)
      const result = await runCli(['diff', localTree(SAME), url('one/')], {cwd: proxied.configDir})
      assert.equal(result.code, 6, result.stderr)
      assert.equal(result.stdout, '')
      assert.match(result.stderr, /^s3: error: diff .*SlowDown/)
    })
  })
})
