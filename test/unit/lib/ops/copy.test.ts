import assert from 'node:assert/strict'
import {copySourceHeader} from '../../../../src/lib/ops/copy.js'

describe('copy source header', function () {
  it('encodes x-amz-copy-source like the path', function () {
    assert.equal(copySourceHeader({bucket: 'b', key: 'a b/c+d%#?ü~'}), '/b/a%20b/c%2Bd%25%23%3F%C3%BC~')
    assert.equal(copySourceHeader({bucket: 'b', key: 'k'}, 'v 1'), '/b/k?versionId=v%201')
  })
})
