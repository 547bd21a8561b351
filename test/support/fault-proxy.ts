/**
 * A proxy in front of the real S3 server that injects faults, so retry and timeout behaviour
 * is tested against real S3 answers: every request is forwarded unchanged (the Host header
 * too, so signatures stay valid) unless a queued fault matches it.
 */
import http from 'node:http'
import type {AddressInfo, Socket} from 'node:net'

export type Fault =
  /** Close the connection as soon as the request arrives (ECONNRESET at the client). */
  | {kind: 'reset'}
  /** Answer with this status and an S3 error document, without forwarding. */
  | {kind: 'status'; status: number; code: string}
  /** Forward, then send only the first `afterBytes` of the response body and go silent. */
  | {kind: 'stall'; afterBytes: number}
  /** Forward, then send only the first `afterBytes` of the response body and reset. */
  | {kind: 'cut'; afterBytes: number}
  /** Forward and let the server execute the request, then reset instead of answering (a lost answer). */
  | {kind: 'lost'}

interface QueuedFault {
  fault: Fault
  match: (req: http.IncomingMessage) => boolean
  remaining: number
}

export class FaultProxy {
  readonly seen: {method: string; url: string; at: number; fault?: Fault['kind']}[] = []
  private readonly queue: QueuedFault[] = []
  private readonly sockets = new Set<Socket>()
  private server?: http.Server
  private upstream!: URL

  /** Starts on a free loopback port in front of `upstream`; returns the proxy's endpoint. */
  async start(upstream: string): Promise<string> {
    this.upstream = new URL(upstream)
    this.server = http.createServer((req, res) => this.handle(req, res))
    this.server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  /** Queues `fault` for the next `times` requests matching `match` (default: any). */
  inject(fault: Fault, times = 1, match: (req: http.IncomingMessage) => boolean = () => true): void {
    this.queue.push({fault, match, remaining: times})
  }

  clear(): void {
    this.queue.length = 0
    this.seen.length = 0
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  private takeFault(req: http.IncomingMessage): Fault | undefined {
    const entry = this.queue.find((q) => q.remaining > 0 && q.match(req))
    if (!entry) return undefined
    entry.remaining--
    return entry.fault
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const fault = this.takeFault(req)
    this.seen.push({method: req.method ?? '', url: req.url ?? '', at: Date.now(), fault: fault?.kind})
    if (fault?.kind === 'reset') {
      req.socket.resetAndDestroy()
      return
    }
    if (fault?.kind === 'status') {
      req.resume()
      const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault.code}</Code><Message>injected by the test proxy</Message><RequestId>proxy</RequestId></Error>`
      res.writeHead(fault.status, {'content-type': 'application/xml', 'content-length': Buffer.byteLength(body)})
      res.end(body)
      return
    }
    const upstreamReq = http.request({
      host: this.upstream.hostname, port: this.upstream.port, method: req.method, path: req.url, headers: req.headers,
    }, (upstreamRes) => {
      if (fault?.kind === 'lost') {
        upstreamRes.resume()
        upstreamRes.on('end', () => req.socket.resetAndDestroy())
        return
      }
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers)
      if (fault?.kind === 'stall' || fault?.kind === 'cut') this.truncate(upstreamRes, res, fault)
      else upstreamRes.pipe(res)
    })
    upstreamReq.on('error', () => req.socket.destroy())
    req.pipe(upstreamReq)
  }

  private truncate(from: http.IncomingMessage, to: http.ServerResponse, fault: {kind: 'stall' | 'cut'; afterBytes: number}): void {
    let sent = 0
    from.on('data', (chunk: Buffer) => {
      if (sent >= fault.afterBytes) return
      const part = chunk.subarray(0, fault.afterBytes - sent)
      sent += part.length
      to.write(part)
      if (sent >= fault.afterBytes) {
        from.destroy()
        // 'stall' leaves the socket open and silent; the client's idle timeout must notice.
        if (fault.kind === 'cut') to.socket?.resetAndDestroy()
      }
    })
  }
}
