/**
 * A server that is not S3 must not look like success: a plain web server answering an HTML
 * page with 200 to every request (a wrong endpoint, a captive portal) makes every command
 * fail with "not an S3 answer from <endpoint>" and exit 9, and nothing is written.
 */
import assert from 'node:assert/strict'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {readdirSync} from 'node:fs'
import path from 'node:path'
import {EXIT} from '../../src/exit-codes.js'
import {NOT_S3_ANSWER, StorageError} from '../../src/lib/errors.js'
import {S3Name} from '../../src/lib/types.js'
import {makeStorage, runCli, tempDir, writeConfig} from '../support/fixtures.js'

const PAGE = '<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>\n'

/** A loopback web server answering PAGE with 200 to every method and path. */
async function startWebServer(): Promise<{endpoint: string; requests: string[]; stop: () => Promise<void>}> {
  const requests: string[] = []
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`)
    req.resume()
    res.writeHead(200, {'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(PAGE)})
    res.end(req.method === 'HEAD' ? undefined : PAGE)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {endpoint, requests, stop: () => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })}
}

describe('a server that is not S3', function () {
  this.timeout(60_000)
  let web: Awaited<ReturnType<typeof startWebServer>>
  let dir: string
  let notS3: RegExp

  before(async () => {
    web = await startWebServer()
    dir = tempDir('s3-not-s3-')
    await writeConfig(dir, {endpoint: web.endpoint})
    notS3 = new RegExp(`not an S3 answer from ${web.endpoint.replace(/[.]/g, '\\.')}: `)
  })

  after(async () => {
    await web.stop()
  })

  /** Runs the CLI from the config's folder and checks the failure: the message, exit 9, nothing on stdout. */
  async function expectNotS3(args: string[]): Promise<string> {
    const before = web.requests.length
    const result = await runCli(args, {cwd: dir})
    assert.equal(result.code, EXIT.NOT_S3, `exit code of ${args.join(' ')}: ${result.stderr}`)
    assert.match(result.stderr, notS3)
    assert.equal(result.stderr.trim().split('\n').length, 1, 'one line on stderr')
    assert.equal(result.stdout, '', 'nothing on stdout')
    assert.ok(web.requests.length > before, 'the request reached the web server')
    return result.stderr
  }

  it('bucket:list fails instead of printing an empty list', async () => {
    const stderr = await expectNotS3(['bucket:list', '--json'])
    assert.match(stderr, /text\/html/)
  })

  it('object:get fails and leaves no file behind', async () => {
    const stderr = await expectNotS3(['object:get', 's3://some-bucket/page.txt', 'page.txt'])
    assert.match(stderr, /without an ETag/)
    assert.deepEqual(readdirSync(dir).sort(), ['s3.yaml'], 'no file and no temp file in the folder')
  })

  it('object:get to stdout writes nothing', async () => {
    await expectNotS3(['object:get', 's3://some-bucket/page.txt', '-'])
  })

  it('bucket:get-cors fails instead of printing the page as a configuration', async () => {
    await expectNotS3(['bucket:get-cors', 'some-bucket'])
  })

  it('object:exists fails instead of answering true', async () => {
    await expectNotS3(['object:exists', 's3://some-bucket/page.txt'])
  })

  it('the library raises NotS3Answer, naming the endpoint, and does not retry', async () => {
    const storage = await makeStorage('owner', {endpoint: web.endpoint})
    try {
      const before = web.requests.length
      await assert.rejects(async () => {
        for await (const bucket of storage.bucketList()) assert.fail(`listed ${bucket.name}`)
      }, (error: unknown) => error instanceof StorageError && error.code === NOT_S3_ANSWER && notS3.test(error.message))
      assert.equal(web.requests.length - before, 1, 'one request: an answer that is not S3 is not retried')
      await assert.rejects(storage.read(new S3Name('page.txt', 'some-bucket'), path.join(dir, 'page.txt')), {code: NOT_S3_ANSWER})
      await assert.rejects(storage.bucketCreate('some-bucket'), {code: NOT_S3_ANSWER})
      assert.deepEqual(readdirSync(dir).sort(), ['s3.yaml'])
    } finally {
      storage.close()
    }
  })
})
