import assert from 'node:assert/strict'
import {rulesInOrder} from '../../../src/cli/filter-args.js'

describe('--include / --exclude on the command line (CLI)', function () {
  it('reads the rules back in the order given on the command line', function () {
    assert.deepEqual(rulesInOrder(['put', '--exclude', '*', '--include=*.txt', '-r', '--exclude', 'a*', '--', '--include', 'x']), [
      {kind: 'exclude', pattern: '*'},
      {kind: 'include', pattern: '*.txt'},
      {kind: 'exclude', pattern: 'a*'},
    ])
  })
})
