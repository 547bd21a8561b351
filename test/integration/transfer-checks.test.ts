/**
 * The integrity checks of the faster transfer paths, against a real RGW: file parts read once
 * and hashed as they are sent (their ETag checked instead of a Content-MD5), a part whose ETag
 * disagrees sent again with a Content-MD5, and downloads written behind the network (the MD5
 * still checked, a damaged body still refused, nothing left at the target).
 */
import assert from 'node:assert/strict'
import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, readFileSync} from 'node:fs'
import {open} from 'node:fs/promises'
import path from 'node:path'
import type {S3Request} from '../../src/lib/client/connection.js'
import {StorageError} from '../../src/lib/errors.js'
import {FileSource} from '../../src/lib/ops/sources.js'
import type {Storage} from '../../src/lib/storage.js'
import {multipartUpload} from '../../src/lib/ops/upload.js'
import {multipartFixture} from './objects-helpers.js'

const MiB = 1024 * 1024
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex')

describe('transfer checks', function () {
  const fixture = multipartFixture('tc', 12 * MiB + 77, 2) // 3 parts of 5 MiB (the last one short)
  const {data, throughProxy} = fixture
  let storage: Storage
  let bucket: string
  let dir: string
  let file: string

  before(function () {
    ;({storage, bucket, dir, file} = fixture)
  })

  it('sends file parts once, without Content-MD5, and the object is the file', async function () {
    await throughProxy(async (proxy, viaProxy) => {
      const result = await viaProxy.write(file, 'once.bin')
      assert.equal(result.parts, 3)
      const parts = proxy.seen.filter((s) => s.method === 'PUT' && /partNumber=/.test(s.url))
      assert.equal(parts.length, 3, 'each part sent once')
      assert.ok(parts.every((s) => s.headers['content-md5'] === undefined), 'checked by the ETag, not Content-MD5')
    })
    const back = path.join(dir, 'once.back')
    await storage.read('once.bin', back)
    assert.equal(md5(readFileSync(back)), md5(data))
  })

  it('sends a part again with Content-MD5 when its ETag is not the MD5 of the bytes sent', async function () {
    const key = 'resent.bin'
    const target = {bucket, key}
    const sent: S3Request[] = []
    let damaged = false
    // The server's answer for part 2 says it got other bytes (as if damaged on the way).
    const send = async (req: S3Request) => {
      sent.push(req)
      const response = await storage.connection.request(req)
      if (!damaged && req.method === 'PUT' && (req.query as Record<string, unknown>)?.partNumber === 2) {
        damaged = true
        return {...response, headers: {...response.headers, etag: `"${'0'.repeat(32)}"`}}
      }
      return response
    }
    const handle = await open(file, 'r')
    const source = new FileSource(handle, await handle.stat(), file)
    try {
      await multipartUpload({send, op: 'write', target, headers: {}, source, partSize: 5 * MiB, concurrency: 2})
    } finally {
      await source.close()
    }
    const part2 = sent.filter((r) => r.method === 'PUT' && (r.query as Record<string, unknown>)?.partNumber === 2)
    assert.equal(part2.length, 2, 'part 2 sent twice')
    assert.equal((part2[0].body as {md5Base64?: string}).md5Base64, undefined)
    assert.ok((part2[1].body as {md5Base64?: string}).md5Base64, 'the second time with Content-MD5')
    const back = path.join(dir, 'resent.back')
    await storage.read(key, back)
    assert.equal(md5(readFileSync(back)), md5(data))
  })

  it('downloads written behind the network still check the MD5 and leave nothing when it fails', async function () {
    await storage.connection.request({op: 'write', method: 'PUT', bucket, key: 'single.bin', body: data})
    const good = path.join(dir, 'single.back')
    await storage.read('single.bin', good)
    assert.equal(md5(readFileSync(good)), md5(data))

    await throughProxy(async (proxy, viaProxy) => {
      const bad = path.join(dir, 'flipped', 'single.back')
      mkdirSync(path.dirname(bad))
      proxy.inject({kind: 'flip', offset: 9 * MiB}, 1, (req) => req.method === 'GET')
      await assert.rejects(viaProxy.read('single.bin', bad), (e: StorageError) => e.code === 'BadDigest')
      assert.equal(existsSync(bad), false)
      assert.deepEqual(readdirSync(path.dirname(bad)), [], 'no temp file left')
    })
  })

  it('downloads an empty object', async function () {
    await storage.connection.request({op: 'write', method: 'PUT', bucket, key: 'empty', body: Buffer.alloc(0)})
    const out = path.join(dir, 'empty.back')
    const result = await storage.readObject('empty', out)
    assert.equal(result.size, 0)
    assert.equal(readFileSync(out).length, 0)
  })
})
