/**
 * `storage.http`, the library's way to any S3 call it does not wrap, and the example plugin
 * that uses it (examples/s3-plugin-http: `s3 bucket:policy-status`, GetBucketPolicyStatus),
 * linked from a folder as its author would, against the test server: signed with the
 * configured credentials, retried with the same policy and log lines, S3's errors with the
 * CLI's messages and exit codes.
 */
import assert from 'node:assert/strict'
import {cpSync, mkdirSync, symlinkSync} from 'node:fs'
import path from 'node:path'
import {StorageError} from '../../src/lib/errors.js'
import {bucketFixture, faultProxyFixture, runCli, tempDir, uniqueBucket} from '../support/fixtures.js'
import {cliEnv, PKG} from '../support/packing.js'
import {ROOT} from '../support/server.js'

/** A copy of the example as its author's own folder, with s3-connector linked to this CLI. */
function exampleWorkspace(): string {
  const dir = path.join(tempDir('s3-plugin-'), 's3-plugin-http')
  cpSync(path.join(ROOT, 'examples', 's3-plugin-http'), dir, {recursive: true, filter: (src) => !/node_modules|\.tgz$|oclif\.manifest\.json$/.test(src)})
  mkdirSync(path.join(dir, 'node_modules'))
  symlinkSync(ROOT, path.join(dir, 'node_modules', PKG.name))
  return dir
}

function publicPolicy(bucket: string) {
  return {Version: '2012-10-17', Statement: [{Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*`}]}
}

describe('storage.http: S3 calls the library does not wrap', function () {
  this.timeout(120_000)
  const fixture = bucketFixture('th')

  it('signs and sends the call, reads the XML answer and keeps storage.response', async () => {
    const {storage, bucket} = fixture
    const answer = await storage.http.request({method: 'GET', bucket, query: {policyStatus: ''}, xmlRoot: 'PolicyStatus'})
    assert.equal(answer.status, 200)
    assert.deepEqual(answer.xml, {PolicyStatus: {IsPublic: 'false'}})
    assert.match(answer.body.toString(), /<PolicyStatus/)
    assert.equal(storage.response?.statusCode, 200)
  })

  it('turns a refusal into one StorageError, named after the op', async () => {
    const missing = uniqueBucket('gone')
    await assert.rejects(fixture.storage.http.request({op: 'bucketPolicyStatus', method: 'GET', bucket: missing, query: 'policyStatus'}), (error: StorageError) => {
      assert.ok(error instanceof StorageError)
      assert.equal(error.code, 'NoSuchBucket')
      assert.equal(error.status, 404)
      assert.match(error.message, /^bucketPolicyStatus \(s3:\/\/gone/)
      return true
    })
    assert.equal(fixture.storage.response?.statusCode, 404)
  })

  it('refuses a 2xx answer that is not the expected document', async () => {
    // A bucket's listing is XML too, but not a <PolicyStatus>: never misread as one.
    await assert.rejects(fixture.storage.http.request({method: 'GET', bucket: fixture.bucket, xmlRoot: 'PolicyStatus'}), {code: 'NotS3Answer'})
  })
})

describe('storage.http retries with the connection policy, logged as every retry', function () {
  this.timeout(120_000)
  const proxied = faultProxyFixture({retry: {limit: 4, interval: 0.01}})
  const fixture = bucketFixture('tr')

  it('retries a 503 SlowDown and a reset, with one -v line each and no secret in them', async () => {
    const env = cliEnv(path.join(tempDir('s3-data-'), 'data'))
    const link = await runCli(['plugins:link', exampleWorkspace(), '--no-install'], {env})
    assert.equal(link.code, 0, link.stderr)
    proxied.proxy.inject({kind: 'status', status: 503, code: 'SlowDown'}, 1)
    proxied.proxy.inject({kind: 'reset'}, 1)
    const result = await runCli(['bucket:policy-status', fixture.bucket, '--json', '-v'], {cwd: proxied.configDir, env})
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(JSON.parse(result.stdout), {bucket: fixture.bucket, isPublic: false})
    const retries = result.stderr.split('\n').filter((line) => line.includes('retry '))
    assert.equal(retries.length, 2, result.stderr)
    assert.match(retries[0], new RegExp(`retry 1/3 of bucketPolicyStatus GET s3://${fixture.bucket} in \\d+\\.\\ds: SlowDown$`))
    assert.match(retries[1], /retry 2\/3 of bucketPolicyStatus GET .* ECONNRESET$/)
    const secret = process.env.S3_TEST_SECRET_ACCESS_KEY
    if (secret) assert.ok(!result.stderr.includes(secret), 'a secret in the log')
    assert.ok(!/Signature=|authorization/i.test(result.stderr), result.stderr)
  })
})

describe('plugins: the example bucket:policy-status plugin (storage.http)', function () {
  this.timeout(120_000)
  const fixture = bucketFixture('tq')
  let env: NodeJS.ProcessEnv

  before(async () => {
    env = cliEnv(path.join(tempDir('s3-data-'), 'data'))
    const link = await runCli(['plugins:link', exampleWorkspace(), '--no-install'], {env})
    assert.equal(link.code, 0, link.stderr)
  })

  const status = (...args: string[]) => runCli(['bucket:policy-status', ...args], {cwd: fixture.configDir, env})

  it('answers from S3: not public, then public once a policy lets anyone read', async () => {
    const before = await status(fixture.bucket, '--json')
    assert.equal(before.code, 0, before.stderr)
    assert.deepEqual(JSON.parse(before.stdout), {bucket: fixture.bucket, isPublic: false})
    await fixture.storage.bucketSetPolicy(fixture.bucket, publicPolicy(fixture.bucket))
    const after = await status('-b', fixture.bucket)
    assert.equal(after.code, 0, after.stderr)
    assert.equal(after.stdout, `public\ts3://${fixture.bucket}\n`)
  })

  it('has the exit codes and one-line errors of built-in commands', async () => {
    const missing = await status(uniqueBucket('gone'))
    assert.equal(missing.code, 4)
    assert.match(missing.stderr, /^s3: error: .*NoSuchBucket/)
    assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr)
    const noConfig = await runCli(['bucket:policy-status', fixture.bucket], {cwd: tempDir(), env})
    assert.equal(noConfig.code, 3, noConfig.stderr)
  })
})
