import assert from 'node:assert/strict'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {Readable} from 'node:stream'
import {Transport} from '../../../src/lib/transport.js'

/** A local server with one behaviour per path: the failures retry.ts must see by their codes. */
function startServer(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      switch (req.url) {
        case '/echo': return void res.end(JSON.stringify({method: req.method, length: req.headers['content-length'], body: Buffer.concat(chunks).toString()}))
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

  it('reports a body cut short as ECONNRESET', async () => {
    await assert.rejects(transport.send({method: 'GET', url: url('/cut'), headers: {}}), {code: 'ECONNRESET'})
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
