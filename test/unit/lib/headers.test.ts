import assert from 'node:assert/strict'
import {headerProblem, headersProblem} from '../../../src/lib/headers.js'

describe('headers HTTP can carry', function () {
  it('accepts tokens as names and printable ASCII as values', function () {
    assert.equal(headerProblem('x-amz-meta-state', 'unprocessed, "quoted" \ttab'), null)
    assert.equal(headerProblem('Cache-Control', 'max-age=60'), null)
    assert.equal(headerProblem('x-amz-meta-empty', ''), null)
    assert.equal(headerProblem('x-amz-meta-n', 5), null, 'numbers from JavaScript callers are sent as text')
  })

  it('names the problem without quoting the value (it may be a secret)', function () {
    assert.match(headerProblem('x-amz-meta-a b', 'v') ?? '', /header name "x-amz-meta-a b" is not valid/)
    assert.match(headerProblem('x:y', 'v') ?? '', /not valid/)
    assert.match(headerProblem('x-amz-meta-é', 'v') ?? '', /not valid/)
    const secret = 'key-é-SECRET'
    const problem = headerProblem('x-amz-server-side-encryption-customer-key', secret) ?? ''
    assert.match(problem, /non-ASCII/)
    assert.ok(!problem.includes('SECRET'))
    assert.match(headerProblem('x-a', 'a\nb') ?? '', /line break/)
    assert.match(headerProblem('x-a', 'a\u0000b') ?? '', /control character/)
    assert.equal(headersProblem({a: 'ok', b: 'é'}), headerProblem('b', 'é'))
    assert.equal(headersProblem({a: 'ok'}), null)
  })
})
