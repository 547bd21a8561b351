/**
 * A proxy in front of the real S3 server that injects faults, so retry and timeout behaviour
 * is tested against real S3 answers: every request is forwarded unchanged (the Host header
 * too, so signatures stay valid) unless a queued fault matches it.
 */
import http from 'node:http'
import type {AddressInfo, Socket} from 'node:net'
import {Readable, Transform} from 'node:stream'

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
  /** Read `afterBytes` of the request body, then reset without forwarding (a reset during an upload). */
  | {kind: 'reset-mid-request'; afterBytes: number}
  /** Read the whole request body, then reset without forwarding (a reset after the upload, before any answer). */
  | {kind: 'reset-after-request'}
  /** Forward, send the answer's headers, then close the connection without a body. */
  | {kind: 'close-after-headers'}
  /** Forward, inverting the byte of the response body at `offset` (taken modulo the body's length). */
  | {kind: 'flip'; offset: number}
  /** Forward, holding back the answer's headers and each of its first body chunks `delayMs` (a slow link). */
  | {kind: 'slow'; delayMs: number}
  /** Forward, then answer a 206 as a 200 without Content-Range: a server that ignores Range. */
  | {kind: 'ignore-range'}
  /** Forward (the server executes it), then answer with the previous listing answer again: a listing page repeated. */
  | {kind: 'repeat-page'}
  /** Forward, then take the way on (NextContinuationToken, NextMarker, NextKeyMarker...) out of a truncated listing answer. */
  | {kind: 'drop-continuation'}
  /** Forward, then answer the body `rewrite` makes of the answer's text (a key outside the prefix, a page going backwards). */
  | {kind: 'rewrite'; rewrite: (body: string) => string}
  /** Forward, then send only the first `afterBytes` of the response body and close the connection cleanly (FIN, not a reset). */
  | {kind: 'short-close'; afterBytes: number}
  /** Forward, then re-send the answer chunked, without Content-Length, ending cleanly after `afterBytes` of its body. */
  | {kind: 'chunked-short'; afterBytes: number}

/** Random faults: each request is disturbed with probability `rate`, by one of the faults `candidates` gives it. */
export interface RandomFaults {
  rate: number
  seed: number
  /** The faults that suit this request (none: it passes untouched); `random` draws their parameters. */
  candidates: (req: http.IncomingMessage, random: () => number) => Fault[]
}

/** mulberry32: a small seeded PRNG, so a run's sequence of faults can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface QueuedFault {
  fault: Fault
  match: (req: http.IncomingMessage) => boolean
  remaining: number
}

export class FaultProxy {
  /** Every request: method, url, time, the fault it met, and its headers (lower-case names, as Node gives them). */
  readonly seen: {method: string; url: string; at: number; fault?: Fault['kind']; headers: http.IncomingHttpHeaders}[] = []
  private readonly queue: QueuedFault[] = []
  private readonly sockets = new Set<Socket>()
  private readonly upstreamAgent = new http.Agent({keepAlive: true})
  private randomMode?: {rate: number; random: () => number; candidates: RandomFaults['candidates']}
  private server?: http.Server
  private upstream!: URL
  /** The last listing answer passed on, for 'repeat-page'. */
  private lastListing?: BufferedAnswer

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
    this.randomMode = undefined
  }

  /** Disturbs requests at random from now on (queued faults still come first); `clear()` ends it. */
  randomFaults(options: RandomFaults): void {
    this.randomMode = {rate: options.rate, random: seededRandom(options.seed), candidates: options.candidates}
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    this.upstreamAgent.destroy() // idle keep-alive sockets to the server would hold the process open
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  private takeFault(req: http.IncomingMessage): Fault | undefined {
    const entry = this.queue.find((q) => q.remaining > 0 && q.match(req))
    if (!entry) return undefined
    entry.remaining--
    return entry.fault
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const fault = this.takeFault(req) ?? this.drawFault(req)
    this.seen.push({method: req.method ?? '', url: req.url ?? '', at: Date.now(), fault: fault?.kind, headers: req.headers})
    if (fault?.kind === 'reset') {
      req.socket.resetAndDestroy()
      return
    }
    if (fault?.kind === 'reset-mid-request' || fault?.kind === 'reset-after-request') {
      this.resetDuringRequest(req, fault.kind === 'reset-mid-request' ? fault.afterBytes : Infinity)
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
      agent: this.upstreamAgent,
      host: this.upstream.hostname, port: this.upstream.port, method: req.method, path: req.url, headers: req.headers,
    }, (upstreamRes) => {
      if (fault?.kind === 'lost') {
        upstreamRes.resume()
        upstreamRes.on('end', () => req.socket.resetAndDestroy())
        return
      }
      if (fault?.kind === 'ignore-range' && upstreamRes.statusCode === 206) {
        upstreamRes.statusCode = 200
        delete upstreamRes.headers['content-range']
      }
      if (fault?.kind === 'slow') {
        this.answerSlowly(upstreamRes, res, fault.delayMs)
        return
      }
      if (fault?.kind === 'chunked-short') {
        answerChunkedShort(upstreamRes, res, fault.afterBytes)
        return
      }
      if (isListing(req) && (upstreamRes.statusCode ?? 0) < 300) {
        void this.answerListing(upstreamRes, res, fault)
        return
      }
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers)
      if (fault?.kind === 'stall' || fault?.kind === 'cut' || fault?.kind === 'short-close') this.truncate(upstreamRes, res, fault)
      else if (fault?.kind === 'close-after-headers') closeAfterHeaders(upstreamRes, res)
      else if (fault?.kind === 'flip') upstreamRes.pipe(flipByte(fault.offset, Number(upstreamRes.headers['content-length'] ?? 0))).pipe(res)
      else upstreamRes.pipe(res)
    })
    upstreamReq.on('error', () => req.socket.destroy())
    req.pipe(upstreamReq)
  }

  /** Buffers a listing answer (kept for 'repeat-page'), and answers it as the fault says. */
  private async answerListing(from: http.IncomingMessage, to: http.ServerResponse, fault: Fault | undefined): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of from) chunks.push(chunk as Buffer)
    // Sent with its Content-Length (RGW sends listings chunked): the body may be rewritten.
    let answer = withBody({status: from.statusCode ?? 502, headers: from.headers, body: Buffer.alloc(0)}, Buffer.concat(chunks).toString('utf8'))
    if (fault?.kind === 'repeat-page' && this.lastListing) answer = this.lastListing
    else if (fault?.kind === 'drop-continuation') answer = withBody(answer, dropContinuation(answer.body.toString('utf8')))
    else if (fault?.kind === 'rewrite') answer = withBody(answer, fault.rewrite(answer.body.toString('utf8')))
    else this.lastListing = answer
    if (fault?.kind === 'stall' || fault?.kind === 'cut' || fault?.kind === 'close-after-headers' || fault?.kind === 'flip') {
      // The byte-level faults act on the answer as it streams: replay it through them.
      const replay = Readable.from([answer.body]) as unknown as http.IncomingMessage
      to.writeHead(answer.status, answer.headers)
      if (fault.kind === 'stall' || fault.kind === 'cut') this.truncate(replay, to, fault)
      else if (fault.kind === 'close-after-headers') closeAfterHeaders(replay, to)
      else replay.pipe(flipByte(fault.offset, answer.body.length)).pipe(to)
      return
    }
    to.writeHead(answer.status, answer.headers)
    to.end(answer.body)
  }

  /** The fault random mode gives this request, if it is one of the `rate` disturbed. */
  private drawFault(req: http.IncomingMessage): Fault | undefined {
    const mode = this.randomMode
    if (!mode || mode.random() >= mode.rate) return undefined
    const candidates = mode.candidates(req, mode.random)
    return candidates.length ? candidates[Math.floor(mode.random() * candidates.length)] : undefined
  }

  /** Reads the request body up to `afterBytes` (or its end), then resets: nothing reaches the server. */
  private resetDuringRequest(req: http.IncomingMessage, afterBytes: number): void {
    let received = 0
    const reset = () => req.socket.resetAndDestroy()
    req.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received >= afterBytes) reset()
    })
    req.on('end', reset)
  }

  /** Holds the headers back `delayMs`, then sends the first body chunks `delayMs` apart and the rest at once. */
  private answerSlowly(from: http.IncomingMessage, to: http.ServerResponse, delayMs: number): void {
    from.pause()
    let slowChunks = 4
    setTimeout(() => {
      to.writeHead(from.statusCode ?? 502, from.headers)
      from.on('data', (chunk: Buffer) => {
        to.write(chunk)
        if (slowChunks-- <= 0) return
        from.pause()
        setTimeout(() => from.resume(), delayMs)
      })
      from.on('end', () => to.end())
      from.resume()
    }, delayMs)
  }

  private truncate(from: http.IncomingMessage, to: http.ServerResponse, fault: {kind: 'stall' | 'cut' | 'short-close'; afterBytes: number}): void {
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
        if (fault.kind === 'short-close') to.socket?.end()
      }
    })
  }
}

interface BufferedAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/** A GET of a listing: of keys (ListObjects v1 or v2), versions or multipart uploads. */
function isListing(req: http.IncomingMessage): boolean {
  const [pathPart, query = ''] = (req.url ?? '').split('?')
  const bucket = pathPart.replace(/^\/+|\/+$/g, '')
  if (req.method !== 'GET' || bucket === '' || bucket.includes('/')) return false
  return [...new URLSearchParams(query).keys()].every((name) => LISTING_QUERY.has(name))
}

const LISTING_QUERY = new Set(['list-type', 'versions', 'uploads', 'prefix', 'delimiter', 'marker', 'max-keys', 'encoding-type', 'fetch-owner',
  'continuation-token', 'start-after', 'key-marker', 'version-id-marker', 'upload-id-marker', 'max-uploads'])

function withBody(answer: BufferedAnswer, text: string): BufferedAnswer {
  const body = Buffer.from(text, 'utf8')
  const headers = {...answer.headers, 'content-length': String(body.length)}
  delete headers['transfer-encoding']
  return {...answer, headers, body}
}

/** A truncated listing with nowhere to go on: every Next... element (token, markers) removed. */
function dropContinuation(text: string): string {
  return text.replace(/<(NextContinuationToken|NextMarker|NextKeyMarker|NextVersionIdMarker|NextUploadIdMarker)>[^<]*<\/\1>/g, '')
}

/** The answer's headers without Content-Length (so Node sends it chunked), then `afterBytes` of its body, then a clean end. */
function answerChunkedShort(from: http.IncomingMessage, to: http.ServerResponse, afterBytes: number): void {
  const headers = {...from.headers}
  delete headers['content-length']
  delete headers['transfer-encoding']
  to.writeHead(from.statusCode ?? 502, headers)
  let sent = 0
  from.on('data', (chunk: Buffer) => {
    if (sent >= afterBytes) return
    const part = chunk.subarray(0, afterBytes - sent)
    sent += part.length
    to.write(part)
    if (sent >= afterBytes) {
      from.destroy()
      to.end()
    }
  })
  from.on('end', () => to.end())
}

/** Sends the headers alone, then closes the connection: the client sees the body end before it began. */
function closeAfterHeaders(from: http.IncomingMessage, to: http.ServerResponse): void {
  from.destroy()
  to.flushHeaders()
  setImmediate(() => to.socket?.destroy())
}

/** Inverts the body's byte at `offset` (modulo `length` when the length is known). */
function flipByte(offset: number, length: number): Transform {
  const at = length > 0 ? offset % length : offset
  let passed = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (at >= passed && at < passed + chunk.length) {
        chunk = Buffer.from(chunk)
        chunk[at - passed] ^= 0xff
      }
      passed += chunk.length
      done(null, chunk)
    },
  })
}
