import assert from 'node:assert/strict'
import {ACCESS_KEY, cliSandbox, SECRET_KEY} from '../in-process.js'

describe('object:presign (in process, no server)', () => {
  const cli = cliSandbox()

  it('prints a presigned URL with the given expiry and no secret, sending nothing', async () => {
    const {stdout, stderr, exitCode} = await cli.run('object:presign', 's3://bucket/key', '--expires', '60', '--config', cli.config)
    assert.equal(exitCode, 0)
    assert.equal(stderr, '')
    const url = new URL(stdout.trim())
    assert.equal(url.pathname, '/bucket/key')
    assert.equal(url.searchParams.get('X-Amz-Expires'), '60')
    assert.equal(url.searchParams.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256')
    assert.match(url.searchParams.get('X-Amz-Credential') ?? '', new RegExp(`^${ACCESS_KEY}/\\d{8}/us-east-1/s3/aws4_request$`))
    assert.match(url.searchParams.get('X-Amz-Signature') ?? '', /^[0-9a-f]{64}$/)
    assert.ok(!stdout.includes(SECRET_KEY), 'the secret key is not printed')
    assert.equal(cli.connections(), 0)
  })

  it('answers --json with the URL, method and remote', async () => {
    const {stdout, exitCode} = await cli.run('object:presign', 's3://bucket/dir/key', '--method', 'PUT', '--json', '--config', cli.config)
    assert.equal(exitCode, 0)
    const record = JSON.parse(stdout)
    assert.equal(record.method, 'PUT')
    assert.equal(record.bucket, 'bucket')
    assert.equal(record.key, 'dir/key')
    assert.equal(new URL(record.url).searchParams.get('X-Amz-Expires'), '3600', 'an hour by default')
  })

  it('refuses an expiry beyond 7 days as a usage error (exit 2)', async () => {
    const {exitCode, stderr} = await cli.run('object:presign', 's3://bucket/key', '--expires', '604801', '--config', cli.config)
    assert.equal(exitCode, 2)
    assert.match(stderr, /^s3: error: .*604800/)
  })
})
