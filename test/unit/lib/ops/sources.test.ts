import assert from 'node:assert/strict'
import {createHash, randomBytes} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {open} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {Readable} from 'node:stream'
import {buffer} from 'node:stream/consumers'
import {FileSource, StreamSource} from '../../../../src/lib/ops/sources.js'

describe('stream source', function () {
  it('peeks up to a threshold and fills part buffers across chunk boundaries', async function () {
    const source = new StreamSource(Readable.from([Buffer.from('abc'), Buffer.from('defg'), Buffer.from('h')]))
    assert.equal(await source.peek(5), 7)
    const part = Buffer.alloc(5)
    assert.equal(await source.fill(part), 5)
    assert.equal(part.toString(), 'abcde')
    assert.equal(await source.fill(part), 3)
    assert.equal(part.subarray(0, 3).toString(), 'fgh')
    assert.equal(await source.fill(part), 0)
  })
})

describe('file source', function () {
  let dir: string
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'source-'))))
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  async function sourceOf(data: Buffer): Promise<FileSource> {
    const file = path.join(dir, 'data.bin')
    writeFileSync(file, data)
    const handle = await open(file, 'r')
    return new FileSource(handle, await handle.stat(), file)
  }

  it('gives a part hashed while sent: no Content-MD5, the MD5 of what the last whole try read', async function () {
    const data = randomBytes(3 * 1024 * 1024)
    const source = await sourceOf(data)
    try {
      const part = await source.slice(1024, 2 * 1024 * 1024, 'while-sent')
      assert.equal(part.md5Base64, undefined)
      assert.equal(part.sentMd5!(), undefined, 'nothing sent yet')
      const cut = part.open()
      cut.destroy() // a try cut short has no MD5
      assert.equal(part.sentMd5!(), undefined)
      const sent = await buffer(part.open())
      assert.deepEqual(sent, data.subarray(1024, 1024 + 2 * 1024 * 1024))
      assert.equal(part.sentMd5!(), createHash('md5').update(sent).digest('hex'))
    } finally {
      await source.close()
    }
  })

  it('gives a part with its Content-MD5 by default', async function () {
    const data = randomBytes(1024 * 1024)
    const source = await sourceOf(data)
    try {
      const part = await source.slice(0, data.length)
      assert.equal(part.md5Base64, createHash('md5').update(data).digest('base64'))
      assert.deepEqual(await buffer(part.open()), data)
    } finally {
      await source.close()
    }
  })
})
