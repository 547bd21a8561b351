/**
 * S3Connection: where requests go (endpoint, tls, region, addressing), who signs them, and the
 * one request path every S3 call takes: build URL -> sign -> send -> retry -> StorageError.
 */
import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import type {Readable} from 'node:stream'
import {buffer} from 'node:stream/consumers'
import {isAwsHost, signingRegion} from './aws-endpoints.js'
import {MAX_FILES_IN_FLIGHT, SIGNED_PAYLOAD_LIMIT} from '../constants.js'
import {type CredentialProvider, staticCredentials} from '../settings/credentials.js'
import {NOT_S3_ANSWER, NotS3Error, StorageError} from '../errors.js'
import {StorageEvents, type StorageObserver} from '../events.js'
import {ConfigError, type ConnectionOptions, DEFAULTS, endpointOf, validateOptions} from '../settings/options.js'
import {bucketNameProblem} from '../bucket-name.js'
import {headersProblem} from '../headers.js'
import {errorDetail, notS3Reason, type S3Response} from './response.js'
import {describeTarget, RetryStrategy, retryPolicy} from './retry.js'
import {EMPTY_SHA256, encodeKeyPath, presignUrl, sha256Hex, signHeaders, UNSIGNED_PAYLOAD, uriEncode} from './signer.js'
import {proxyFor} from '../http/proxy.js'
import {type HttpRequest, type RequestSigner, Transport} from '../http/transport.js'
import {S3Name, ValueError} from '../types.js'

export type QueryParams = Record<string, string | number | boolean | undefined> | string

/**
 * A body read from a stream instead of memory (a part of a large file): its length is known up
 * front, and `open` gives a fresh stream for every try, so it can be retried. Its MD5 is either
 * known up front (sent as Content-MD5) or computed as it is sent (`sentMd5`, for the caller to
 * compare with the answer's ETag).
 */
export interface StreamBody {
  length: number
  md5Base64?: string
  open(): Readable
  /** The MD5 (hex) of the bytes the last try sent, once it sent them all. */
  sentMd5?(): string | undefined
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
  /** The root element of the XML a 2xx answer must hold (another server's page is refused, not parsed as empty). */
  xmlRoot?: string
}

export interface ConnectionExtras {
  /** Receives one line per retry and other verbose events; the library never prints. */
  logger?: (line: string) => void
  /**
   * Where credentials come from instead of `access_key_id`/`secret_access_key`: `anonymousCredentials`
   * (unsigned requests), or a provider that refreshes temporary credentials (see credentials.ts).
   */
  credentials?: CredentialProvider
  /** The environment whose proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) apply (default: process.env). */
  env?: NodeJS.ProcessEnv
  /** Hears every object stored, every object deleted and every retry (see events.ts). */
  observer?: StorageObserver
}

export class S3Connection {
  readonly options: ConnectionOptions
  /** The region requests are signed for (us-east-1 for `aws-global`). */
  readonly region: string
  readonly endpoint: URL
  readonly defaultBucket: string | null
  /** The one retry owner of every call made through this connection. */
  readonly retry: RetryStrategy
  /** Where Storage reports what it stored and deleted, and the retry strategy its retries. */
  readonly events: StorageEvents
  readonly multipartThreshold: number
  readonly partSize: number
  readonly concurrency: number
  private readonly credentials: CredentialProvider
  private readonly transport: Transport
  private readonly logger: (line: string) => void

  constructor(options: ConnectionOptions, extras: ConnectionExtras = {}) {
    this.options = validateOptions(options, 'S3Connection', {keysRequired: !extras.credentials})
    const region = options.region ?? DEFAULTS.region
    // What requests are signed for: `aws-global` is the global endpoint, signed as us-east-1.
    this.region = signingRegion(region)
    this.endpoint = endpointUrl(options)
    this.defaultBucket = options.default_bucket ?? null
    this.logger = extras.logger ?? (() => {})
    this.events = new StorageEvents(extras.observer, this.logger)
    this.retry = new RetryStrategy(retryPolicy(options.retry), this.logger, this.events)
    this.multipartThreshold = options.multipart_threshold ?? DEFAULTS.multipart_threshold
    this.partSize = options.part_size ?? DEFAULTS.part_size
    this.concurrency = options.concurrency ?? DEFAULTS.concurrency
    this.credentials = extras.credentials ?? staticCredentials({
      accessKeyId: options.access_key_id,
      secretAccessKey: options.secret_access_key,
      sessionToken: options.session_token,
    })
    const env = extras.env ?? process.env
    this.transport = new Transport({
      timeoutSeconds: options.timeout ?? DEFAULTS.timeout,
      // Sockets open only for requests in flight: the cap is the widest batch, not a pool size.
      maxSockets: MAX_FILES_IN_FLIGHT,
      ca: options.ca_bundle === undefined ? undefined : readCaBundle(options.ca_bundle),
      rejectUnauthorized: options.verify_ssl ?? DEFAULTS.verify_ssl,
      proxyFor: (url) => proxyFor(url, env),
      maxBandwidth: options.max_bandwidth,
    })
  }

  /** The bucket and key of a remote name; the original's ValueError when no bucket can be found. */
  resolve(remoteName: string | S3Name, op = 'resolve'): {bucket: string; key: string} {
    const name = typeof remoteName === 'string' ? new S3Name(remoteName) : remoteName
    const bucket = name.bucket ?? this.defaultBucket
    // The original's rule, as its README says it: a ValueError itself, not a StorageError.
    if (!bucket) throw new ValueError(`${op}: no bucket for "${name.key}": name it with new S3Name(key, bucket) or S3Name.parse('s3://bucket/key'), or set default_bucket`)
    // Checked before anything is sent, as the bucket methods do ('legacy': existing buckets).
    const problem = bucketNameProblem(bucket, 'legacy')
    if (problem) throw new StorageError(op, new ValueError(`invalid bucket name ${JSON.stringify(bucket)}: ${problem}`))
    return {bucket, key: name.key}
  }

  /** Path style for custom endpoints, IPs and dotted names; virtual host on AWS, any partition (overridable). */
  usesVirtualHost(bucket: string): boolean {
    const style = this.options.addressing_style ?? DEFAULTS.addressing_style
    if (style !== 'auto') return style === 'virtual'
    return isAwsHost(this.endpoint.hostname) && /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)
  }

  url(bucket?: string, key?: string, query?: QueryParams): URL {
    const keyPath = key === undefined ? '' : keyToPath(key)
    const virtual = bucket !== undefined && this.usesVirtualHost(bucket)
    const host = virtual ? `${bucket}.${this.endpoint.host}` : this.endpoint.host
    const path = virtual ? '/' + keyPath : bucket ? `/${uriEncode(bucket, true)}/${keyPath}` : '/'
    // The endpoint's path (a gateway at http://host/s3) comes first; the signature covers it, as the URL's path.
    return new URL(`${this.endpoint.protocol}//${host}${endpointPrefix(this.endpoint)}${path}${queryString(query)}`)
  }

  /** A presigned URL: anyone holding it may do `method` on the object until it expires. */
  presign(req: {method: 'GET' | 'PUT' | 'DELETE' | 'HEAD'; bucket: string; key?: string; query?: QueryParams; expiresIn: number; headers?: Record<string, string>}, date = new Date()): string {
    const url = this.url(req.bucket, req.key, req.query)
    // A URL is made synchronously: with the credentials a provider gave last (the CLI asks it before any command).
    const credentials = this.credentials.current
    if (credentials === undefined) throw new ConfigError('presign: the credentials provider has not given credentials yet: make a request first')
    if (credentials === null) return url.toString() // unsigned: the object must be public
    return presignUrl({method: req.method, url, headers: req.headers ?? {}}, credentials, {region: this.region, date, expiresIn: req.expiresIn})
  }

  /** Sends a request and buffers the response; non-2xx answers become StorageError. */
  async request(req: S3Request): Promise<S3Response> {
    this.refuseUnsendable(req)
    return this.retry.run(req, async () => {
      const response = await this.sendOnce(req, (prepared) => this.transport.send(prepared))
      if (response.statusCode >= 300 && response.statusCode !== 304) throw await this.failure(req, response)
      this.checkS3Answer(req, response)
      return response
    }, {signal: req.signal, replayable: isReplayable(req.body)})
  }

  /**
   * A request whose answer body streams into `consume` (downloads). One try is the request and
   * the whole of `consume`, and a failed try is retried as a whole: `build` makes each try's
   * request (a resume asks for the bytes still missing). `consume` throws FinalFailure for
   * failures no retry can mend (the local disk); its network errors are retried.
   */
  async requestStream<T>(build: (attempt: number) => S3Request, consume: (response: S3Response, body: Readable) => Promise<T>): Promise<T> {
    const first = build(1)
    this.refuseUnsendable(first)
    return this.retry.run(first, async (attempt) => {
      const req = attempt === 1 ? first : build(attempt)
      const {response, body} = await this.sendOnce(req, (prepared) => this.transport.open(prepared))
      if (response.statusCode >= 300 && response.statusCode !== 304) {
        throw await this.failure(req, {...response, body: await buffer(body)})
      }
      try {
        this.checkS3Answer(req, response)
        return await consume(response, body)
      } finally {
        body.destroy()
      }
    }, {signal: first.signal})
  }

  close(): void {
    this.transport.close()
  }

  /**
   * An unsendable key or header is refused before the first try, not retried: a header HTTP
   * cannot carry would otherwise fail as a bad signature or a socket error.
   */
  private refuseUnsendable(req: S3Request): void {
    this.url(req.bucket, req.key)
    const problem = headersProblem(req.headers ?? {})
    if (problem) throw new StorageError(req.op, new ValueError(problem))
  }

  /** One try: sign the request anew (the date moves on) and send it; network errors named after the request. */
  private async sendOnce<R>(req: S3Request, send: (prepared: HttpRequest) => Promise<R>): Promise<R> {
    let prepared: HttpRequest
    try {
      prepared = await this.prepare(req)
    } catch (error) {
      throw StorageError.from(req.op, error) // no credentials (a ConfigError): not a network failure
    }
    try {
      return await send(prepared)
    } catch (error) {
      throw StorageError.from(req.op, networkError(error, req))
    }
  }

  /** Refuses a success answer S3 would never send (a web server's page): it must not pass for data. */
  private checkS3Answer(req: S3Request, response: S3Response): void {
    if (response.statusCode >= 300) return
    const reason = notS3Reason(req, response)
    if (reason === undefined) return
    const error = new NotS3Error(`not an S3 answer from ${this.endpoint.origin}: ${reason} (${req.method} ${describeTarget(req)})`, NOT_S3_ANSWER)
    throw new StorageError(req.op, error, response)
  }

  /** The StorageError for an answer S3 refused (its <Error> document, else its status). */
  private async failure(req: S3Request, response: S3Response): Promise<StorageError> {
    return new StorageError(req.op, await errorDetail(response, req), response)
  }

  /** Builds and signs one try of the request. */
  private async prepare(req: S3Request): Promise<HttpRequest> {
    // Asked on every try: a refreshing provider hands out new credentials before the old expire.
    const credentials = await this.credentials()
    const url = this.url(req.bucket, req.key, req.query)
    const headers: Record<string, string> = {'user-agent': 's3-connector', ...lowerCaseKeys(req.headers ?? {})}
    let body: Buffer | Readable | undefined
    let payloadHash = EMPTY_SHA256
    if (isStreamBody(req.body)) {
      headers['content-length'] = String(req.body.length)
      if (req.body.md5Base64) headers['content-md5'] ??= req.body.md5Base64
      payloadHash = UNSIGNED_PAYLOAD
      body = req.body.open()
    } else if (req.body !== undefined) {
      const bytes = typeof req.body === 'string' ? Buffer.from(req.body) : req.body
      if (bytes.length > 0) headers['content-md5'] ??= createHash('md5').update(bytes).digest('base64')
      headers['content-length'] = String(bytes.length)
      if (bytes.length > 0) payloadHash = bytes.length <= SIGNED_PAYLOAD_LIMIT ? sha256Hex(bytes) : UNSIGNED_PAYLOAD
      body = bytes
    }
    if (credentials === null) {
      // Unsigned (anonymous): no Authorization header; the body is closed again by the transport if unsent.
      return {method: req.method, url, headers, body, signal: req.signal}
    }
    // Signed by the transport's hook as the request leaves, over the headers it then holds.
    const sign: RequestSigner = (sent) => signHeaders(sent, credentials, {region: this.region, date: new Date(), payloadHash})
    return {method: req.method, url, headers, body, signal: req.signal, sign}
  }
}

/** The trusted certificate authorities of `ca_bundle`: a file that cannot be read is a configuration error. */
function readCaBundle(file: string): Buffer {
  try {
    return readFileSync(file)
  } catch (error) {
    throw new ConfigError(`ca_bundle ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
}

/** Buffers and reopenable stream bodies can be sent again; nothing else is retried. */
function isReplayable(body: S3Request['body']): boolean {
  return body === undefined || typeof body === 'string' || Buffer.isBuffer(body) || isStreamBody(body)
}

function endpointUrl(options: ConnectionOptions): URL {
  const url = endpointOf(options)
  if (typeof url === 'string') throw new ConfigError(`S3Connection: ${url}`)
  return url
}

/** The endpoint's path without its trailing slash: "" for http://host/, "/s3" for http://host/s3/. */
function endpointPrefix(endpoint: URL): string {
  return endpoint.pathname.replace(/\/+$/, '')
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

function networkError(error: unknown, req: S3Request): Error {
  const e = error as NodeJS.ErrnoException
  const code = e?.code ?? 'ERR'
  const out = new Error(`${code === 'ETIMEDOUT' ? 'connection timed out' : e?.message ?? String(error)} (${req.method} ${describeTarget(req)})`) as NodeJS.ErrnoException
  out.code = code
  return out
}
