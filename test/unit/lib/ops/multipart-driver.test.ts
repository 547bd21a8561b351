import assert from 'node:assert/strict'
import {createHash} from 'node:crypto'
import {multipartEtag, planPartSize} from '../../../../src/lib/ops/multipart-driver.js'

const MiB = 1024 * 1024
const md5 = (data: string | Buffer) => createHash('md5').update(data).digest()

describe('multipart part sizes', function () {
  it('keeps parts within 10000 and at least 5 MiB', function () {
    assert.equal(planPartSize(16 * MiB, 512 * MiB), 16 * MiB)
    assert.equal(planPartSize(16 * MiB, 1024 * 1024 * MiB), 105 * MiB)
    assert.equal(planPartSize(MiB), 5 * MiB)
    assert.equal(planPartSize(256 * MiB, 6 * 1024 * MiB), 256 * MiB)
    assert.equal(planPartSize(256 * MiB, 5 * 1024 * 1024 * MiB), 525 * MiB, 'grown to fit 10000 parts')
    assert.equal(planPartSize(8 * 1024 * MiB, 10 * 1024 * MiB), 5 * 1024 * MiB, 'at most 5 GiB per part')
  })
})

describe('the ETag a multipart upload produces', function () {
  it('is the MD5 of the parts\' binary MD5s, a dash and the part count', function () {
    const parts = ['first part', 'second part'].map((text, i) => ({PartNumber: i + 1, ETag: `"${md5(text).toString('hex')}"`}))
    const expected = md5(Buffer.concat([md5('first part'), md5('second part')])).toString('hex') + '-2'
    assert.equal(multipartEtag(parts), expected)
    assert.equal(multipartEtag(parts.map((p) => ({...p, ETag: p.ETag.toUpperCase().replace(/"/g, '')}))), expected, 'quotes and case do not matter')
  })

  it('is unknown when a part\'s ETag is not an MD5 (SSE-KMS, SSE-C) or there are no parts', function () {
    assert.equal(multipartEtag([{PartNumber: 1, ETag: '"not-an-md5"'}]), undefined)
    assert.equal(multipartEtag([]), undefined)
  })
})
