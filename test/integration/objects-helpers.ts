/** Bucket set-up and clean-up for the object tests, with raw requests (bucket methods are another suite's subject). */
import {randomBytes} from 'node:crypto'
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import type {Storage} from '../../src/lib/storage.js'
import {S3Name} from '../../src/lib/types.js'
import {FaultProxy} from '../support/fault-proxy.js'
import {makeStorage, tempDir, testServer, uniqueBucket} from '../support/fixtures.js'

export async function createBucket(storage: Storage, bucket: string): Promise<void> {
  await storage.connection.request({op: 'test', method: 'PUT', bucket})
}

/** Deletes every object (and unfinished upload) of `bucket`, then the bucket. */
export async function removeBucket(storage: Storage, bucket: string): Promise<void> {
  for await (const u of storage.multipartUploads(bucket)) await storage.abortMultipartUpload(new S3Name(u.key, bucket), u.uploadId)
  for (;;) {
    const page = await storage.connection.request({op: 'test', method: 'GET', bucket, query: {'max-keys': 1000, 'encoding-type': 'url'}})
    const keys = [...page.body.toString().matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => decodeURIComponent(m[1].replace(/\+/g, ' ')))
    if (keys.length === 0) break
    for (const key of keys) await storage.delete(new S3Name(key, bucket))
  }
  await storage.connection.request({op: 'test', method: 'DELETE', bucket})
}

export interface MultipartFixture {
  storage: Storage
  bucket: string
  dir: string
  /** A file of random bytes, big enough for several 5 MiB parts. */
  file: string
  data: Buffer
  /** Runs `body` with a Storage (5 MiB parts, 2 in flight) whose requests pass through a fresh fault proxy. */
  throughProxy(body: (proxy: FaultProxy, viaProxy: Storage) => Promise<void>): Promise<void>
}

/**
 * For the describe block it is called in: a bucket of its own, a Storage going multipart at
 * 5 MiB in 5 MiB parts (`concurrency` in flight), and a file of `size` random bytes.
 */
export function multipartFixture(prefix: string, size: number, concurrency: number): MultipartFixture {
  const MiB = 1024 * 1024
  const fixture = {data: randomBytes(size)} as MultipartFixture
  before(async function () {
    fixture.bucket = uniqueBucket(prefix)
    fixture.storage = await makeStorage('owner', {default_bucket: fixture.bucket, multipart_threshold: 5 * MiB, part_size: 5 * MiB, concurrency})
    await createBucket(fixture.storage, fixture.bucket)
    fixture.dir = tempDir()
    fixture.file = path.join(fixture.dir, 'big.bin')
    writeFileSync(fixture.file, fixture.data)
  })
  after(async function () {
    await removeBucket(fixture.storage, fixture.bucket)
    fixture.storage.close()
  })
  fixture.throughProxy = async (body) => {
    const proxy = new FaultProxy()
    const endpoint = await proxy.start((await testServer()).endpoint)
    const viaProxy = await makeStorage('owner', {default_bucket: fixture.bucket, endpoint, multipart_threshold: 5 * MiB, part_size: 5 * MiB, concurrency: 2})
    try {
      await body(proxy, viaProxy)
    } finally {
      viaProxy.close()
      await proxy.stop()
    }
  }
  return fixture
}
