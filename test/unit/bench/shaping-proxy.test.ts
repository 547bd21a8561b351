import assert from 'node:assert/strict'
import {type ChildProcess, spawn} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {once} from 'node:events'
import net from 'node:net'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const MiB = 1024 * 1024

/** Starts the proxy in front of `port`; resolves with it and the port it listens on. */
async function startProxy(args: string[]): Promise<{proxy: ChildProcess; port: number}> {
  const proxy = spawn(process.execPath, ['--import', 'tsx', 'bench/shaping-proxy.ts', ...args], {cwd: REPO, stdio: ['ignore', 'pipe', 'pipe']})
  const [line] = await once(proxy.stdout!, 'data') as [Buffer]
  const match = /^127\.0\.0\.1:(\d+)\n$/.exec(line.toString())
  assert.ok(match, `the proxy printed '${line}'`)
  return {proxy, port: Number(match[1])}
}

/** A loopback server: each connection gets `handle`; resolves with its port. */
async function tcpServer(handle: (socket: net.Socket) => void): Promise<net.Server> {
  const server = net.createServer({allowHalfOpen: true}, handle)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return server
}

function portOf(server: net.Server): number {
  return (server.address() as net.AddressInfo).port
}

describe('shaping proxy (a real TCP proxy on loopback)', function () {
  this.timeout(20_000)
  const cleanup: (() => void)[] = []
  afterEach(() => cleanup.splice(0).forEach((stop) => stop()))

  it('passes a download through unchanged, no faster than the rate', async () => {
    const payload = randomBytes(3 * MiB)
    const server = await tcpServer((socket) => socket.end(payload))
    const {proxy, port} = await startProxy(['--target', `127.0.0.1:${portOf(server)}`, '--rate', '12MiB', '--delay-ms', '20'])
    cleanup.push(() => server.close(), () => proxy.kill())
    const started = performance.now()
    const client = net.connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    client.on('data', (chunk: Buffer) => chunks.push(chunk))
    await once(client, 'end')
    const elapsed = performance.now() - started
    assert.ok(Buffer.concat(chunks).equals(payload), 'the bytes arrive whole and in order')
    // 3 MiB at 12 MiB/s: 250 ms of sending plus one 20 ms delay, at least.
    assert.ok(elapsed >= 260, `took ${elapsed.toFixed(0)} ms`)
  })

  it('passes an upload through and carries its end (half close) to the server, which can still answer', async () => {
    const payload = randomBytes(2 * MiB)
    const received: Buffer[] = []
    const server = await tcpServer((socket) => {
      socket.on('data', (chunk: Buffer) => received.push(chunk))
      socket.on('end', () => socket.end(`got ${Buffer.concat(received).length}`))
    })
    const {proxy, port} = await startProxy(['--target', `127.0.0.1:${portOf(server)}`, '--rate', '4MiB', '--delay-ms', '5'])
    cleanup.push(() => server.close(), () => proxy.kill())
    const started = performance.now()
    const client = net.connect({port, host: '127.0.0.1', allowHalfOpen: true})
    client.end(payload)
    let answer = ''
    client.on('data', (chunk: Buffer) => {
      answer += chunk.toString()
    })
    await once(client, 'end')
    const elapsed = performance.now() - started
    assert.equal(answer, `got ${2 * MiB}`)
    assert.ok(Buffer.concat(received).equals(payload))
    assert.ok(elapsed >= 500, `took ${elapsed.toFixed(0)} ms: faster than 4 MiB/s`)
  })

  it('refuses a target off loopback in one line, exit 2', async () => {
    const proxy = spawn(process.execPath, ['--import', 'tsx', 'bench/shaping-proxy.ts', '--target', '10.0.0.1:80'], {cwd: REPO})
    let stderr = ''
    proxy.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const [code] = await once(proxy, 'exit') as [number]
    assert.equal(code, 2)
    assert.equal(stderr, "shaping-proxy: --target must be on loopback, not '10.0.0.1'\n")
  })
})
