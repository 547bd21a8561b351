import assert from 'node:assert/strict'
import {Errors} from '@oclif/core'
import {reportOf} from '../../../src/app/oclif-error.js'
import {EXIT} from '../../../src/exit-codes.js'

describe('errors of oclif\'s own commands', function () {
  it('are one line with oclif\'s usage code', function () {
    const parse = new Errors.CLIError('Nonexistent flag: --bogus\nSee more help with --help')
    assert.deepEqual(reportOf(parse), {line: 's3: error: Nonexistent flag: --bogus', exitCode: EXIT.USAGE})
    assert.deepEqual(reportOf(new Errors.CLIError('nosuch is not installed')), {line: 's3: error: nosuch is not installed', exitCode: EXIT.USAGE})
    assert.deepEqual(reportOf(new Errors.CLIError('broken', {exit: 1})), {line: 's3: error: broken', exitCode: EXIT.FAILURE})
  })

  it('fold a multi-line message into one line', function () {
    const missing = new Errors.CLIError('Missing 1 required arg:\nplugin  Plugin to install.\nSee more help with --help')
    assert.equal(reportOf(missing).line, 's3: error: Missing 1 required arg: plugin Plugin to install.')
  })

  it('a quiet exit (this.exit(n)) prints nothing and keeps its code', function () {
    assert.deepEqual(reportOf(new Errors.ExitError(2)), {exitCode: 2})
    assert.deepEqual(reportOf(new Errors.ExitError(0)), {exitCode: 0})
  })

  it('plain errors get the code of their kind, as ours do', function () {
    const missing = Object.assign(new Error('ENOENT: no such file or directory, open \'/x\''), {code: 'ENOENT'})
    assert.equal(reportOf(missing).exitCode, EXIT.LOCAL_FILE)
    assert.equal(reportOf(Object.assign(new Error('connect ECONNREFUSED'), {code: 'ECONNREFUSED'})).exitCode, EXIT.NETWORK)
    assert.equal(reportOf(new Error('something else')).exitCode, EXIT.FAILURE)
    assert.deepEqual(reportOf('a string'), {line: 's3: error: a string', exitCode: EXIT.FAILURE})
  })
})
