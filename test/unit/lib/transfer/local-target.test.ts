import assert from 'node:assert/strict'
import path from 'node:path'
import {localTarget} from '../../../../src/lib/transfer/local-target.js'

describe('where a key lands in a local folder', function () {
  const root = path.resolve('/tmp/target')

  it('joins a relative key under the folder', function () {
    assert.deepEqual(localTarget(root, 'a/b.txt'), {path: path.join(root, 'a', 'b.txt')})
    assert.deepEqual(localTarget(root, 'with space é.txt'), {path: path.join(root, 'with space é.txt')})
  })

  it('never leaves the folder: .., absolute paths, empty segments are skipped with the reason', function () {
    for (const rel of ['../x', 'a/../../x', 'a/..', '/etc/passwd', 'a//b', './x', '', 'C:/x']) {
      const target = localTarget(root, rel)
      assert.ok('skip' in target, `${JSON.stringify(rel)} was not skipped`)
    }
  })
})
