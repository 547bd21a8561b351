import assert from 'node:assert/strict'
import {errorLine, oneLine} from '../../../src/cli/error-line.js'
import {StorageError} from '../../../src/lib/errors.js'

const enoent = () => Object.assign(new Error('ENOENT: no such file or directory, open \'report.pdf\''), {code: 'ENOENT', path: 'report.pdf'})

describe('the error line', function () {
  it('speaks of what the user asked for, in a few words, for a file-system error', function () {
    assert.equal(errorLine(new StorageError('write', enoent()), 'put report.pdf'), 'put report.pdf: no such file or folder (ENOENT)')
    const elsewhere = Object.assign(new Error('EACCES: permission denied, open \'/x/.a.s3tmp\''), {code: 'EACCES', path: '/x'})
    assert.equal(errorLine(new StorageError('read', elsewhere), 'get s3://b/a'), 'get s3://b/a: permission denied (EACCES, /x)', 'the path it concerns, when not in the task')
  })

  it('keeps what S3 said, with the task instead of the method\'s name', function () {
    const error = new StorageError('write', {code: 'NoSuchBucket', message: 'The specified bucket does not exist', status: 404, bucket: 'b', key: 'k'})
    assert.equal(errorLine(error, 'put report.pdf'), 'put report.pdf (s3://b/k): NoSuchBucket: The specified bucket does not exist')
    assert.equal(errorLine(error, 'get s3://b/k'), 'get s3://b/k: NoSuchBucket: The specified bucket does not exist', 'the object named once')
  })

  it('keeps a message that is not a raw file-system one, and the library\'s line without a task', function () {
    const custom = Object.assign(new Error('cannot write to stdout: ENOSPC: no space left on device'), {code: 'ENOSPC'})
    assert.equal(errorLine(new StorageError('read', custom), 'get s3://b/k'), 'get s3://b/k: cannot write to stdout: ENOSPC: no space left on device')
    assert.equal(errorLine(new StorageError('write', enoent())), 'write: ENOENT: no such file or directory, open \'report.pdf\'')
  })

  it('folds a multi-line message (oclif puts the detail on later lines) into one', function () {
    assert.equal(oneLine('Missing 1 required arg:\nremote  remote name\nSee more help with --help'), 'Missing 1 required arg: remote remote name')
    assert.equal(oneLine('\n\n'), 'unknown error')
  })
})
