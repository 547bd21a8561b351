/**
 * Multipart uploads against a real RGW: several parts in flight, streams of unknown size, and
 * every way an upload can fail (abort signal, a part refused) ending with no upload left open
 * and the previous object intact.
 */
import assert from 'node:assert/strict'
import {createHash} from 'node:crypto'
import {appendFileSync, copyFileSync, readFileSync, truncateSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {Readable} from 'node:stream'
import {exitCodeFor} from '../../src/exit-codes.js'
import {StorageError} from '../../src/lib/errors.js'
import type {Storage} from '../../src/lib/storage.js'
import {multipartFixture} from './objects-helpers.js'

const MiB = 1024 * 1024
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex')

async function openUploads(storage: Storage, bucket: string): Promise<string[]> {
  const keys: string[] = []
  for await (const u of storage.multipartUploads(bucket)) keys.push(u.key)
  return keys
}

describe('objects: multipart uploads', function () {
  const fixture = multipartFixture('mp', 17 * MiB + 321, 3) // 4 parts of 5 MiB (the last one short)
  const {data, throughProxy} = fixture
  let storage: Storage
  let bucket: string
  let dir: string
  let file: string

  before(function () {
    ;({storage, bucket, dir, file} = fixture)
  })

  it('uploads a file in parts, several in flight, with metadata and Content-Type on the initiate call', async function () {
    let progressCalls = 0
    const result = await storage.write(file, 'big.bin', {'x-amz-meta-kind': 'big', 'content-type': 'application/x-test'}, {onProgress: () => progressCalls++})
    assert.equal(result.parts, 4)
    assert.equal(result.size, data.length)
    assert.match(result.eTag, /-4"?$/)
    assert.equal(progressCalls, 4)
    const info = await storage.head('big.bin')
    assert.equal(info.size, data.length)
    assert.deepEqual(info.metadata, {'x-amz-meta-kind': 'big'})
    assert.equal(info.contentType, 'application/x-test')
    const out = path.join(dir, 'big-back')
    await storage.read('big.bin', out)
    assert.equal(md5(readFileSync(out)), md5(data))
    assert.deepEqual(await openUploads(storage, bucket), [])
  })

  it('streams a Readable of unknown size: multipart above the threshold, one PUT below', async function () {
    const chunks = function* (buf: Buffer) {
      for (let i = 0; i < buf.length; i += 100_000) yield buf.subarray(i, i + 100_000)
    }
    const result = await storage.write(Readable.from(chunks(data)), 'streamed.bin')
    assert.equal(result.parts, 4)
    assert.equal(result.size, data.length)
    const out = path.join(dir, 'streamed-back')
    await storage.read('streamed.bin', out)
    assert.equal(md5(readFileSync(out)), md5(data))

    const small = await storage.write(Readable.from(chunks(data.subarray(0, 300_000))), 'small-stream.txt')
    assert.equal(small.parts, 0)
    assert.equal((await storage.head('small-stream.txt')).contentType, 'text/plain', 'type guessed from the key for streams')
  })

  it('grows the part size so a file fits in 10000 parts', async function () {
    const {planPartSize} = await import('../../src/lib/ops/multipart-driver.js')
    assert.equal(planPartSize(16 * MiB, 100 * 1024 * MiB), 16 * MiB)
    assert.equal(planPartSize(16 * MiB, 1024 * 1024 * MiB), 105 * MiB)
    assert.equal(planPartSize(1 * MiB, 10 * MiB), 5 * MiB, 'never below the 5 MiB minimum')
  })

  it('aborts the upload when the abort signal fires mid-way, keeping the old object', async function () {
    writeFileSync(path.join(dir, 'old'), 'old content')
    await storage.write(path.join(dir, 'old'), 'keep.bin')
    const controller = new AbortController()
    let uploadId = ''
    const error = await storage.write(file, 'keep.bin', {}, {
      signal: controller.signal,
      onMultipartStart: (id) => (uploadId = id),
      onProgress: () => controller.abort(Object.assign(new Error('interrupted by SIGINT'), {code: 'AbortError'})),
    }).then(() => undefined, (e: unknown) => e)
    assert.ok(error instanceof StorageError, String(error))
    assert.equal(error.code, 'AbortError')
    assert.ok(uploadId)
    assert.deepEqual(await openUploads(storage, bucket), [])
    const out = path.join(dir, 'keep-back')
    await storage.read('keep.bin', out)
    assert.equal(readFileSync(out, 'utf8'), 'old content')
  })

  it('aborts the upload when a part is refused, and a failing source does the same', async function () {
    await throughProxy(async (proxy, viaProxy) => {
      proxy.inject({kind: 'status', status: 400, code: 'BadDigest'}, 1, (req) => req.method === 'PUT' && /partNumber=3/.test(req.url ?? ''))
      await assert.rejects(viaProxy.write(file, 'refused.bin'), (e: StorageError) => e.code === 'BadDigest' && e.msg === 'write')
      assert.ok(proxy.seen.some((s) => s.method === 'DELETE' && /uploadId=/.test(s.url)), 'AbortMultipartUpload sent')
      assert.deepEqual(await openUploads(storage, bucket), [])
      assert.equal((await storage.exists('refused.bin'))[0], false)

      const failing = new Readable({read() {}})
      failing.push(data.subarray(0, 6 * MiB))
      setTimeout(() => failing.destroy(Object.assign(new Error('stdin broke'), {code: 'EPIPE'})), 200)
      await assert.rejects(viaProxy.write(failing, 'broken-stream.bin'), (e: StorageError) => /stdin broke/.test(e.message))
      assert.deepEqual(await openUploads(storage, bucket), [])
    })
  })

  it('names the upload left open when aborting it fails too, for uploads and copies alike', async function () {
    await storage.write(file, 'copy-source.bin')
    await throughProxy(async (proxy, viaProxy) => {
      const part3 = (req: {method?: string; url?: string}) => req.method === 'PUT' && /partNumber=3/.test(req.url ?? '')
      const abort = (req: {method?: string; url?: string}) => req.method === 'DELETE' && /uploadId=/.test(req.url ?? '')
      const leftOpen = async (attempt: Promise<unknown>, op: string, key: string) => {
        let named = ''
        await assert.rejects(attempt, (e: StorageError) => {
          named = /BadDigest.*; and aborting multipart upload (\S+) failed too: .*AccessDenied/.exec(e.message)?.[1] ?? ''
          return e.op === op && named !== ''
        })
        const open = []
        for await (const u of storage.multipartUploads(bucket)) open.push(u)
        assert.deepEqual(open.map((u) => [u.key, u.uploadId]), [[key, named]], 'the error names the one upload left open')
        await storage.abortMultipartUpload(key, named)
      }

      proxy.inject({kind: 'status', status: 400, code: 'BadDigest'}, 1, part3)
      proxy.inject({kind: 'status', status: 403, code: 'AccessDenied'}, 1, abort)
      await leftOpen(viaProxy.write(file, 'upload-left-open.bin'), 'write', 'upload-left-open.bin')

      proxy.inject({kind: 'status', status: 400, code: 'BadDigest'}, 1, part3)
      proxy.inject({kind: 'status', status: 403, code: 'AccessDenied'}, 1, abort)
      await leftOpen(viaProxy.copy('copy-source.bin', 'copy-left-open.bin', {}, {multipartThreshold: 5 * MiB, partSize: 5 * MiB}), 'copy', 'copy-left-open.bin')
      assert.equal((await storage.exists('copy-left-open.bin'))[0], false)
    })
  })

  it('retries a part that meets a server error, then completes', async function () {
    await throughProxy(async (proxy, viaProxy) => {
      proxy.inject({kind: 'status', status: 503, code: 'SlowDown'}, 1, (req) => req.method === 'PUT' && /partNumber=2/.test(req.url ?? ''))
      const result = await viaProxy.write(file, 'retried.bin')
      assert.equal(result.parts, 4)
      assert.equal((await storage.head('retried.bin')).size, data.length)
    })
  })

  describe('when the answer to the completion is lost', function () {
    const isComplete = (req: {method?: string; url?: string}) => req.method === 'POST' && /[?&]uploadId=/.test(req.url ?? '')

    it('reports success when the object was published (the server completed it, the answer never came)', async function () {
      await throughProxy(async (proxy, viaProxy) => {
        proxy.inject({kind: 'lost'}, 1, isComplete)
        proxy.inject({kind: 'reset'}, 10, isComplete) // and every retry of it is cut: only the object can tell
        const result = await viaProxy.write(file, 'lost-answer.bin')
        assert.equal(proxy.seen.filter((s) => s.fault === 'lost').length, 1, 'the completion ran on the server and its answer was lost')
        assert.ok(proxy.seen.some((s) => s.method === 'HEAD'), 'the object was asked')
        const head = await storage.head('lost-answer.bin')
        assert.equal(result.eTag, head.eTag)
        assert.match(head.eTag, /-4"$/, 'the ETag of this 4-part upload')
        const back = path.join(dir, 'lost-answer.back')
        await storage.read('lost-answer.bin', back)
        assert.equal(md5(readFileSync(back)), md5(data))
        assert.deepEqual(await openUploads(storage, bucket), [])
      })
    })

    it('reports failure and keeps the old object when the completion never reached the server', async function () {
      writeFileSync(path.join(dir, 'old'), 'old content')
      await storage.write(path.join(dir, 'old'), 'never-completed.bin')
      await throughProxy(async (proxy, viaProxy) => {
        proxy.inject({kind: 'reset'}, 10, isComplete) // every try of the completion is cut before the server sees it
        await assert.rejects(viaProxy.write(file, 'never-completed.bin'), (e: StorageError) => e.op === 'write' && e.code === 'ECONNRESET')
      })
      const back = path.join(dir, 'never-completed.back')
      await storage.read('never-completed.bin', back)
      assert.equal(readFileSync(back, 'utf8'), 'old content')
      assert.deepEqual(await openUploads(storage, bucket), [], 'the upload was aborted')
    })
  })

  describe('a big file as one PUT (below the multipart threshold)', function () {
    const onePut = {multipartThreshold: 64 * MiB}

    it('streams it with a Content-MD5: the ETag is the MD5 of the file', async function () {
      const result = await storage.write(file, 'one-put.bin', {}, onePut)
      assert.equal(result.parts, 0)
      assert.equal(result.size, data.length)
      assert.equal(result.eTag.replaceAll('"', ''), md5(data))
      const out = path.join(dir, 'one-put-back')
      await storage.read('one-put.bin', out)
      assert.equal(md5(readFileSync(out)), md5(data))
    })

    it('fails as a local-file error when the file changes after it was hashed, keeping the old object', async function () {
      const copy = path.join(dir, 'one-put-changing.src')
      copyFileSync(file, copy)
      await storage.write(path.join(dir, 'one-put-back'), 'one-put-kept.bin')
      await throughProxy(async (proxy, viaProxy) => {
        // When the PUT arrives (the MD5 was taken), the end of the file changes: the bytes sent then differ from the MD5.
        proxy.inject({kind: 'slow', delayMs: 0}, 1, (req) => {
          if (req.method !== 'PUT') return false
          const tail = Buffer.alloc(MiB, 7)
          writeFileSync(copy, Buffer.concat([data.subarray(0, data.length - tail.length), tail]))
          return true
        })
        await assert.rejects(viaProxy.write(copy, 'one-put-kept.bin', {}, onePut), (e: StorageError) => {
          assert.equal(e.code, 'LocalFileChanged', e.message)
          assert.equal(exitCodeFor(e), 8)
          return true
        })
      })
      const back = path.join(dir, 'one-put-kept-back')
      await storage.read('one-put-kept.bin', back)
      assert.equal(md5(readFileSync(back)), md5(data), 'the old object is kept')
    })
  })

  describe('when the file changes during the upload', function () {
    /** Uploads a copy of the 17 MiB file one part at a time, calling `change` on it after the first part. */
    async function uploadWhileChanging(key: string, change: (copy: string) => void): Promise<unknown> {
      const copy = path.join(dir, `${key}.src`)
      copyFileSync(file, copy)
      let changed = false
      return storage.write(copy, key, {}, {concurrency: 1, onProgress: () => {
        if (changed) return
        changed = true
        change(copy)
      }})
    }

    for (const [name, change] of [
      ['truncated', (copy: string) => truncateSync(copy, 7 * MiB)],
      ['grown', (copy: string) => appendFileSync(copy, 'more')],
    ] as const) {
      it(`fails at once as a local-file error (exit 8) when it is ${name}, publishing nothing`, async function () {
        await assert.rejects(uploadWhileChanging(`${name}.bin`, change), (e: StorageError) => {
          assert.equal(e.code, 'LocalFileChanged', e.message)
          assert.equal(e.op, 'write')
          assert.match(e.message, /changed while it was being uploaded/)
          assert.equal(exitCodeFor(e), 8)
          return true
        })
        assert.equal((await storage.exists(`${name}.bin`))[0], false)
        assert.deepEqual(await openUploads(storage, bucket), [])
      })
    }
  })
})
