/**
 * One HTTP exchange through got, the project's HTTP client: one got instance per Transport (per
 * connection settings), keep-alive agents, one timeout for connecting and for silence
 * mid-exchange (a connection that goes quiet mid-body fails instead of hanging), no redirects,
 * no decompression, no caching, no got retries (retry.ts owns retries), through a proxy when one
 * applies (proxy-agents.ts, keep-alive kept), TLS checked against the given authorities. SigV4
 * signing runs as got's beforeRequest hook, over the headers got is about to send.
 *
 * got is imported with the first request, once per process: commands that send nothing
 * (--help, --version, config:show) never load it. Nothing here knows about S3. Failures carry
 * Node's error codes (ECONNRESET, ECONNREFUSED...), ETIMEDOUT for a timeout, a body stream's
 * own error, the abort's reason: `nodeError` maps got's RequestError family back to that
 * contract in this one place, for retry.ts, download.ts and exit-codes.ts.
 */
import http from 'node:http'
import https from 'node:https'
import {PassThrough, Readable} from 'node:stream'
import type {BeforeRequestHook, Got, Method} from 'got'
import {NetworkError} from '../errors.js'
import type {RateLimit} from './rate-limit.js'

/** One HTTP answer: status, headers, and the body's bytes when it was read whole. */
export interface HttpResponse {
  statusCode: number
  headers: Record<string, string | string[] | undefined>
  /** The whole body for buffered calls; empty when the body was streamed. */
  body: Buffer
  method: string
  url: string
}

/** Signs one request: the headers to add (authorization, x-amz-*), given what is about to be sent. */
export type RequestSigner = (request: {method: string; url: URL; headers: Record<string, string>}) => Record<string, string>

export interface HttpRequest {
  method: string
  url: URL
  headers: Record<string, string>
  /** A buffer, or a stream of exactly content-length bytes (opened for this try only). */
  body?: Buffer | Readable
  signal?: AbortSignal
  /** Signs the request as it leaves (got's beforeRequest hook); sent unsigned without it. */
  sign?: RequestSigner
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
  /** Bytes per second for all bodies of this transport together, both ways (rate-limit.ts); unlimited without. */
  maxBandwidth?: number
}

type Agents = {http: http.Agent; https: https.Agent}
type GotModule = typeof import('got')

/** The error of a socket silent for longer than the timeout: ETIMEDOUT, as retries and exit codes expect. */
export function timeoutError(ms: number): NodeJS.ErrnoException {
  return new NetworkError(`no answer for ${ms / 1000}s`, 'ETIMEDOUT')
}

/** got, imported once per process, with the first request. */
let gotModule: Promise<GotModule> | undefined
function loadGot(): Promise<GotModule> {
  gotModule ??= import('got')
  return gotModule
}

/** got's beforeRequest hook: signs the request as it is about to leave (its signer rides in the context). */
const signHook: BeforeRequestHook = (options) => {
  const sign = options.context.sign as RequestSigner | undefined
  if (!sign) return
  const headers = options.headers as Record<string, string>
  Object.assign(options.headers, sign({method: options.method, url: options.url as URL, headers}))
}

export class Transport {
  private readonly agents: Agents
  /** Keep-alive agents through each proxy used, by proxy URL: made on first use (hpagent loads only then). */
  private readonly proxyAgents = new Map<string, Promise<Agents>>()
  /** The one got instance of these settings, made with the first request. */
  private client: Promise<{got: GotModule; client: Got}> | undefined
  /** The one bucket every body of this transport shares, when a bandwidth cap is set (its module loads only then). */
  private rateLimit: Promise<RateLimit | undefined> | undefined

  constructor(private readonly options: TransportOptions) {
    this.agents = {http: new http.Agent(this.agentOptions()), https: new https.Agent(this.agentOptions())}
  }

  /** The bandwidth cap, made with the first request (undefined: none). */
  private limit(): Promise<RateLimit | undefined> {
    const rate = this.options.maxBandwidth
    this.rateLimit ??= rate === undefined ? Promise.resolve(undefined) : import('./rate-limit.js').then(({RateLimit}) => new RateLimit(rate))
    return this.rateLimit
  }

  private agentOptions() {
    const {maxSockets, ca, rejectUnauthorized} = this.options
    return {keepAlive: true, maxSockets, maxFreeSockets: maxSockets, ca, rejectUnauthorized: rejectUnauthorized !== false}
  }

  private get timeoutMs(): number {
    return this.options.timeoutSeconds * 1000
  }

  /** got set up as the transport's contract says: nothing of its own beyond sending and signing. */
  private gotClient(): Promise<{got: GotModule; client: Got}> {
    this.client ??= loadGot().then((got) => ({
      got,
      client: got.default.extend({
        agent: this.agents,
        https: {certificateAuthority: this.options.ca, rejectUnauthorized: this.options.rejectUnauthorized !== false},
        // The socket's idle timer is armed before it connects: one timeout bounds connecting and silence.
        timeout: {socket: this.timeoutMs},
        retry: {limit: 0},
        followRedirect: false,
        decompress: false,
        cache: false,
        throwHttpErrors: false,
        hooks: {beforeRequest: [signHook]},
      }),
    }))
    return this.client
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
  async send(req: HttpRequest): Promise<HttpResponse> {
    try {
      const {response, body} = await this.open(req)
      return {...response, body: Buffer.concat(await body.toArray())}
    } finally {
      // A stream body belongs to this try: release its file reads whether or not it was sent.
      if (req.body instanceof Readable) req.body.destroy()
    }
  }

  /** Sends the request and resolves once the response headers arrive; the body is left to stream. */
  async open(req: HttpRequest): Promise<{response: HttpResponse; body: Readable}> {
    const [{got, client}, agents, limit] = await Promise.all([this.gotClient(), this.agentsFor(req.url), this.limit()])
    // Bodies both ways paced by the bandwidth cap, when there is one.
    const paced = <B extends Buffer | Readable | undefined>(body: B): B | Readable =>
      !limit || body === undefined || (Buffer.isBuffer(body) && body.length === 0) ? body : limit.pace(body)
    const plain = (error: unknown) => nodeError(got, error, this.timeoutMs, req.signal)
    const request = client.stream(req.url, {
      method: req.method as Method,
      headers: req.headers,
      agent: agents,
      body: paced(req.body),
      signal: req.signal,
      context: {sign: req.sign},
    })
    // got's stream waits for a body to be written when none was given: there is none.
    if (req.body === undefined) request.end()
    return new Promise((resolve, reject) => {
      const failed = (error: unknown) => reject(plain(error))
      request.once('error', failed)
      request.once('response', (res: http.IncomingMessage) => {
        request.off('error', failed)
        // The body the caller reads: a failure after the answer ends it with Node's own error.
        const body = new PassThrough()
        request.once('error', (error) => body.destroy(plain(error)))
        body.once('close', () => request.destroy())
        request.pipe(body)
        const response = {statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0), method: req.method, url: req.url.toString()}
        resolve({response, body: paced(body)})
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

/**
 * A got failure as Node's own http would have reported it, the contract retries and exit codes
 * read: a timeout is ETIMEDOUT; an abort is Node's AbortError (ABORT_ERR, the reason as its cause); a body stream that failed (a
 * file gone) is its own error; a body cut short, however got words it, is ECONNRESET; any
 * other failure is the socket's error (ECONNREFUSED, EPIPE...) got wrapped.
 */
export function nodeError(got: GotModule, error: unknown, timeoutMs: number, signal?: AbortSignal): NodeJS.ErrnoException {
  if (!(error instanceof got.RequestError)) return error as Error
  const cause = error.cause instanceof Error ? error.cause : undefined
  if (error instanceof got.TimeoutError) return timeoutError(timeoutMs)
  if (error instanceof got.AbortError) return abortError(signal?.reason)
  if (error instanceof got.UploadError) return cause ?? error
  if (error instanceof got.ReadError) {
    return new NetworkError(error.message, hasErrno(cause) ? cause.code : 'ECONNRESET')
  }
  return hasErrno(cause) ? cause : Object.assign(new Error(error.message), {code: error.code})
}

/** What node:http rejects with when its signal aborts the request. */
function abortError(reason: unknown): Error {
  return Object.assign(new Error('The operation was aborted', {cause: reason}), {name: 'AbortError', code: 'ABORT_ERR'})
}

/** An error with a system code (ECONNRESET, ENOTFOUND...), not one of got's or Node's ERR_ codes. */
function hasErrno(error: unknown): error is NodeJS.ErrnoException & {code: string} {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return typeof code === 'string' && !code.startsWith('ERR_')
}
