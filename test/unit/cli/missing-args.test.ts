import assert from 'node:assert/strict'
import {commandUsage, missingArgNames, missingArgsLine} from '../../../src/cli/missing-args.js'

describe('missing arguments', () => {
  it('says what is missing and the command\'s usage in one line', () => {
    const usage = commandUsage('s3', 'object:sync', {source: {required: true}, destination: {required: true}})
    assert.equal(usage, 's3 object sync SOURCE DESTINATION [FLAGS]')
    assert.equal(missingArgsLine(['SOURCE'], usage), 'missing SOURCE. Usage: s3 object sync SOURCE DESTINATION [FLAGS]')
    assert.equal(missingArgsLine(['SOURCE', 'DESTINATION'], usage), 'missing SOURCE and DESTINATION. Usage: s3 object sync SOURCE DESTINATION [FLAGS]')
    assert.equal(commandUsage('s3', 'put', {local: {required: true}, remote: {}}), 's3 put LOCAL [REMOTE] [FLAGS]')
  })

  it('recognises oclif\'s RequiredArgsError only', () => {
    class RequiredArgsError extends Error {
      args = [{name: 'source'}, {name: 'destination'}]
    }
    assert.deepEqual(missingArgNames(new RequiredArgsError('Missing 2 required args')), ['SOURCE', 'DESTINATION'])
    assert.equal(missingArgNames(new Error('Missing 2 required args')), undefined)
  })
})
