/**
 * One HTTP exchange over Node's own http/https: keep-alive sockets, one timeout for connecting
 * and for silence mid-exchange (a connection that goes quiet mid-body fails instead of hanging),
 * no redirects, no decompression, no retries (retry.ts owns retries), through a proxy when one
 * applies (proxy-agents.ts, keep-alive kept), TLS checked against the given authorities.
 * Nothing here knows about S3. Failures carry Node's error codes (ECONNRESET, EPIPE...), and
 * ETIMEDOUT for a timeout: retry.ts and exit-codes.ts read them.
 */
import http from 'node:http'
import https from 'node:https'
import {Readable} from 'node:stream'

export interface S3Response {
  statusCode: number
  headers: Record<string, string | string[] | undefined>
  /** The whole body for buffered calls; empty when the body was streamed. */
  body: Buffer
  method: string
  url: string
}

export interface HttpRequest {
  method: string
  url: URL
  headers: Record<string, string>
  /** A buffer, or a stream of exactly content-length bytes (opened for this try only). */
  body?: Buffer | Readable
  signal?: AbortSignal
}

export interface TransportOptions {
  /** Seconds a socket may stay silent (connecting or mid-body). */
  timeoutSeconds: number
  maxSockets: number
  /** Certificate authorities to trust instead of Node's own (PEM). */
  ca?: Buffer
  /** False: accept any certificate (the caller warns). Default true. */
  rejectUnauthorized?: boolean
  /** The proxy a URL goes through, or null for a direct connection. */
  proxyFor?: (url: URL) => URL | null
}

type Agents = {http: http.Agent; https: https.Agent}

/** The error of a socket silent for longer than the timeout: ETIMEDOUT, as retries and exit codes expect. */
export function timeoutError(ms: number): NodeJS.ErrnoException {
  return Object.assign(new Error(`no answer for ${ms / 1000}s`), {code: 'ETIMEDOUT'})
}

export class Transport {
  private readonly agents: Agents
  /** Keep-alive agents through each proxy used, by proxy URL: made on first use (hpagent loads only then). */
  private readonly proxyAgents = new Map<string, Promise<Agents>>()

  constructor(private readonly options: TransportOptions) {
    this.agents = {http: new http.Agent(this.agentOptions()), https: new https.Agent(this.agentOptions())}
  }

  private agentOptions() {
    const {maxSockets, ca, rejectUnauthorized} = this.options
    return {keepAlive: true, maxSockets, maxFreeSockets: maxSockets, ca, rejectUnauthorized: rejectUnauthorized !== false}
  }

  /** The agents for this URL: direct, or through its proxy. */
  private async agentsFor(url: URL): Promise<Agents> {
    const proxy = this.options.proxyFor?.(url)
    if (!proxy) return this.agents
    let agents = this.proxyAgents.get(proxy.href)
    if (!agents) {
      agents = import('./proxy-agents.js').then(({proxyAgents}) => proxyAgents(proxy, this.agentOptions()))
      this.proxyAgents.set(proxy.href, agents)
    }
    return agents
  }

  /** Sends the request and buffers the whole response body. */
  async send(req: HttpRequest): Promise<S3Response> {
    try {
      const {response, body} = await this.open(req)
      return {...response, body: Buffer.concat(await body.toArray())}
    } finally {
      // A stream body belongs to this try: release its file reads whether or not it was sent.
      if (req.body instanceof Readable) req.body.destroy()
    }
  }

  /** Sends the request and resolves once the response headers arrive; the body is left to stream. */
  async open(req: HttpRequest): Promise<{response: S3Response; body: Readable}> {
    const isHttps = req.url.protocol === 'https:'
    const agents = await this.agentsFor(req.url)
    const ms = this.options.timeoutSeconds * 1000
    return new Promise((resolve, reject) => {
      // `timeout` arms the socket's idle timer before it connects, so it bounds connecting too.
      const request = (isHttps ? https : http).request(req.url, {
        method: req.method,
        headers: req.headers,
        agent: isHttps ? agents.https : agents.http,
        ca: this.options.ca,
        rejectUnauthorized: this.options.rejectUnauthorized !== false,
        timeout: ms,
        signal: req.signal,
      })
      let answer: http.IncomingMessage | undefined
      // Before the answer, a failure rejects; after it, it ends the body the caller is reading.
      request.on('error', (error) => {
        if (!answer) reject(error)
        else if (!answer.complete) answer.destroy(error)
      })
      request.on('timeout', () => {
        const error = timeoutError(ms)
        answer?.destroy(error)
        request.destroy(error)
      })
      request.once('response', (res: http.IncomingMessage) => {
        answer = res
        const response = {statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0), method: req.method, url: req.url.toString()}
        resolve({response, body: res})
      })
      sendBody(request, req.body)
    })
  }

  /** Closes idle keep-alive sockets so the process can exit promptly. */
  close(): void {
    const destroy = (agents: Agents) => {
      agents.http.destroy()
      agents.https.destroy()
    }
    destroy(this.agents)
    for (const agents of this.proxyAgents.values()) void agents.then(destroy, () => {})
  }
}

/** Writes the body; a stream body that fails (a file gone) fails the request with its own error. */
function sendBody(request: http.ClientRequest, body: Buffer | Readable | undefined): void {
  if (!(body instanceof Readable)) return void request.end(body)
  // Not stream.pipeline: it would abort the request as a reset and lose the file's error code.
  body.once('error', (error) => request.destroy(error))
  request.once('close', () => body.destroy())
  body.pipe(request)
}
