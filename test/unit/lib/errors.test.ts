import assert from 'node:assert/strict'
import {
  classify, ConfigError, DeleteObjectsError, FinalFailure, IntegrityError, InterruptedError, LocalFileError, NetworkError, NotS3Error,
  S3ErrorDetail, StorageError, ValueError,
} from '../../../src/lib/errors.js'
import * as lib from '../../../src/index.js'
import {ConfigError as OptionsConfigError} from '../../../src/lib/settings/options.js'
import {FinalFailure as RetryFinalFailure} from '../../../src/lib/client/retry.js'
import {ValueError as TypesValueError} from '../../../src/lib/types.js'

const s3 = (code: string, status: number) => new StorageError('read', {code, message: 'x', status})
const nodeError = (code: string) => Object.assign(new Error(`${code}: something`), {code})

describe('errors: one classify for retries and exit codes', () => {
  it('reads what S3 said: its code first, else the status', () => {
    assert.equal(classify(s3('NoSuchKey', 404)).kind, 'not-found')
    assert.equal(classify(s3('NoSuchUpload', 400)).kind, 'not-found', 'a NoSuch code whatever the status')
    assert.equal(classify(s3('Http404', 404)).kind, 'not-found')
    assert.equal(classify(s3('InvalidAccessKeyId', 400)).kind, 'access-denied', 'an access code whatever the status')
    assert.equal(classify(s3('Forbidden', 403)).kind, 'access-denied', 'a 403 whatever the code')
    assert.equal(classify(s3('InternalError', 500)).kind, 'server')
    assert.equal(classify(s3('BucketNotEmpty', 409)).kind, 'rejected')
    assert.deepEqual(classify(s3('SlowDown', 503)), {kind: 'server', code: 'SlowDown', status: 503, throttled: true})
    assert.equal(classify(s3('RequestTimeout', 400)).throttled, true)
  })

  it('reads the library\'s own classes, bare or inside a StorageError', () => {
    const cases: Array<[Error, string]> = [
      [new ValueError('no bucket'), 'usage'],
      [new ConfigError('no keys'), 'config'],
      [new LocalFileError('x changed', 'LocalFileChanged', 'x'), 'local-file'],
      [new LocalFileError('cannot write to stdout: EPIPE', 'EPIPE'), 'local-file'],
      [new NetworkError('no answer for 30s', 'ETIMEDOUT'), 'network'],
      [new NotS3Error('a web page', 'NotS3Answer'), 'not-s3'],
      [new NotS3Error('went backwards', 'InconsistentListing'), 'not-s3'],
      [new InterruptedError('interrupted by SIGINT'), 'interrupted'],
      [new IntegrityError('MD5 differs', 'BadDigest'), 'failure'],
      [new DeleteObjectsError('could not delete 1 object(s)', 'AccessDenied', 1), 'access-denied'],
      [new Error('anything else'), 'failure'],
    ]
    for (const [error, kind] of cases) {
      assert.equal(classify(error).kind, kind, `bare ${error.message}`)
      assert.equal(classify(new StorageError('write', error)).kind, kind, `wrapped ${error.message}`)
      assert.equal(classify(new StorageError('write', error)).code, classify(error).code)
    }
  })

  it('reads Node\'s codes: the file system, the network and TLS, aborts', () => {
    for (const code of ['ENOENT', 'EACCES', 'ENOSPC', 'EISDIR', 'EROFS', 'EMFILE']) assert.equal(classify(nodeError(code)).kind, 'local-file', code)
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID']) {
      assert.equal(classify(nodeError(code)).kind, 'network', code)
    }
    assert.equal(classify(Object.assign(new Error('x'), {name: 'AbortError'})).kind, 'interrupted')
    assert.equal(classify(nodeError('ABORT_ERR')).kind, 'interrupted')
    assert.equal(classify('a string').kind, 'failure')
    assert.equal(classify(undefined).kind, 'failure')
  })

  it('gives network errors their number, for the policy\'s status_codes (104 = ECONNRESET)', () => {
    assert.equal(classify(nodeError('ECONNRESET')).errno, 104)
    assert.equal(classify(new StorageError('read', nodeError('ECONNRESET'))).errno, 104)
    assert.equal(classify(nodeError('ERR_STREAM_PREMATURE_CLOSE')).errno, 104, 'a body cut short is a reset')
    assert.equal(classify(nodeError('ERR_STREAM_PREMATURE_CLOSE')).kind, 'network')
    assert.equal(classify(s3('InternalError', 500)).errno, undefined)
  })
})

describe('StorageError: the original\'s two forms', () => {
  it('a request that completed but failed: msg is the method, exception the detailed message', () => {
    const error = new StorageError('read', {code: 'NoSuchKey', message: 'The specified key does not exist.', status: 404, bucket: 'b', key: 'k', requestId: 'r1'})
    assert.equal(error.msg, 'read')
    assert.equal(error.op, 'read')
    assert.ok(error.exception instanceof S3ErrorDetail)
    assert.equal(String(error.exception), 'NoSuchKey: The specified key does not exist. (s3://b/k) [request id r1]')
    assert.equal(`${error.exception}`, String(error.exception))
    assert.equal(error.exception.code, 'NoSuchKey')
    assert.equal(error.status, 404)
    assert.equal(error.message, 'read (s3://b/k): NoSuchKey: The specified key does not exist. [request id r1]')
  })

  it('any other failure: msg is the detailed message, exception the error itself, response null', () => {
    const cause = nodeError('ENOENT')
    const error = StorageError.from('write', cause)
    assert.equal(error.msg, 'write: ENOENT: something')
    assert.equal(error.msg, error.message)
    assert.equal(error.op, 'write')
    assert.equal(error.exception, cause)
    assert.equal(error.response, null)
    assert.equal(error.code, 'ENOENT')
    assert.equal(error.status, undefined)
  })
})

describe('errors: one owner, the old names still work', () => {
  it('re-exports the classes where they were, and from the library', () => {
    assert.equal(TypesValueError, ValueError)
    assert.equal(OptionsConfigError, ConfigError)
    assert.equal(RetryFinalFailure, FinalFailure)
    assert.equal(lib.ValueError, ValueError)
    assert.equal(lib.ConfigError, ConfigError)
    assert.equal(lib.StorageError, StorageError)
  })
})
