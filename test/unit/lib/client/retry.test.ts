import assert from 'node:assert/strict'
import {StorageError} from '../../../../src/lib/errors.js'
import {
  backoffSeconds, classify, describeTarget, errnoOf, FinalFailure, hasTriesLeft, isRetryable, retryPolicy, RetryStrategy, type RetryTarget,
} from '../../../../src/lib/client/retry.js'

const s3Error = (code: string, status: number) => new StorageError('read', {code, message: '', status})

describe('retry policy (pure)', () => {
  it('defaults to the seed limit and interval and retries 5xx, resets and timeouts', () => {
    const policy = retryPolicy()
    assert.equal(policy.limit, 5)
    assert.equal(policy.interval, 2.5)
    for (const status of [500, 502, 503, 504]) assert.ok(isRetryable(classify(s3Error('InternalError', status)), policy), `status ${status}`)
    assert.ok(!isRetryable(classify(s3Error('NoSuchKey', 404)), policy))
    assert.ok(!isRetryable(classify(s3Error('AccessDenied', 403)), policy))
    assert.ok(isRetryable(classify(Object.assign(new Error('reset'), {code: 'ECONNRESET'})), policy))
    assert.ok(isRetryable(classify(Object.assign(new Error('slow'), {code: 'ETIMEDOUT'})), policy))
    assert.ok(!isRetryable(classify(Object.assign(new Error('gone'), {code: 'ECONNREFUSED'})), policy))
  })

  it('retries SlowDown whatever its status', () => {
    assert.ok(isRetryable(classify(s3Error('SlowDown', 400)), retryPolicy({status_codes: []})))
  })

  it('reads network error numbers as the seed did (104 = ECONNRESET)', () => {
    assert.equal(errnoOf(Object.assign(new Error('x'), {code: 'ECONNRESET'})), 104)
    assert.equal(errnoOf(new Error('no code')), undefined)
    const only104 = retryPolicy({status_codes: [104]})
    assert.ok(isRetryable(classify(Object.assign(new Error('x'), {code: 'ECONNRESET'})), only104))
    assert.ok(!isRetryable(classify(s3Error('ServiceUnavailable', 503)), only104))
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

const target: RetryTarget = {op: 'read', method: 'GET', bucket: 'b', key: 'dir/k'}
const slowDown = () => new StorageError('read', {code: 'SlowDown', message: 'x', status: 503})
const reset = () => Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'})

/** An attempt that fails with `failures` in turn, then answers 'done'; counts its tries. */
function attempts(...failures: unknown[]) {
  const seen: number[] = []
  const attempt = async (n: number) => {
    seen.push(n)
    if (seen.length <= failures.length) throw failures[seen.length - 1]
    return 'done'
  }
  return {attempt, seen}
}

async function rejected(promise: Promise<unknown>): Promise<StorageError> {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof StorageError, `expected a StorageError, got ${error}`)
    return error
  }
  assert.fail('expected a rejection')
}

describe('retry strategy (runs the tries of one call)', () => {
  const fast = retryPolicy({limit: 5, interval: 0.01})

  it('retries a retryable failure until it succeeds, numbering the tries from 1', async () => {
    const {attempt, seen} = attempts(slowDown(), reset())
    assert.equal(await new RetryStrategy(fast).run(target, attempt), 'done')
    assert.deepEqual(seen, [1, 2, 3])
  })

  it('stops after limit tries in all and throws a StorageError named after the operation', async () => {
    const {attempt, seen} = attempts(reset(), reset(), reset(), reset())
    const error = await rejected(new RetryStrategy(retryPolicy({limit: 3, interval: 0.01})).run(target, attempt))
    assert.deepEqual(seen, [1, 2, 3])
    assert.equal(error.op, 'read')
    assert.equal(error.code, 'ECONNRESET')
    assert.match(error.message, /^read: socket hang up/)
  })

  it('never retries a status the policy does not list (404)', async () => {
    const {attempt, seen} = attempts(new StorageError('read', {code: 'NoSuchKey', message: 'x', status: 404}))
    const error = await rejected(new RetryStrategy(fast).run(target, attempt))
    assert.deepEqual(seen, [1])
    assert.equal(error.code, 'NoSuchKey')
    assert.equal(error.status, 404)
  })

  it('never retries a request whose body cannot be sent again', async () => {
    const {attempt, seen} = attempts(slowDown())
    const error = await rejected(new RetryStrategy(fast).run(target, attempt, {replayable: false}))
    assert.deepEqual(seen, [1])
    assert.equal(error.code, 'SlowDown')
  })

  it('never retries a FinalFailure, and throws its reason as the StorageError', async () => {
    const {attempt, seen} = attempts(new FinalFailure(Object.assign(new Error('disk went away'), {code: 'ECONNRESET'})))
    const error = await rejected(new RetryStrategy(fast).run(target, attempt))
    assert.deepEqual(seen, [1], 'even with a retryable code')
    assert.equal(error.op, 'read')
    assert.equal(error.code, 'ECONNRESET')
    assert.match(error.message, /disk went away/)
    assert.ok(!(error.exception instanceof FinalFailure), 'the reason, not its wrapper')
  })

  it('stops at once when the signal aborts during the wait', async () => {
    const controller = new AbortController()
    const {attempt, seen} = attempts(slowDown(), slowDown())
    setTimeout(() => controller.abort(Object.assign(new Error('interrupted'), {code: 'AbortError'})), 20)
    const started = Date.now()
    const error = await rejected(new RetryStrategy(retryPolicy({limit: 5, interval: 5})).run(target, attempt, {signal: controller.signal}))
    assert.ok(Date.now() - started < 1000, `waited ${Date.now() - started} ms`)
    assert.deepEqual(seen, [1])
    assert.equal(error.op, 'read')
    assert.equal(error.code, 'AbortError')
  })

  it('throws the abort\'s reason when a try fails after the signal aborted', async () => {
    const controller = new AbortController()
    controller.abort(Object.assign(new Error('interrupted'), {code: 'AbortError'}))
    const {attempt, seen} = attempts(slowDown())
    const error = await rejected(new RetryStrategy(fast).run(target, attempt, {signal: controller.signal}))
    assert.deepEqual(seen, [1])
    assert.equal(error.code, 'AbortError')
  })

  it('logs one line per retry, naming the operation, method, remote and code', async () => {
    const lines: string[] = []
    const {attempt} = attempts(slowDown(), reset())
    await new RetryStrategy(fast, (line) => lines.push(line)).run(target, attempt)
    assert.equal(lines.length, 2)
    assert.match(lines[0], /^retry 1\/4 of read GET s3:\/\/b\/dir\/k in [\d.]+s: SlowDown$/)
    assert.match(lines[1], /^retry 2\/4 of read GET s3:\/\/b\/dir\/k in [\d.]+s: ECONNRESET$/)
  })

  it('logs nothing when the first try succeeds', async () => {
    const lines: string[] = []
    assert.equal(await new RetryStrategy(fast, (line) => lines.push(line)).run(target, async () => 'done'), 'done')
    assert.deepEqual(lines, [])
  })
})

describe('retry classification and targets', () => {
  it('classifies S3 answers by status and code, network errors by the error', () => {
    assert.deepEqual(classify(slowDown()), {kind: 'server', status: 503, code: 'SlowDown', throttled: true})
    assert.deepEqual(classify(reset()), {kind: 'network', code: 'ECONNRESET', errno: 104, throttled: false})
    const wrapped = StorageError.from('read', reset())
    assert.deepEqual(classify(wrapped), classify(reset()))
    assert.ok(isRetryable(classify(wrapped), retryPolicy()), 'a wrapped reset is still a reset')
  })

  it('counts a body cut short (ERR_STREAM_PREMATURE_CLOSE) as a reset', () => {
    const failure = classify(Object.assign(new Error('Premature close'), {code: 'ERR_STREAM_PREMATURE_CLOSE'}))
    assert.deepEqual(failure, {kind: 'network', code: 'ECONNRESET', errno: 104, throttled: false})
    assert.ok(isRetryable(failure, retryPolicy()))
  })

  it('describes a target as s3://bucket/key, s3://bucket or / for the service', () => {
    assert.equal(describeTarget({bucket: 'b', key: 'a/b c'}), 's3://b/a/b c')
    assert.equal(describeTarget({bucket: 'b', key: ''}), 's3://b/')
    assert.equal(describeTarget({bucket: 'b'}), 's3://b')
    assert.equal(describeTarget({}), '/')
  })
})
