/**
 * File parts are streamed from their byte range: read once for the MD5, once to send. If the
 * file changes in between, the server must refuse the bytes (BadDigest) rather than store
 * something other than what was checked.
 */
import assert from 'node:assert/strict'
import {open, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {S3Connection} from '../../src/lib/client/connection.js'
import {FileSource} from '../../src/lib/ops/sources.js'
import {connectionOptions, tempDir, testServer, uniqueBucket} from '../support/fixtures.js'

describe('stream bodies (file parts sent from their byte range)', function () {
  const bucket = uniqueBucket('sbody')
  let connection: S3Connection
  let file: string

  before(async function () {
    this.timeout(180_000)
    connection = new S3Connection(connectionOptions(await testServer()))
    await connection.request({op: 'test', method: 'PUT', bucket})
    file = path.join(tempDir(), 'data.bin')
    await writeFile(file, Buffer.alloc(300_000, 'a'))
  })

  after(async () => {
    for (const key of ['slice', 'changed']) await connection.request({op: 'test', method: 'DELETE', bucket, key}).catch(() => {})
    await connection.request({op: 'test', method: 'DELETE', bucket}).catch(() => {})
    connection.close()
  })

  it('sends exactly the sliced range, and can send it again', async () => {
    const handle = await open(file, 'r')
    const source = new FileSource(handle, await handle.stat(), file)
    const body = await source.slice(100_000, 50_000)
    await connection.request({op: 'test', method: 'PUT', bucket, key: 'slice', body})
    await connection.request({op: 'test', method: 'PUT', bucket, key: 'slice', body})
    const got = await connection.request({op: 'test', method: 'GET', bucket, key: 'slice'})
    assert.deepEqual(got.body, Buffer.alloc(50_000, 'a'))
    await source.close()
  })

  it('is refused by the server when the file changed after its MD5 was taken', async () => {
    const handle = await open(file, 'r')
    const source = new FileSource(handle, await handle.stat(), file)
    const body = await source.slice(0, 100_000)
    await writeFile(file, Buffer.alloc(300_000, 'b'))
    await assert.rejects(connection.request({op: 'write', method: 'PUT', bucket, key: 'changed', body}), {code: 'BadDigest'})
    await assert.rejects(connection.request({op: 'test', method: 'HEAD', bucket, key: 'changed'}), {code: 'NoSuchKey'})
    await source.close()
  })
})
