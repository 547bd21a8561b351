import assert from 'node:assert/strict'
import {backoffSeconds, errnoOf, hasTriesLeft, isRetryable, retryPolicy} from '../../src/lib/retry.js'

describe('retry policy (pure)', () => {
  it('defaults to the seed limit and interval and retries 5xx, resets and timeouts', () => {
    const policy = retryPolicy()
    assert.equal(policy.limit, 5)
    assert.equal(policy.interval, 2.5)
    for (const status of [500, 502, 503, 504]) assert.ok(isRetryable({status}, policy), `status ${status}`)
    assert.ok(!isRetryable({status: 404}, policy))
    assert.ok(!isRetryable({status: 403, code: 'AccessDenied'}, policy))
    assert.ok(isRetryable({error: Object.assign(new Error('reset'), {code: 'ECONNRESET'})}, policy))
    assert.ok(isRetryable({error: Object.assign(new Error('slow'), {code: 'ETIMEDOUT'})}, policy))
    assert.ok(!isRetryable({error: Object.assign(new Error('gone'), {code: 'ECONNREFUSED'})}, policy))
  })

  it('retries SlowDown whatever its status', () => {
    assert.ok(isRetryable({status: 400, code: 'SlowDown'}, retryPolicy({status_codes: []})))
  })

  it('reads network error numbers as the seed did (104 = ECONNRESET)', () => {
    assert.equal(errnoOf(Object.assign(new Error('x'), {code: 'ECONNRESET'})), 104)
    assert.equal(errnoOf(new Error('no code')), undefined)
    const only104 = retryPolicy({status_codes: [104]})
    assert.ok(isRetryable({error: Object.assign(new Error('x'), {code: 'ECONNRESET'})}, only104))
    assert.ok(!isRetryable({status: 503}, only104))
  })

  it('counts limit as the total number of tries, 0 meaning unlimited', () => {
    const three = retryPolicy({limit: 3})
    assert.ok(hasTriesLeft(1, three))
    assert.ok(hasTriesLeft(2, three))
    assert.ok(!hasTriesLeft(3, three))
    assert.ok(!hasTriesLeft(1, retryPolicy({limit: 1})))
    assert.ok(hasTriesLeft(1000, retryPolicy({limit: 0})))
  })

  it('backs off exponentially from interval, with jitter in [0.5, 1] and a cap', () => {
    const policy = retryPolicy({interval: 1})
    assert.equal(backoffSeconds(1, policy, () => 1), 1)
    assert.equal(backoffSeconds(3, policy, () => 1), 4)
    assert.equal(backoffSeconds(3, policy, () => 0), 2)
    assert.equal(backoffSeconds(30, policy, () => 1), 20)
  })
})
