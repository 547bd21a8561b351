/**
 * Proxies and TLS trust: HTTP_PROXY / http_proxy through a loopback forward proxy the test
 * starts (keep-alive kept), NO_PROXY going direct; a CA bundle (ca_bundle, AWS_CA_BUNDLE) that
 * makes a self-signed server trusted, and the insecure opt-out with its warning.
 */
import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import {bucketFixture, runCli, tempDir, writeConfig} from '../support/fixtures.js'

/** A plain forward proxy for http:// targets: counts the requests and the client connections it saw. */
async function forwardProxy() {
  const seen = {requests: 0, connections: 0}
  const server = http.createServer((req, res) => {
    seen.requests++
    const target = new URL(req.url!)
    const upstream = http.request(target, {method: req.method, headers: req.headers}, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  server.on('connection', () => seen.connections++)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close()}
}

describe('proxies and TLS trust', function () {
  this.timeout(180_000)
  const fixture = bucketFixture('proxy')

  describe('HTTP_PROXY / NO_PROXY', () => {
    let proxy: Awaited<ReturnType<typeof forwardProxy>>
    before(async () => {
      proxy = await forwardProxy()
    })
    after(() => proxy.close())

    it('sends every request through the proxy, keeping connections alive', async () => {
      const dir = fixture.configDir
      writeFileSync(path.join(dir, 'twelve.bin'), Buffer.alloc(12 * 1024 * 1024, 7))
      const before = {...proxy.seen}
      const r = await runCli(['object:put', 'twelve.bin', `s3://${fixture.bucket}/twelve.bin`, '--multipart-threshold', '5MiB', '--part-size', '5MiB'],
        {cwd: dir, env: {HTTP_PROXY: proxy.url}})
      assert.equal(r.code, 0, r.stderr)
      const requests = proxy.seen.requests - before.requests
      const connections = proxy.seen.connections - before.connections
      assert.ok(requests >= 5, `initiate, 3 parts, complete: ${requests}`)
      assert.ok(connections < requests, `keep-alive: ${connections} connections for ${requests} requests`)
    })

    it('honours the lower-case form, and NO_PROXY goes direct', async () => {
      let before = proxy.seen.requests
      const lower = await runCli(['bucket:list'], {cwd: fixture.configDir, env: {http_proxy: proxy.url}})
      assert.equal(lower.code, 0, lower.stderr)
      assert.equal(proxy.seen.requests, before + 1)
      before = proxy.seen.requests
      const direct = await runCli(['bucket:list'], {cwd: fixture.configDir, env: {HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1'}})
      assert.equal(direct.code, 0, direct.stderr)
      assert.equal(proxy.seen.requests, before, 'NO_PROXY: not through the proxy')
    })

    it('a proxy that is down is a network error (exit 6): the proxy is really used', async () => {
      const dir = tempDir()
      await writeConfig(dir, {retry: {limit: 1}})
      const r = await runCli(['bucket:list'], {cwd: dir, env: {HTTP_PROXY: 'http://127.0.0.1:9'}})
      assert.equal(r.code, 6, r.stderr)
    })
  })

  describe('TLS trust', () => {
    let server: https.Server
    let dir: string
    let endpoint: string

    before(async () => {
      dir = tempDir()
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
        '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {stdio: 'ignore'})
      server = https.createServer({key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem'))}, (_req, res) => {
        res.writeHead(200, {'content-type': 'application/xml'})
        res.end('<ListAllMyBucketsResult><Buckets><Bucket><Name>trusted</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>')
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
    })
    after(() => server.close())

    async function list(extra: Record<string, unknown>, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
      const cwd = tempDir()
      await writeConfig(cwd, {endpoint, retry: {limit: 1}, ...extra})
      return runCli(['bucket:list', ...args], {cwd, env})
    }

    it('refuses a self-signed server without its CA (exit 6), trusts it with ca_bundle or AWS_CA_BUNDLE', async () => {
      const refused = await list({})
      assert.equal(refused.code, 6, refused.stderr)
      const key = await list({ca_bundle: path.join(dir, 'cert.pem')})
      assert.equal(key.code, 0, key.stderr)
      assert.match(key.stdout, /trusted/)
      const env = await list({}, [], {AWS_CA_BUNDLE: path.join(dir, 'cert.pem')})
      assert.equal(env.code, 0, env.stderr)
      const missing = await list({ca_bundle: path.join(dir, 'nope.pem')})
      assert.equal(missing.code, 3, missing.stderr)
      assert.match(missing.stderr, /^s3: error: .*ca_bundle .*nope\.pem: cannot read it \(ENOENT\)/)
    })

    it('--no-verify-ssl and verify_ssl: false accept any certificate, with a warning each time', async () => {
      for (const r of [await list({}, ['--no-verify-ssl']), await list({verify_ssl: false})]) {
        assert.equal(r.code, 0, r.stderr)
        assert.match(r.stdout, /trusted/)
        assert.match(r.stderr, /^s3: warning: TLS certificate checks are off \((flag --no-verify-ssl|.*s3\.yaml)\)/)
      }
    })
  })
})
