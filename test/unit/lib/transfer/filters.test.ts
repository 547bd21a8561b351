import assert from 'node:assert/strict'
import {compileFilters, globToRegex} from '../../../../src/lib/transfer/filters.js'

describe('--include / --exclude', function () {
  it('reads globs as fnmatch does: * spans slashes, ? is one character, [set] and [!set]', function () {
    assert.ok(globToRegex('*.txt').test('a/b/c.txt'))
    assert.ok(!globToRegex('*.txt').test('a.txt.gz'))
    assert.ok(globToRegex('log?.gz').test('log1.gz'))
    assert.ok(!globToRegex('log?.gz').test('log10.gz'))
    assert.ok(globToRegex('[ab]*').test('b/x'))
    assert.ok(!globToRegex('[!ab]*').test('b/x'))
    assert.ok(globToRegex('a.b+(c)').test('a.b+(c)'), 'regex characters are literal')
    assert.ok(!globToRegex('a.b').test('axb'))
    assert.ok(globToRegex('[').test('['), 'an unclosed [ is literal')
  })

  it('includes everything by default, and a later rule wins', function () {
    const all = compileFilters([])
    assert.ok(all('anything'))
    const onlyTxt = compileFilters([{kind: 'exclude', pattern: '*'}, {kind: 'include', pattern: '*.txt'}])
    assert.ok(onlyTxt('a/b.txt'))
    assert.ok(!onlyTxt('a/b.bin'))
    const notTmp = compileFilters([{kind: 'include', pattern: '*'}, {kind: 'exclude', pattern: 'tmp/*'}])
    assert.ok(!notTmp('tmp/x'))
    assert.ok(notTmp('src/tmp/x'), 'patterns match from the start of the relative path')
  })
})
