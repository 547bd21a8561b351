import assert from 'node:assert/strict'
import {parseParams} from '../../../../src/commands/bucket/bucket-command.js'

describe('--param NAME=VALUE', () => {
  it('splits at the first =, allows empty values and bare names', () => {
    assert.deepEqual(parseParams(['max-keys=10', 'prefix=a=b', 'versions', 'empty=']), {'max-keys': '10', prefix: 'a=b', versions: '', empty: ''})
    assert.deepEqual(parseParams(undefined), {})
    assert.throws(() => parseParams(['=x']), /expected NAME=VALUE/)
  })
})
