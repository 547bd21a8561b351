import assert from 'node:assert/strict'
import path from 'node:path'
import {tempPathFor, truncateUtf8} from '../../../../src/lib/storage/download-file.js'

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
})
