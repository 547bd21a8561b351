import assert from 'node:assert/strict'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {checkBatchSides, checkNotSameObject, type Location, overlapReason} from '../../../../src/lib/transfer/sides.js'
import {ValueError} from '../../../../src/lib/types.js'

const s3 = (bucket: string, prefix: string): Location => ({kind: 's3', bucket, prefix})

describe('the sides of a batch (sides.ts)', function () {
  it('refuses the same prefix, or one prefix inside the other in one bucket, either way round', function () {
    assert.match(overlapReason(s3('b', 'p/'), s3('b', 'p/'))!, /both are s3:\/\/b\/p\//)
    assert.match(overlapReason(s3('b', 'p/'), s3('b', 'p/sub/'))!, /s3:\/\/b\/p\/sub\/ is inside s3:\/\/b\/p\//)
    assert.match(overlapReason(s3('b', 'p/sub/'), s3('b', 'p/'))!, /s3:\/\/b\/p\/sub\/ is inside s3:\/\/b\/p\//)
    assert.ok(overlapReason(s3('b', ''), s3('b', 'x/')), 'a whole bucket holds every prefix')
  })

  it('allows other buckets, sibling prefixes, and prefixes that only share a start ("p/" and "p2/")', function () {
    assert.equal(overlapReason(s3('a', 'p/'), s3('b', 'p/')), undefined)
    assert.equal(overlapReason(s3('b', 'p/'), s3('b', 'p2/')), undefined)
    assert.equal(overlapReason(s3('b', 'p/'), {kind: 'local', dir: '.'}), undefined)
  })

  it('a move of an object onto itself is refused', function () {
    assert.throws(() => checkNotSameObject({bucket: 'b', key: 'x'}, {bucket: 'b', key: 'x'}), /onto itself/)
    checkNotSameObject({bucket: 'b', key: 'x'}, {bucket: 'b', key: 'y'})
  })

  it('a local source must be an existing folder (exit 8 codes); a missing destination folder is fine', async function () {
    const dir = mkdtempSync(path.join(tmpdir(), 's3-sides-'))
    const file = path.join(dir, 'f')
    writeFileSync(file, 'x')
    await assert.rejects(checkBatchSides({kind: 'local', dir: path.join(dir, 'missing')}, s3('b', 'p/')), {code: 'ENOENT', message: /no such folder/})
    await assert.rejects(checkBatchSides({kind: 'local', dir: file}, s3('b', 'p/')), {code: 'ENOTDIR', message: /not a folder/})
    await checkBatchSides(s3('b', 'p/'), {kind: 'local', dir: path.join(dir, 'missing')})
    await assert.rejects(checkBatchSides(s3('b', 'p/'), s3('b', 'p/q/')), ValueError)
    await assert.rejects(checkBatchSides({kind: 'local', dir}, {kind: 'local', dir}), ValueError)
  })
})
