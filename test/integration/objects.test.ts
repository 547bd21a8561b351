/**
 * The object methods against a real RGW: the seed's two examples, every method, keys with
 * awkward characters, permissions, and downloads that fail half-way.
 */
import assert from 'node:assert/strict'
import {createHash, randomBytes} from 'node:crypto'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {Readable} from 'node:stream'
import {StorageError} from '../../src/lib/errors.js'
import type {Storage} from '../../src/lib/storage.js'
import {S3Name, ValueError} from '../../src/lib/types.js'
import {FaultProxy} from '../support/fault-proxy.js'
import {makeStorage, tempDir, testServer, uniqueBucket} from '../support/fixtures.js'
import {createBucket, removeBucket} from './objects-helpers.js'

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex')

describe('objects (library)', function () {
  let storage: Storage
  let bucket: string
  let other: string
  let dir: string

  before(async function () {
    bucket = uniqueBucket('obj')
    other = uniqueBucket('obj2')
    storage = await makeStorage('owner', {default_bucket: bucket})
    await createBucket(storage, bucket)
    await createBucket(storage, other)
    dir = tempDir()
  })

  after(async function () {
    await removeBucket(storage, bucket)
    await removeBucket(storage, other)
    storage.connection.close()
  })

  it("runs the seed's first example: write, exists, read, compare, delete", async function () {
    const example = path.join(dir, 'example')
    const fromS3 = path.join(dir, 'example-from-s3')
    writeFileSync(example, randomBytes(1000))
    await storage.write(example, 'example-in-s3')
    let [exists] = await storage.exists('example-in-s3')
    assert.equal(exists, true)
    await storage.read('example-in-s3', fromS3)
    assert.deepEqual(readFileSync(fromS3), readFileSync(example))
    await storage.delete('example-in-s3')
    ;[exists] = await storage.exists('example-in-s3')
    assert.equal(exists, false)
  })

  it("runs the seed's second example: metadata set, checked, updated and read back via S3Name", async function () {
    const example = path.join(dir, 'example2.txt')
    writeFileSync(example, 'some text')
    const headers: Record<string, string> = {'x-amz-meta-state': 'unprocessed'}
    const remote = new S3Name('example-in-s3', other)
    await storage.write(example, remote, headers)
    let [exists, metadata] = await storage.exists(remote)
    assert.equal(exists, true)
    assert.deepEqual(metadata, headers)
    headers['x-amz-meta-state'] = 'processed'
    await storage.updateMetadata(remote, headers)
    metadata = await storage.read(remote, path.join(dir, 'example-from-s3-2'))
    assert.deepEqual(metadata, headers)
    // updateMetadata kept the guessed Content-Type
    assert.equal((await storage.head(remote)).contentType, 'text/plain')
    assert.equal(storage.response?.statusCode, 200)
  })

  it('writes a Buffer, {content} (a string or bytes), a Readable, or a file: a plain string is a file name', async function () {
    const bytes = randomBytes(3000)
    const readBack = async (key: string) => {
      const local = path.join(dir, 'read-back')
      await storage.read(key, local)
      return readFileSync(local)
    }
    const fromBuffer = await storage.write(bytes, 'from-buffer.bin')
    assert.deepEqual([fromBuffer.size, fromBuffer.parts, fromBuffer.eTag], [3000, 0, `"${md5(bytes)}"`])
    assert.deepEqual(await readBack('from-buffer.bin'), bytes)
    await storage.write(new Uint8Array(bytes.buffer, bytes.byteOffset + 1000, 5), 'from-view')
    assert.deepEqual(await readBack('from-view'), bytes.subarray(1000, 1005))
    await storage.write({content: 'héllo, world'}, 'from-content.txt')
    assert.equal((await readBack('from-content.txt')).toString('utf8'), 'héllo, world')
    assert.equal(storage.response?.headers['content-type'], 'text/plain', 'Content-Type guessed from the key')
    await storage.write({content: bytes}, 'from-content-bytes')
    assert.deepEqual(await readBack('from-content-bytes'), bytes)
    await storage.write(Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]), 'from-stream')
    assert.deepEqual(await readBack('from-stream'), bytes)
    // Bytes above the threshold go multipart, part by part from the caller's buffer.
    const big = randomBytes(11 * 1024 * 1024)
    const multipart = await storage.write(big, 'from-big-buffer', {}, {multipartThreshold: 5 * 1024 * 1024, partSize: 5 * 1024 * 1024})
    assert.deepEqual([multipart.size, multipart.parts], [big.length, 3])
    assert.equal(md5(await readBack('from-big-buffer')), md5(big))
    // A plain string is never content: 'hello' is a file that does not exist here.
    await assert.rejects(storage.write('no such file in this folder', 'never'), (e: unknown) => e instanceof StorageError && /ENOENT/.test(e.message))
    await assert.rejects(storage.write({content: 42} as never, 'never'), (e: unknown) => e instanceof StorageError && e.exception instanceof ValueError && /\{content: string \| Buffer\}/.test(e.message))
    assert.equal((await storage.exists('never'))[0], false)
  })

  it('passes headers through and guesses Content-Type from the name', async function () {
    const file = path.join(dir, 'page.html')
    writeFileSync(file, '<p>hi</p>')
    await storage.write(file, 'page.html', {'Cache-Control': 'max-age=60', 'x-amz-meta-Who': 'me'})
    const info = await storage.head('page.html')
    assert.equal(info.contentType, 'text/html')
    assert.equal(info.headers['cache-control'], 'max-age=60')
    assert.deepEqual(info.metadata, {'x-amz-meta-who': 'me'})
    await storage.write(file, 'page.bin', {'content-type': 'application/x-custom'})
    assert.equal((await storage.head('page.bin')).contentType, 'application/x-custom')
  })

  it('round-trips keys with awkward characters', async function () {
    const keys = ['with space', 'plus+sign', 'per%cent', 'hash#tag', 'question?mark', 'ünïcødé/日本', 'a//b', 'trailing/', 'tilde~x', 'amp&eq=', '.dot', 'semi;colon,comma']
    const file = path.join(dir, 'awkward')
    for (const key of keys) {
      writeFileSync(file, `content of ${key}`)
      await storage.write(file, key, {'x-amz-meta-key': 'v'})
      const [exists, metadata] = await storage.exists(key)
      assert.equal(exists, true, key)
      assert.deepEqual(metadata, {'x-amz-meta-key': 'v'}, key)
      await storage.read(key, path.join(dir, 'awkward-back'))
      assert.equal(readFileSync(path.join(dir, 'awkward-back'), 'utf8'), `content of ${key}`, key)
      await storage.copy(key, new S3Name(key, other))
      assert.equal((await storage.exists(new S3Name(key, other)))[0], true, key)
    }
    const listed = new Set<string>()
    for await (const item of storage.bucketListKeys(bucket)) if (typeof item !== 'string') listed.add(item.key)
    for (const key of keys) assert.ok(listed.has(key), `listed ${key}`)
    for (const key of keys) {
      await storage.delete(key)
      assert.equal((await storage.exists(key))[0], false, key)
    }
  })

  it('copies with the seed metadata rule: COPY without metadata headers, REPLACE with them', async function () {
    const file = path.join(dir, 'copy-src.json')
    writeFileSync(file, '{"a":1}')
    await storage.write(file, 'copy-src.json', {'x-amz-meta-origin': 'src', 'cache-control': 'no-cache'})
    await storage.copy('copy-src.json', new S3Name('copied.json', other))
    let info = await storage.head(new S3Name('copied.json', other))
    assert.deepEqual(info.metadata, {'x-amz-meta-origin': 'src'})
    assert.equal(info.contentType, 'application/json')
    await storage.copy('copy-src.json', new S3Name('replaced.json', other), {'x-amz-meta-origin': 'new', 'x-amz-meta-extra': 'x'})
    info = await storage.head(new S3Name('replaced.json', other))
    assert.deepEqual(info.metadata, {'x-amz-meta-origin': 'new', 'x-amz-meta-extra': 'x'})
    assert.equal(info.contentType, 'application/json', 'REPLACE keeps Content-Type')
    assert.equal(info.headers['cache-control'], 'no-cache', 'REPLACE keeps Cache-Control')
    const back = path.join(dir, 'copied-back')
    await storage.read(new S3Name('replaced.json', other), back)
    assert.equal(readFileSync(back, 'utf8'), '{"a":1}')
  })

  it('copies by multipart copy (UploadPartCopy) at or above the threshold, keeping metadata', async function () {
    const data = randomBytes(11 * 1024 * 1024 + 123)
    const file = path.join(dir, 'big-copy.bin')
    writeFileSync(file, data)
    await storage.write(file, 'big-copy.bin', {'x-amz-meta-size': 'big', 'content-type': 'application/x-big'})
    await storage.copy('big-copy.bin', new S3Name('big copy/out.bin', other), {}, {multipartThreshold: 5 * 1024 * 1024, partSize: 5 * 1024 * 1024, concurrency: 2})
    const info = await storage.head(new S3Name('big copy/out.bin', other))
    assert.match(info.eTag, /-3"$/, 'three parts')
    assert.deepEqual(info.metadata, {'x-amz-meta-size': 'big'})
    assert.equal(info.contentType, 'application/x-big')
    const back = path.join(dir, 'big-copy-back')
    await storage.read(new S3Name('big copy/out.bin', other), back)
    assert.equal(md5(readFileSync(back)), md5(data))
    // updateMetadata through the multipart path too
    await storage.updateMetadata(new S3Name('big copy/out.bin', other), {'x-amz-meta-size': 'bigger'}, {multipartThreshold: 5 * 1024 * 1024})
    assert.deepEqual((await storage.head(new S3Name('big copy/out.bin', other))).metadata, {'x-amz-meta-size': 'bigger'})
    const uploads = []
    for await (const u of storage.multipartUploads(other)) uploads.push(u)
    assert.deepEqual(uploads, [])
  })

  it('reads a byte range, and a version of a versioned object', async function () {
    const file = path.join(dir, 'range.txt')
    writeFileSync(file, '0123456789')
    await storage.write(file, 'range.txt')
    const out = path.join(dir, 'range-out')
    await storage.read('range.txt', out, {range: 'bytes=2-5'})
    assert.equal(readFileSync(out, 'utf8'), '2345')
    await storage.read('range.txt', out, {range: {start: 7}})
    assert.equal(readFileSync(out, 'utf8'), '789')
    await storage.read('range.txt', out, {range: 'bytes=-3'})
    assert.equal(readFileSync(out, 'utf8'), '789')

    const versioned = uniqueBucket('objv')
    await createBucket(storage, versioned)
    try {
      await storage.connection.request({op: 'test', method: 'PUT', bucket: versioned, query: {versioning: ''},
        body: '<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>'})
      const name = new S3Name('v.txt', versioned)
      writeFileSync(file, 'first')
      const v1 = (await storage.write(file, name)).versionId
      writeFileSync(file, 'second')
      await storage.write(file, name)
      assert.ok(v1)
      await storage.read(name, out, {versionId: v1})
      assert.equal(readFileSync(out, 'utf8'), 'first')
      await storage.read(name, out)
      assert.equal(readFileSync(out, 'utf8'), 'second')
    } finally {
      // remove every version so the bucket can go
      const listing = await storage.connection.request({op: 'test', method: 'GET', bucket: versioned, query: {versions: ''}})
      for (const m of listing.body.toString().matchAll(/<Key>([^<]*)<\/Key><VersionId>([^<]*)<\/VersionId>/g)) {
        await storage.delete(new S3Name(m[1], versioned), {versionId: m[2]})
      }
      await storage.connection.request({op: 'test', method: 'DELETE', bucket: versioned})
    }
  })

  it('exists answers [false, {}] for a missing key and raises on access denied', async function () {
    assert.deepEqual(await storage.exists('no/such/key'), [false, {}])
    const file = path.join(dir, 'private')
    writeFileSync(file, 'secret')
    await storage.write(file, 'private')
    const intruder = await makeStorage('other', {default_bucket: bucket})
    try {
      await assert.rejects(intruder.exists('private'), (e: StorageError) => e instanceof StorageError && e.status === 403 && e.msg === 'exists')
      await assert.rejects(intruder.read('private', path.join(dir, 'stolen')), (e: StorageError) => e.code === 'AccessDenied' && e.msg === 'read')
      assert.equal(existsSync(path.join(dir, 'stolen')), false)
      await assert.rejects(intruder.write(file, 'intruded'), (e: StorageError) => e.code === 'AccessDenied' && e.msg === 'write')
      await assert.rejects(intruder.delete('private'), (e: StorageError) => e.code === 'AccessDenied')
      await assert.rejects(intruder.copy('private', new S3Name('x', bucket)), (e: StorageError) => e.status === 403)
    } finally {
      intruder.connection.close()
    }
  })

  it('raises NoSuchKey / NoSuchBucket and leaves an existing local file untouched', async function () {
    const target = path.join(dir, 'keep-me')
    writeFileSync(target, 'precious')
    await assert.rejects(storage.read('missing-key', target), (e: StorageError) => e.code === 'NoSuchKey' && e.status === 404)
    await assert.rejects(storage.read(new S3Name('k', uniqueBucket('none')), target), (e: StorageError) => e.code === 'NoSuchBucket')
    assert.equal(readFileSync(target, 'utf8'), 'precious')
    assert.deepEqual(readdirSync(dir).filter((n) => n.includes('s3tmp')), [])
    await assert.rejects(storage.write(path.join(dir, 'missing-file'), 'x'), (e: StorageError) => e.code === 'ENOENT' && e.op === 'write')
    await assert.rejects(storage.write(dir, 'x'), (e: StorageError) => e.code === 'EISDIR')
    await assert.rejects(storage.read('page.html', dir), (e: StorageError) => e.code === 'EISDIR')
    await assert.rejects(storage.read('page.html', path.join(target, 'sub')), (e: StorageError) => e.code === 'ENOTDIR')
    const noDefault = await makeStorage('owner')
    await assert.rejects(noDefault.exists('k'), (e: Error) => e instanceof ValueError && /no bucket/.test(e.message), 'the original\'s ValueError')
    noDefault.connection.close()
  })

  it('presigns GET and PUT URLs that work without credentials', async function () {
    const file = path.join(dir, 'signed.txt')
    writeFileSync(file, 'signed content')
    await storage.write(file, 'signed me.txt')
    const get = storage.presign('signed me.txt', {expiresIn: 60})
    assert.equal(await (await fetch(get)).text(), 'signed content')
    const put = storage.presign('uploaded via url', {method: 'PUT', expiresIn: 60})
    assert.equal((await fetch(put, {method: 'PUT', body: 'from fetch'})).status, 200)
    await storage.read('uploaded via url', path.join(dir, 'via-url'))
    assert.equal(readFileSync(path.join(dir, 'via-url'), 'utf8'), 'from fetch')
    assert.throws(() => storage.presign('x', {expiresIn: 604801}), StorageError)
  })

  describe('downloads that fail half-way', function () {
    const proxy = new FaultProxy()
    let viaProxy: Storage
    const data = randomBytes(3 * 1024 * 1024 + 17)

    before(async function () {
      const endpoint = await proxy.start((await testServer()).endpoint)
      viaProxy = await makeStorage('owner', {default_bucket: bucket, endpoint, timeout: 1})
      const file = path.join(dir, 'cut.bin')
      writeFileSync(file, data)
      await storage.write(file, 'cut.bin')
    })
    after(async function () {
      viaProxy.connection.close()
      await proxy.stop()
    })
    beforeEach(() => proxy.clear())

    it('resumes with Range + If-Match after a connection reset mid-body', async function () {
      proxy.inject({kind: 'cut', afterBytes: 1024 * 1024}, 1, (req) => req.method === 'GET')
      const out = path.join(dir, 'cut-out')
      await viaProxy.read('cut.bin', out)
      assert.equal(md5(readFileSync(out)), md5(data))
      assert.equal(proxy.seen.filter((s) => s.method === 'GET').length, 2)
    })

    it('resumes after a stall (the idle timeout fires)', async function () {
      this.timeout(20_000)
      proxy.inject({kind: 'stall', afterBytes: 500_000}, 1, (req) => req.method === 'GET')
      const out = path.join(dir, 'stall-out')
      await viaProxy.read('cut.bin', out)
      assert.equal(md5(readFileSync(out)), md5(data))
    })

    it('gives up when every try is cut, removing the temp file and keeping the old target', async function () {
      proxy.inject({kind: 'cut', afterBytes: 100_000}, 10, (req) => req.method === 'GET')
      const out = path.join(dir, 'cut-keep')
      writeFileSync(out, 'old')
      await assert.rejects(viaProxy.read('cut.bin', out), (e: StorageError) => e instanceof StorageError && e.op === 'read')
      assert.equal(readFileSync(out, 'utf8'), 'old')
      assert.deepEqual(readdirSync(dir).filter((n) => n.includes('s3tmp')), [])
    })
  })
})
