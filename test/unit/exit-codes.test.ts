import assert from 'node:assert/strict'
import {EXIT, exitCodeFor} from '../../src/exit-codes.js'
import {StorageError} from '../../src/lib/errors.js'
import {ConfigError} from '../../src/lib/settings/options.js'
import {ValueError} from '../../src/lib/types.js'

const s3 = (code: string, status: number) => new StorageError('read', {code, message: 'x', status})
const local = (code: string) => new StorageError('read', Object.assign(new Error('x'), {code}))

describe('exit codes', () => {
  it('gives config errors 3 and value errors 2, bare or wrapped in a StorageError', () => {
    assert.equal(exitCodeFor(new ConfigError('no config')), EXIT.CONFIG)
    assert.equal(exitCodeFor(new ConfigError('no config')), 3)
    assert.equal(exitCodeFor(new ValueError('bad name')), 2)
    assert.equal(exitCodeFor(new StorageError('read', new ValueError('no bucket'))), 2)
    assert.equal(exitCodeFor(new StorageError('read', new ConfigError('no keys'))), 3)
  })

  it('reads what S3 said: not found 4, access denied 5, server errors 6, refusals 7', () => {
    assert.equal(exitCodeFor(s3('NoSuchKey', 404)), 4)
    assert.equal(exitCodeFor(s3('NoSuchBucket', 404)), 4)
    assert.equal(exitCodeFor(s3('NoSuchUpload', 400)), 4, 'a NoSuch code whatever the status')
    assert.equal(exitCodeFor(s3('Http404', 404)), 4)
    assert.equal(exitCodeFor(s3('AccessDenied', 403)), 5)
    assert.equal(exitCodeFor(s3('SignatureDoesNotMatch', 403)), 5)
    assert.equal(exitCodeFor(s3('InvalidAccessKeyId', 400)), 5, 'an access code whatever the status')
    assert.equal(exitCodeFor(s3('Forbidden', 403)), 5, 'a 403 whatever the code')
    assert.equal(exitCodeFor(s3('InternalError', 500)), 6)
    assert.equal(exitCodeFor(s3('SlowDown', 503)), 6)
    assert.equal(exitCodeFor(s3('InvalidArgument', 400)), 7)
    assert.equal(exitCodeFor(s3('BucketNotEmpty', 409)), 7)
  })

  it('gives network failures 6 and local file failures 8', () => {
    assert.equal(exitCodeFor(local('ECONNRESET')), 6)
    assert.equal(exitCodeFor(local('ETIMEDOUT')), 6)
    assert.equal(exitCodeFor(local('ECONNREFUSED')), 6)
    assert.equal(exitCodeFor(local('ENOENT')), 8)
    assert.equal(exitCodeFor(local('EACCES')), 8)
    assert.equal(exitCodeFor(Object.assign(new Error('x'), {code: 'ENOSPC'})), 8, 'a bare Node error too')
    assert.equal(exitCodeFor(Object.assign(new Error('x'), {code: 'ECONNRESET'})), 6, 'a bare network error too')
  })

  it('gives an answer that is not S3\'s 9', () => {
    assert.equal(exitCodeFor(local('NotS3Answer')), EXIT.NOT_S3)
    assert.equal(exitCodeFor(local('InconsistentListing')), EXIT.NOT_S3, 'a listing inconsistent with itself')
    assert.equal(EXIT.NOT_S3, 9)
  })

  it('gives every local file system error 8, bare or wrapped in a StorageError', () => {
    for (const code of ['EFBIG', 'ENAMETOOLONG', 'ENOSPC', 'EDQUOT', 'EROFS', 'EISDIR', 'ENOTDIR', 'EACCES', 'EPERM', 'ENOENT', 'ELOOP']) {
      assert.equal(exitCodeFor(local(code)), 8, code)
      assert.equal(exitCodeFor(Object.assign(new Error('x'), {code})), 8, `bare ${code}`)
    }
  })

  it('gives an interruption 130', () => {
    assert.equal(exitCodeFor(local('AbortError')), 130)
    assert.equal(exitCodeFor(local('ABORT_ERR')), 130)
    assert.equal(exitCodeFor(new StorageError('read', Object.assign(new Error('x'), {name: 'AbortError'}))), 130)
    // AbortController.abort() without a reason: a DOMException, whose `code` is the number 20.
    const controller = new AbortController()
    controller.abort()
    assert.equal(exitCodeFor(StorageError.from('read', controller.signal.reason)), 130)
  })

  it('gives anything else 1', () => {
    assert.equal(exitCodeFor(new Error('boom')), 1)
    assert.equal(exitCodeFor(local('EWHATEVER')), 1)
    assert.equal(exitCodeFor(new StorageError('read', new Error('no code'))), 1)
    assert.equal(exitCodeFor('a string'), 1)
    assert.equal(exitCodeFor(undefined), 1)
  })
})
