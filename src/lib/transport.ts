/**
 * One HTTP exchange over got: keep-alive sockets, connect and idle timeouts (a connection
 * that goes silent mid-body fails instead of hanging), no redirects, no decompression,
 * no got-level retries (retry.ts owns retries), through a proxy when one applies (hpagent,
 * keep-alive kept), TLS checked against the given authorities. Nothing here knows about S3.
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

type Got = typeof import('got').default
let gotPromise: Promise<Got> | undefined
// got is heavy: load it on the first request, not when the CLI starts.
const loadGot = (): Promise<Got> => (gotPromise ??= import('got').then((m) => m.default))

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

  private async gotOptions(req: HttpRequest) {
    const ms = this.options.timeoutSeconds * 1000
    return {
      method: req.method as 'GET',
      headers: req.headers,
      body: req.body,
      agent: await this.agentsFor(req.url),
      https: {certificateAuthority: this.options.ca, rejectUnauthorized: this.options.rejectUnauthorized !== false},
      throwHttpErrors: false,
      followRedirect: false,
      decompress: false,
      retry: {limit: 0},
      timeout: {connect: ms, socket: ms},
      signal: req.signal,
    }
  }

  /** Sends the request and buffers the whole response body. */
  async send(req: HttpRequest): Promise<S3Response> {
    const got = await loadGot()
    try {
      const res = await got(req.url, {...await this.gotOptions(req), responseType: 'buffer'})
      return {statusCode: res.statusCode, headers: res.headers, body: res.rawBody ?? Buffer.alloc(0), method: req.method, url: req.url.toString()}
    } finally {
      // A stream body belongs to this try: release its file reads whether or not it was sent.
      if (req.body instanceof Readable) req.body.destroy()
    }
  }

  /** Sends the request and resolves once the response headers arrive; the body is left to stream. */
  async open(req: HttpRequest): Promise<{response: S3Response; body: Readable}> {
    const got = await loadGot()
    const stream = got.stream(req.url, {...await this.gotOptions(req), isStream: true})
    return new Promise((resolve, reject) => {
      stream.once('error', reject)
      stream.once('response', (res: http.IncomingMessage) => {
        stream.off('error', reject)
        const response = {statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0), method: req.method, url: req.url.toString()}
        resolve({response, body: stream as unknown as Readable})
      })
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
