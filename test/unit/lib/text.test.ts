import assert from 'node:assert/strict'
import {firstLine} from '../../../src/lib/text.js'

describe('message text', () => {
  it('keeps the first non-blank line, trimmed', () => {
    assert.equal(firstLine('bad indentation\n  secret_access_key: "S"\n'), 'bad indentation')
    assert.equal(firstLine('\n   \n  second  \nthird'), 'second')
    assert.equal(firstLine('one line'), 'one line')
    assert.equal(firstLine(''), '')
    assert.equal(firstLine('\n \n'), '')
  })
})
