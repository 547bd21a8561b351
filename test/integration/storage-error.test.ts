/**
 * StorageError's two forms, as the original's README defines them, against a real RGW: a
 * request that completed but failed (msg the method, exception the detailed message, response
 * the answer), and any other failure (msg the detailed message, exception the error, response null).
 */
import assert from 'node:assert/strict'
import path from 'node:path'
import {exitCodeFor} from '../../src/exit-codes.js'
import {S3ErrorDetail, StorageError} from '../../src/lib/errors.js'
import {S3Name} from '../../src/lib/types.js'
import {bucketFixture, tempDir} from '../support/fixtures.js'

describe('StorageError: the original\'s two forms (library)', function () {
  const fixture = bucketFixture('serr')

  it('a request that completed but failed: msg is the method, exception the detailed message, response the answer', async () => {
    const {storage, bucket} = fixture
    const error = await storage.read(new S3Name('any', `${bucket}-gone`), path.join(tempDir(), 'out')).then(
      () => assert.fail('read of a missing key succeeded'), (e: unknown) => e)
    assert.ok(error instanceof StorageError)
    assert.equal(error.msg, 'read')
    assert.ok(error.exception instanceof S3ErrorDetail)
    assert.doesNotMatch(String(error.exception), /object Object/)
    assert.match(String(error.exception), /^NoSuch(Key|Bucket)/)
    assert.equal(error.exception.status, 404)
    assert.ok(error.response, 'the raw response is kept')
    assert.equal(error.response.statusCode, 404)
    assert.equal(exitCodeFor(error), 4)
  })

  it('a missing key in an existing bucket: String(exception) names the code and the object', async () => {
    const {storage, bucket} = fixture
    const error = await storage.read(new S3Name('missing', bucket), path.join(tempDir(), 'out')).then(
      () => assert.fail('read of a missing key succeeded'), (e: unknown) => e)
    assert.ok(error instanceof StorageError)
    assert.equal(error.msg, 'read')
    assert.match(String(error.exception), new RegExp(`^NoSuchKey: .*\\(s3://${bucket}/missing\\)`))
  })

  it('any other failure (a file that does not exist): msg is the detailed message, exception the error, response null', async () => {
    const {storage, bucket} = fixture
    const error = await storage.write('/nonexistent/file', new S3Name('never', bucket)).then(
      () => assert.fail('write of a missing file succeeded'), (e: unknown) => e)
    assert.ok(error instanceof StorageError)
    assert.notEqual(error.msg, 'write')
    assert.match(error.msg, /^write: ENOENT: .*\/nonexistent\/file/)
    assert.equal(error.op, 'write')
    assert.ok(error.exception instanceof Error)
    assert.equal((error.exception as NodeJS.ErrnoException).code, 'ENOENT')
    assert.equal(error.response, null)
    assert.equal(exitCodeFor(error), 8)
  })
})
