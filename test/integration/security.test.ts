/**
 * Security: secrets and signatures never reach output or logs (at -v, under DEBUG=*, in
 * successes and failures); a config file others can read is warned about; TLS is verified by
 * default; a user denied by policy is told so with the bucket and key; a key that climbs out
 * of its folder is never written.
 */
import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {chmodSync, existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import https from 'node:https'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import {Readable} from 'node:stream'
import {S3Name} from '../../src/lib/types.js'
import {bucketFixture, type CliResult, runCli, tempDir, testServer, writeConfig} from '../support/fixtures.js'

const MiB = 1024 * 1024

describe('security', function () {
  this.timeout(180_000)
  const fixture = bucketFixture('sec', (storage, bucket) => storage.write(Readable.from([Buffer.from('the object')]), new S3Name('object.txt', bucket)))

  describe('secrets and signatures stay out of output and logs', function () {
    let secret: string
    let dir: string

    before(async () => {
      secret = (await testServer()).owner.secretAccessKey
      dir = fixture.configDir
      writeFileSync(path.join(dir, 'up.bin'), randomBytes(6 * MiB))
    })

    /** Every way a command can print: -v, DEBUG=*, and both together. */
    async function everyVerbosity(args: string[], cwd = dir): Promise<CliResult[]> {
      return [
        await runCli([...args, '-v'], {cwd}),
        await runCli(args, {cwd, env: {DEBUG: '*'}}),
        await runCli([...args, '-v'], {cwd, env: {DEBUG: '*'}}),
      ]
    }

    function assertClean(results: CliResult[], what: string): void {
      for (const r of results) {
        for (const [name, text] of [['stdout', r.stdout], ['stderr', r.stderr]]) {
          assert.ok(!text.includes(secret), `${what}: the secret key is in ${name}`)
          assert.doesNotMatch(text, /Signature=[0-9a-f]{64}|X-Amz-Signature=[0-9a-f]{64}/i, `${what}: a signature is in ${name}`)
          assert.doesNotMatch(text, /authorization:/i, `${what}: an Authorization header is in ${name}`)
        }
      }
    }

    it('in successes: list, put (multipart), get, copy, delete', async () => {
      const b = fixture.bucket
      const runs = [
        ...await everyVerbosity(['bucket:list']),
        ...await everyVerbosity(['object:put', 'up.bin', `s3://${b}/up.bin`, '--multipart-threshold', '5MiB', '--part-size', '5MiB']),
        ...await everyVerbosity(['object:get', `s3://${b}/up.bin`, 'down.bin']),
        ...await everyVerbosity(['object:copy', `s3://${b}/up.bin`, `s3://${b}/copy.bin`]),
        ...await everyVerbosity(['object:delete', `s3://${b}/copy.bin`]),
      ]
      for (const r of runs) assert.equal(r.code, 0, r.stderr)
      assertClean(runs, 'successes')
    })

    it('in failures: a missing key, a wrong secret, a refused connection', async () => {
      const b = fixture.bucket
      const wrong = tempDir()
      const server = await testServer()
      writeFileSync(path.join(wrong, 's3.yaml'), `s3:\n  access_key_id: "${server.owner.accessKeyId}"\n  secret_access_key: "${secret}-but-wrong"\n  endpoint: "${server.endpoint}"\n  retry: {limit: 1}\n`, {mode: 0o600})
      const refused = tempDir()
      await writeConfig(refused, {endpoint: 'http://127.0.0.1:9', retry: {limit: 1, interval: 0}})
      const runs = [
        ...await everyVerbosity(['object:get', `s3://${b}/missing.txt`, 'missing.txt']),
        ...await everyVerbosity(['bucket:list'], wrong),
        ...await everyVerbosity(['bucket:list'], refused),
      ]
      for (const r of runs) assert.notEqual(r.code, 0, r.stdout)
      assertClean(runs, 'failures')
    })

    it('presign prints its URL on stdout only, and nothing of it on stderr', async () => {
      for (const r of await everyVerbosity(['object:presign', `s3://${fixture.bucket}/up.bin`])) {
        assert.equal(r.code, 0, r.stderr)
        assert.match(r.stdout, /X-Amz-Signature=[0-9a-f]{64}/)
        assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret))
        assert.doesNotMatch(r.stderr, /X-Amz-Signature=[0-9a-f]{64}/)
      }
    })
  })

  it('warns once, naming the file and the fix, when others can read a config holding a secret', async () => {
    const dir = tempDir()
    const file = await writeConfig(dir)
    assert.equal((await runCli(['bucket:list'], {cwd: dir})).stderr, '', 'owner-only: no warning')
    chmodSync(file, 0o644)
    const r = await runCli(['bucket:list'], {cwd: dir})
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(r.stderr.trimEnd().split('\n'), [`s3: warning: ${file} holds a secret key and others can read it: run chmod 600 ${file}`])
  })

  it('verifies TLS by default: a self-signed server is refused as a network error (exit 6)', async () => {
    const dir = tempDir()
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
      '-days', '1', '-subj', '/CN=127.0.0.1'], {stdio: 'ignore'})
    const server = https.createServer({key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem'))}, (_req, res) => {
      res.writeHead(200, {'content-type': 'application/xml'})
      res.end('<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      await writeConfig(dir, {endpoint: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, retry: {limit: 1}})
      const r = await runCli(['bucket:list', '--json'], {cwd: dir})
      assert.equal(r.code, 6, r.stderr)
      assert.match(r.stderr, /^s3: error: .*certificate/)
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr)
      assert.equal(r.stdout, '', 'nothing printed as if the answer were trusted')
    } finally {
      server.close()
    }
  })

  it('answers another user, whom no ACL or policy lets in, with AccessDenied (exit 5), naming bucket and key', async function () {
    if (!(await testServer()).other) this.skip()
    const dir = tempDir()
    await writeConfig(dir, {}, 'other')
    const key = `s3://${fixture.bucket}/object.txt`
    const r = await runCli(['object:get', key, 'stolen.txt'], {cwd: dir})
    assert.equal(r.code, 5, r.stderr)
    assert.match(r.stderr, new RegExp(`^s3: error: .*${fixture.bucket}/object\\.txt.*AccessDenied`))
    assert.deepEqual(readdirSync(dir).filter((f) => f !== 's3.yaml'), [], 'no file, not even a partial one')
  })

  it('never writes outside the target folder for a key that climbs out of it', async () => {
    const outer = tempDir()
    const inner = path.join(outer, 'inner')
    execFileSync('mkdir', [inner])
    await writeConfig(inner)
    for (const key of ['a/../../escaped.txt', '../escaped.txt', 'a/./../escaped.txt']) {
      const r = await runCli(['object:get', `s3://${fixture.bucket}/${key}`], {cwd: inner})
      assert.equal(r.code, 2, `${key}: ${r.stderr}`)
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr)
    }
    assert.deepEqual(readdirSync(outer), ['inner'])
    assert.deepEqual(readdirSync(inner), ['s3.yaml'])
    assert.ok(!existsSync(path.join(outer, 'escaped.txt')))
  })
})
