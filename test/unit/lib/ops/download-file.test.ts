import assert from 'node:assert/strict'
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {openFileSink, tempPathFor, truncateUtf8, WriteBehind} from '../../../../src/lib/ops/download-file.js'

const bytes = (text: string) => Buffer.byteLength(text)

describe('download-file', () => {
  describe('tempPathFor', () => {
    it('is a hidden name beside the target, in the same folder', () => {
      assert.equal(tempPathFor('report.pdf', 'abcd1234'), '.report.pdf.s3tmp-abcd1234')
      assert.equal(tempPathFor('/data/in/report.pdf', 'abcd1234'), '/data/in/.report.pdf.s3tmp-abcd1234')
      assert.match(tempPathFor('x'), /^\.x\.s3tmp-[0-9a-f]{8}$/)
    })

    it('keeps the name within 255 bytes for a long target name, keeping the folder', () => {
      const name = 'a'.repeat(245)
      const temp = tempPathFor(path.join('/data', name), 'abcd1234')
      assert.equal(path.dirname(temp), '/data')
      assert.equal(bytes(path.basename(temp)), 255)
      assert.ok(path.basename(temp).startsWith('.aaaa'))
      assert.ok(temp.endsWith('.s3tmp-abcd1234'))
      assert.equal(tempPathFor('a'.repeat(239), 'abcd1234'), `.${'a'.repeat(239)}.s3tmp-abcd1234`, 'a name that fits is kept whole')
    })

    it('cuts UTF-8 names by bytes, never inside a character', () => {
      for (const name of ['é'.repeat(127), '日本語'.repeat(28), '😀'.repeat(63), 'a' + '😀'.repeat(62)]) {
        assert.ok(bytes(name) <= 255 && bytes(name) > 239, `${bytes(name)} bytes`)
        const base = path.basename(tempPathFor(name, 'abcd1234'))
        assert.ok(bytes(base) <= 255, `${bytes(base)} bytes`)
        assert.ok(!base.includes('\uFFFD'), 'no broken character')
        assert.ok(name.startsWith(base.slice(1, -'.s3tmp-abcd1234'.length)))
      }
    })
  })

  describe('truncateUtf8', () => {
    it('keeps text that fits and cuts at a character boundary', () => {
      assert.equal(truncateUtf8('abc', 3), 'abc')
      assert.equal(truncateUtf8('abc', 2), 'ab')
      assert.equal(truncateUtf8('aé', 2), 'a', 'é is 2 bytes')
      assert.equal(truncateUtf8('a😀', 4), 'a', '😀 is 4 bytes')
      assert.equal(truncateUtf8('a😀', 5), 'a😀')
      assert.equal(truncateUtf8('😀', 3), '')
    })
  })

  describe('WriteBehind', () => {
    it('returns at once while under its limit, and waits for the disk beyond it', async () => {
      const queue = new WriteBehind(10)
      const finish: Array<() => void> = []
      const slowWrite = () => new Promise<void>((resolve) => finish.push(resolve))
      await queue.add(6, slowWrite) // 6 in flight: under the limit
      let returned = false
      const second = queue.add(6, slowWrite).then(() => (returned = true)) // 12 in flight: waits
      await sleep(5)
      assert.equal(returned, false)
      finish[0]()
      await second
      finish[1]()
      await queue.drain()
    })

    it('throws a failed write at the next add and at drain', async () => {
      const queue = new WriteBehind(100)
      await queue.add(1, async () => {
        throw Object.assign(new Error('no space'), {code: 'ENOSPC'})
      })
      await sleep(1)
      await assert.rejects(queue.add(1, async () => {}), /no space/)
      await assert.rejects(queue.drain(), /no space/)
    })
  })

  describe('openFileSink', () => {
    let dir: string
    beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'sink-'))))
    afterEach(() => rmSync(dir, {recursive: true, force: true}))

    it('writes the chunks in order (gathered into larger writes) and renames only on commit', async () => {
      const target = path.join(dir, 'out.bin')
      const sink = await openFileSink(target)
      const chunks = Array.from({length: 50}, (_, i) => Buffer.alloc(64 * 1024 + i, i))
      for (const chunk of chunks) await sink.write(chunk)
      assert.deepEqual(readdirSync(dir).filter((n) => n === 'out.bin'), [], 'nothing at the target before commit')
      await sink.commit()
      assert.deepEqual(readFileSync(target), Buffer.concat(chunks))
      assert.deepEqual(readdirSync(dir), ['out.bin'], 'no temp file left')
    })

    it('leaves nothing behind when discarded with writes in flight', async () => {
      const sink = await openFileSink(path.join(dir, 'out.bin'))
      for (let i = 0; i < 40; i++) await sink.write(Buffer.alloc(256 * 1024, i))
      await sink.discard()
      assert.deepEqual(readdirSync(dir), [])
    })
  })
})
