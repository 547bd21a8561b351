import assert from 'node:assert/strict'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {Readable} from 'node:stream'
import {gzipSync} from 'node:zlib'
import {nodeError, Transport} from '../../../../src/lib/http/transport.js'

/** A local server with one behaviour per path: the failures retry.ts must see by their codes. */
function startServer(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      switch (req.url) {
        case '/echo': return void res.end(JSON.stringify({method: req.method, length: req.headers['content-length'], body: Buffer.concat(chunks).toString()}))
        case '/headers': return void res.end(JSON.stringify(req.headers))
        case '/gzip': res.writeHead(200, {'content-encoding': 'gzip'}); return void res.end(gzipSync('plain'))
        case '/moved': res.writeHead(301, {location: '/echo'}); return void res.end('moved')
        case '/cut': res.writeHead(200, {'content-length': '1000'}); res.write('x'.repeat(100)); return void setTimeout(() => res.socket?.destroy(), 20)
        case '/stall': res.writeHead(200, {'content-length': '1000'}); return void res.write('x'.repeat(100))
        default: // never answers
      }
    })
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

describe('Transport (a local HTTP server)', () => {
  let server: http.Server
  let transport: Transport
  const url = (path: string) => new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`)

  before(async () => {
    server = await startServer()
    transport = new Transport({timeoutSeconds: 0.3, maxSockets: 4})
  })
  after(() => {
    transport.close()
    server.closeAllConnections()
    server.close()
  })

  it('sends buffer and stream bodies, and an empty PUT with content-length 0', async () => {
    const echo = async (body?: Buffer | Readable, headers: Record<string, string> = {}) =>
      JSON.parse((await transport.send({method: 'PUT', url: url('/echo'), headers, body})).body.toString())
    assert.deepEqual(await echo(Buffer.from('abc'), {'content-length': '3'}), {method: 'PUT', length: '3', body: 'abc'})
    assert.deepEqual(await echo(Readable.from([Buffer.from('ab'), Buffer.from('cd')]), {'content-length': '4'}), {method: 'PUT', length: '4', body: 'abcd'})
    assert.deepEqual(await echo(), {method: 'PUT', length: '0', body: ''})
  })

  it('does not follow redirects', async () => {
    const response = await transport.send({method: 'GET', url: url('/moved'), headers: {}})
    assert.equal(response.statusCode, 301)
    assert.equal(response.body.toString(), 'moved')
  })

  it('reports a body cut short as ECONNRESET, buffered or streamed', async () => {
    await assert.rejects(transport.send({method: 'GET', url: url('/cut'), headers: {}}), {code: 'ECONNRESET'})
    const {body} = await transport.open({method: 'GET', url: url('/cut'), headers: {}})
    await assert.rejects(body.toArray(), {code: 'ECONNRESET'})
  })

  it('signs in got\'s hook, over the headers it is about to send', async () => {
    const sign = (request: {method: string; url: URL; headers: Record<string, string>}) =>
      ({authorization: `${request.method} ${request.url.pathname} ${Object.keys(request.headers).sort().join(',')}`})
    const response = await transport.send({method: 'GET', url: url('/headers'), headers: {'x-amz-meta-a': '1'}, sign})
    const seen = JSON.parse(response.body.toString()) as Record<string, string>
    assert.equal(seen['x-amz-meta-a'], '1')
    assert.match(seen.authorization, /^GET \/headers .*x-amz-meta-a/)
  })

  it('hands over the body as sent: no decompression', async () => {
    const response = await transport.send({method: 'GET', url: url('/gzip'), headers: {}})
    assert.deepEqual(response.body, gzipSync('plain'))
  })

  it('reports a refused connection with Node\'s own error', async () => {
    const closed = http.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const {port} = closed.address() as AddressInfo
    closed.close()
    await assert.rejects(transport.send({method: 'GET', url: new URL(`http://127.0.0.1:${port}/`), headers: {}}), (error: NodeJS.ErrnoException) => {
      assert.equal(error.code, 'ECONNREFUSED')
      assert.equal(error.name, 'Error')
      return true
    })
  })

  it('stops a body mid-stream at an abort of the signal', async () => {
    const controller = new AbortController()
    const {body} = await transport.open({method: 'GET', url: url('/stall'), headers: {}, signal: controller.signal})
    setTimeout(() => controller.abort(), 20)
    await assert.rejects(body.toArray(), {code: 'ABORT_ERR'})
  })

  it('times out with ETIMEDOUT, before the headers and mid-body, buffered or streamed', async () => {
    await assert.rejects(transport.send({method: 'GET', url: url('/silent'), headers: {}}), {code: 'ETIMEDOUT'})
    await assert.rejects(transport.send({method: 'GET', url: url('/stall'), headers: {}}), {code: 'ETIMEDOUT'})
    const {body} = await transport.open({method: 'GET', url: url('/stall'), headers: {}})
    await assert.rejects(body.toArray(), {code: 'ETIMEDOUT'})
  })

  it('fails with the error of a stream body that fails (a file gone), not as a reset', async () => {
    const body = new Readable({read() {
      this.destroy(Object.assign(new Error('gone'), {code: 'ENOENT'}))
    }})
    await assert.rejects(transport.send({method: 'PUT', url: url('/echo'), headers: {'content-length': '4'}, body}), {code: 'ENOENT'})
  })

  it('stops at an abort of the signal', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 20)
    await assert.rejects(transport.send({method: 'GET', url: url('/silent'), headers: {}, signal: controller.signal}), {code: 'ABORT_ERR'})
  })
})

describe('nodeError: got\'s failures in the codes retry.ts reads', () => {
  it('a Content-Length mismatch is a reset; a failed body stream is its own error; a timeout is ETIMEDOUT', async () => {
    const got = await import('got')
    assert.equal(nodeError(got, new got.ReadError(Object.assign(new Error('short'), {code: 'ERR_HTTP_CONTENT_LENGTH_MISMATCH'}), undefined as never), 1000).code, 'ECONNRESET')
    const gone = Object.assign(new Error('gone'), {code: 'ENOENT'})
    assert.equal(nodeError(got, new got.UploadError(gone, undefined as never), 1000), gone)
    assert.equal(nodeError(got, new got.TimeoutError(Object.assign(new Error('t'), {event: 'socket', code: 'ETIMEDOUT'}) as never, {} as never, undefined as never), 2000).code, 'ETIMEDOUT')
    const plain = new Error('not got\'s')
    assert.equal(nodeError(got, plain, 1000), plain)
  })
})
