/**
 * S3Connection: where requests go (endpoint, tls, region, addressing), who signs them, and the
 * one request path every S3 call takes: build URL -> sign -> send -> retry -> StorageError.
 */
import {createHash} from 'node:crypto'
import type {Readable} from 'node:stream'
import {setTimeout as sleep} from 'node:timers/promises'
import {codeForStatus, messageForCode, type S3ErrorDetail, StorageError} from './errors.js'
import {type ConnectionOptions, MiB, validateOptions} from './options.js'
import {backoffSeconds, type Failure, hasTriesLeft, isRetryable, type RetryPolicy, retryPolicy} from './retry.js'
import {type Credentials, encodeKeyPath, presignUrl, sha256Hex, signHeaders, uriEncode} from './signer.js'
import {readAll, type S3Response, Transport} from './transport.js'
import {S3Name, ValueError} from './types.js'

export type QueryParams = Record<string, string | number | boolean | undefined> | string

/**
 * A body read from a stream instead of memory (a part of a large file): its length and MD5
 * are known up front, and `open` gives a fresh stream for every try, so it can be retried.
 */
export interface StreamBody {
  length: number
  md5Base64: string
  open(): Readable
}

export function isStreamBody(body: unknown): body is StreamBody {
  return typeof body === 'object' && body !== null && typeof (body as StreamBody).open === 'function'
}

export interface S3Request {
  /** The Storage method's name, for errors and logs ('read', 'bucketGetCors'). */
  op: string
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD'
  bucket?: string
  key?: string
  query?: QueryParams
  headers?: Record<string, string>
  /** Buffers, or a StreamBody that reopens: either way a retry can send the body again. */
  body?: Buffer | string | StreamBody
  signal?: AbortSignal
}

export interface ConnectionExtras {
  /** Receives one line per retry and other verbose events; the library never prints. */
  logger?: (line: string) => void
}

const EMPTY_SHA256 = sha256Hex('')
/** Bodies up to this size are hashed into the signature; larger ones rely on Content-MD5. */
const SIGNED_PAYLOAD_LIMIT = MiB

export class S3Connection {
  readonly options: ConnectionOptions
  readonly region: string
  readonly endpoint: URL
  readonly defaultBucket: string | null
  readonly retry: RetryPolicy
  readonly multipartThreshold: number
  readonly partSize: number
  readonly concurrency: number
  private readonly credentials: Credentials
  private readonly transport: Transport
  private readonly logger: (line: string) => void

  constructor(options: ConnectionOptions, extras: ConnectionExtras = {}) {
    this.options = validateOptions(options, 'S3Connection')
    this.region = options.region ?? 'us-east-1'
    this.endpoint = endpointUrl(options, this.region)
    this.defaultBucket = options.default_bucket ?? null
    this.retry = retryPolicy(options.retry)
    this.multipartThreshold = options.multipart_threshold ?? 16 * MiB
    this.partSize = options.part_size ?? 16 * MiB
    this.concurrency = options.concurrency ?? 4
    this.credentials = {
      accessKeyId: options.access_key_id,
      secretAccessKey: options.secret_access_key,
      sessionToken: options.session_token,
    }
    this.transport = new Transport({timeoutSeconds: options.timeout ?? 60, maxSockets: Math.max(16, this.concurrency * 2)})
    this.logger = extras.logger ?? (() => {})
  }

  /** The bucket and key of a remote name; the seed's ValueError when no bucket can be found. */
  resolve(remoteName: string | S3Name, op = 'resolve'): {bucket: string; key: string} {
    const name = typeof remoteName === 'string' ? new S3Name(remoteName) : remoteName
    const bucket = name.bucket ?? this.defaultBucket
    if (!bucket) {
      throw new StorageError(op, new ValueError(`no bucket for "${name.key}": give one (S3Name(key, bucket), --bucket or s3://bucket/key) or set default_bucket`))
    }
    return {bucket, key: name.key}
  }

  /** Path style for custom endpoints, IPs and dotted names; virtual host on AWS (overridable). */
  usesVirtualHost(bucket: string): boolean {
    const style = this.options.addressing_style ?? 'auto'
    if (style !== 'auto') return style === 'virtual'
    return this.endpoint.hostname.endsWith('amazonaws.com') && /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)
  }

  url(bucket?: string, key?: string, query?: QueryParams): URL {
    const keyPath = key === undefined ? '' : keyToPath(key)
    const virtual = bucket !== undefined && this.usesVirtualHost(bucket)
    const host = virtual ? `${bucket}.${this.endpoint.host}` : this.endpoint.host
    const path = virtual ? '/' + keyPath : bucket ? `/${uriEncode(bucket, true)}/${keyPath}` : '/'
    return new URL(`${this.endpoint.protocol}//${host}${path}${queryString(query)}`)
  }

  /** A presigned URL: anyone holding it may do `method` on the object until it expires. */
  presign(req: {method: 'GET' | 'PUT' | 'DELETE' | 'HEAD'; bucket: string; key?: string; query?: QueryParams; expiresIn: number; headers?: Record<string, string>}, date = new Date()): string {
    return presignUrl({method: req.method, url: this.url(req.bucket, req.key, req.query), headers: req.headers ?? {}}, this.credentials,
      {region: this.region, date, expiresIn: req.expiresIn})
  }

  /** Sends a request and buffers the response; non-2xx answers become StorageError. */
  async request(req: S3Request): Promise<S3Response> {
    const {response} = await this.withRetry(req, async () => {
      const response = await this.transport.send(this.prepare(req))
      return {response, body: response.body}
    })
    return response
  }

  /** Sends a request and resolves at the response headers, leaving the body to stream (downloads). */
  async requestStream(req: S3Request): Promise<{response: S3Response; body: Readable}> {
    return this.withRetry(req, async () => {
      const opened = await this.transport.open(this.prepare(req))
      if (opened.response.statusCode < 300) return opened
      return {response: opened.response, body: await readAll(opened.body)}
    }) as Promise<{response: S3Response; body: Readable}>
  }

  close(): void {
    this.transport.close()
  }

  /** Builds and signs one try of the request (signed anew each try: the date moves on). */
  private prepare(req: S3Request) {
    const url = this.url(req.bucket, req.key, req.query)
    const headers: Record<string, string> = {'user-agent': 's3-connector', ...lowerCaseKeys(req.headers ?? {})}
    let body: Buffer | Readable | undefined
    let payloadHash = EMPTY_SHA256
    if (isStreamBody(req.body)) {
      headers['content-length'] = String(req.body.length)
      headers['content-md5'] ??= req.body.md5Base64
      payloadHash = 'UNSIGNED-PAYLOAD'
      body = req.body.open()
    } else if (req.body !== undefined) {
      const bytes = typeof req.body === 'string' ? Buffer.from(req.body) : req.body
      if (bytes.length > 0) headers['content-md5'] ??= createHash('md5').update(bytes).digest('base64')
      headers['content-length'] = String(bytes.length)
      if (bytes.length > 0) payloadHash = bytes.length <= SIGNED_PAYLOAD_LIMIT ? sha256Hex(bytes) : 'UNSIGNED-PAYLOAD'
      body = bytes
    }
    const signed = signHeaders({method: req.method, url, headers}, this.credentials, {region: this.region, date: new Date(), payloadHash})
    return {method: req.method, url, headers: {...headers, ...signed}, body, signal: req.signal}
  }

  /**
   * Runs tries until one succeeds, the failure is not retryable, or the tries run out.
   * Every failure leaves as exactly one StorageError.
   */
  private async withRetry<T extends {response: S3Response; body: unknown}>(req: S3Request, once: () => Promise<T>): Promise<T> {
    this.url(req.bucket, req.key) // an unsendable key is refused before the first try, not retried
    for (let attempt = 1; ; attempt++) {
      let failure: Failure
      let error: StorageError
      try {
        const result = await once()
        const {response} = result
        if (response.statusCode < 300 || (response.statusCode === 304)) return result
        const detail = errorDetail(req, response, result.body as Buffer)
        failure = {status: response.statusCode, code: detail.code}
        error = new StorageError(req.op, detail, {...response, body: result.body as Buffer})
      } catch (thrown) {
        if (req.signal?.aborted) throw StorageError.from(req.op, req.signal.reason ?? thrown)
        failure = {error: thrown}
        error = StorageError.from(req.op, networkError(thrown, req))
      }
      if (!isRetryable(failure, this.retry) || !hasTriesLeft(attempt, this.retry)) throw error
      await this.waitBeforeRetry(attempt, req, error.code, req.signal)
    }
  }

  /**
   * Logs retry number `attempt` and waits its backoff. Public for the callers that retry on
   * their own (a download resuming after a cut), so every retry is logged the same way.
   */
  async waitBeforeRetry(attempt: number, req: Pick<S3Request, 'op' | 'method' | 'bucket' | 'key'>, code: string, signal?: AbortSignal): Promise<void> {
    const wait = backoffSeconds(attempt, this.retry)
    this.logger(`retry ${attempt}${this.retry.limit ? '/' + (this.retry.limit - 1) : ''} of ${req.op} ${req.method} ${describeTarget(req)} in ${wait.toFixed(1)}s: ${code}`)
    await sleep(wait * 1000, undefined, {signal})
  }
}

function endpointUrl(options: ConnectionOptions, region: string): URL {
  const fallback = region === 'us-east-1' ? 's3.amazonaws.com' : `s3.${region}.amazonaws.com`
  const endpoint = options.endpoint ?? fallback
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `${options.tls === false ? 'http' : 'https'}://${endpoint}`
  try {
    const url = new URL(withScheme)
    url.pathname = '/'
    return url
  } catch {
    throw new StorageError('S3Connection', new Error(`invalid endpoint "${endpoint}"`))
  }
}

/** Query string with every name and value percent-encoded the way the signer canonicalizes them. */
export function queryString(query: QueryParams | undefined): string {
  if (query === undefined) return ''
  if (typeof query === 'string') return query === '' ? '' : '?' + query.replace(/^\?/, '')
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => (v === '' ? uriEncode(k, true) : `${uriEncode(k, true)}=${uriEncode(String(v), true)}`))
  return parts.length ? '?' + parts.join('&') : ''
}

/**
 * A key as a URL path: percent-encoded, slashes kept ("a//b" and a trailing "/" survive).
 * URL parsers resolve "." and ".." segments (even as %2E) before the request leaves, which
 * would silently read or write another key: refuse such keys instead.
 */
function keyToPath(key: string): string {
  if (key.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw new ValueError(`key "${key}" has a "." or ".." path segment, which HTTP URLs resolve away; rename it`)
  }
  return encodeKeyPath(key)
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]))
}

function describeTarget(req: Pick<S3Request, 'bucket' | 'key'>): string {
  return req.bucket ? `s3://${req.bucket}${req.key === undefined ? '' : '/' + req.key}` : '/'
}

function networkError(error: unknown, req: S3Request): Error {
  const e = error as NodeJS.ErrnoException
  const code = e?.code ?? 'ERR'
  const out = new Error(`${code === 'ETIMEDOUT' ? 'connection timed out' : e?.message ?? String(error)} (${req.method} ${describeTarget(req)})`) as NodeJS.ErrnoException
  out.code = code
  return out
}

/** What S3 said: the <Error> document when there is one, else a code derived from the status. */
function errorDetail(req: S3Request, response: S3Response, body: Buffer): S3ErrorDetail {
  const text = body.length ? body.toString('utf8') : ''
  const tag = (name: string) => text.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1]
  const fallback = codeForStatus(response.statusCode, req.key !== undefined)
  const header = (name: string) => {
    const v = response.headers[name]
    return Array.isArray(v) ? v[0] : v
  }
  const code = tag('Code') || fallback.code
  return {
    code,
    // RGW often sends an empty <Message>: fall back so the line never ends in "AccessDenied: ".
    message: decodeEntities(tag('Message') || messageForCode(code) || (code === fallback.code ? fallback.message : '')),
    status: response.statusCode,
    requestId: tag('RequestId') ?? header('x-amz-request-id'),
    bucket: req.bucket,
    key: req.key,
  }
}

function decodeEntities(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
}
