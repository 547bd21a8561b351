import assert from 'node:assert/strict'
import {parseDuration, parseLifetime} from '../../../src/cli/duration.js'
import {ValueError} from '../../../src/lib/types.js'

describe('durations', () => {
  it('reads numbers with units, alone or combined', () => {
    assert.equal(parseDuration('0s'), 0)
    assert.equal(parseDuration('45s'), 45)
    assert.equal(parseDuration('30m'), 1800)
    assert.equal(parseDuration('12h'), 43_200)
    assert.equal(parseDuration('7d'), 604_800)
    assert.equal(parseDuration('2w'), 1_209_600)
    assert.equal(parseDuration('1h30m'), 5400)
    assert.equal(parseDuration('1D'), 86_400)
  })

  it('refuses anything else with one clear message', () => {
    for (const bad of ['', '7', 'd', '7 d', '-1d', '1.5h', '7days', '1h-30m']) {
      assert.throws(() => parseDuration(bad, '--older-than'), (e: Error) => e instanceof ValueError && /^--older-than ".*": expected a number and a unit/.test(e.message), bad)
    }
  })

  it('reads a presigned URL\'s lifetime: whole seconds or a duration, 1 s to 7 days', () => {
    assert.equal(parseLifetime('3600'), 3600)
    assert.equal(parseLifetime('90m'), 5400)
    assert.equal(parseLifetime('1h'), 3600)
    assert.equal(parseLifetime('7d'), 604_800)
    assert.equal(parseLifetime('604800'), 604_800)
    for (const bad of ['0', '0s', '604801', '8d', '2w', '1.5h', '-1', '']) {
      assert.throws(() => parseLifetime(bad), (e: Error) => e instanceof ValueError && /^--expires ".*": /.test(e.message), bad)
    }
  })
})
