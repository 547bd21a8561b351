// AWS Signature Version 4, as pure functions: no I/O, no clock (the time is an argument).
// Reference: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
// and the S3 specifics in https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html
import {createHash, createHmac} from 'node:crypto'

export interface Credentials {accessKeyId: string; secretAccessKey: string; sessionToken?: string}

export interface SignableRequest {
  method: string
  /** Full URL; `pathname` is already percent-encoded as sent on the wire, `search` holds the query. */
  url: URL
  /** Headers that will be sent; `host` is derived from the URL when absent. */
  headers: Record<string, string>
}

export interface SigningOptions {
  region: string
  /** Default 's3'. */
  service?: string
  date: Date
  /** Hex SHA-256 of the body, or 'UNSIGNED-PAYLOAD'. Default: 'UNSIGNED-PAYLOAD' for s3, hash of '' otherwise. */
  payloadHash?: string
  /** Resolve '.', '..' and '//' in the path. Never for S3, whose keys may contain them. */
  normalizePath?: boolean
  /** URI-encode the wire path once more, as generic AWS services expect. Never for S3. */
  doubleEncodePath?: boolean
}

const ALGORITHM = 'AWS4-HMAC-SHA256'
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

// Hop-by-hop or client-owned headers that proxies and HTTP stacks may add, drop or rewrite:
// signing them would make a valid request fail verification.
const UNSIGNED_HEADERS = new Set(['authorization', 'connection', 'transfer-encoding', 'expect', 'user-agent', 'x-amzn-trace-id'])

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest()
}

/** RFC 3986 encoding as SigV4 wants it: unreserved kept, every other UTF-8 byte as %XX (uppercase). */
export function uriEncode(s: string, encodeSlash: boolean): string {
  // encodeURIComponent already leaves only A-Za-z0-9 -_.~ plus !'()* unescaped; fix those five.
  const out = encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
  return encodeSlash ? out : out.replace(/%2F/g, '/')
}

/** S3 object key -> URL path (without the leading slash): every byte encoded except '/', so 'a//b/' stays as is. */
export function encodeKeyPath(key: string): string {
  return uriEncode(key, false)
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s // a stray '%' is then signed (and re-encoded) literally rather than throwing
  }
}

/** '20130524T000000Z' */
function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}

// Resolve dot segments and collapse empty ones, keeping a trailing slash (generic services only).
function normalize(path: string): string {
  const out: string[] = []
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') out.pop()
    else out.push(seg)
  }
  const joined = '/' + out.join('/')
  return path.endsWith('/') && joined !== '/' ? joined + '/' : joined
}

function canonicalUri(pathname: string, opts: Pick<SigningOptions, 'normalizePath' | 'doubleEncodePath'>): string {
  let path = pathname || '/'
  if (opts.normalizePath) path = normalize(path)
  if (opts.doubleEncodePath) return uriEncode(path, false)
  // Single encoding (S3): the server decodes the path and re-encodes it canonically, so do the same
  // per segment. For a path made with encodeKeyPath this is the identity; it only repairs characters
  // the URL parser leaves raw (e.g. '$' -> '%24') or lowercase escapes. %2F inside a segment survives.
  return path.split('/').map((seg) => uriEncode(safeDecode(seg), true)).join('/')
}

// Parse the raw query ourselves: URLSearchParams would turn '+' into a space.
function queryPairs(search: string): [string, string][] {
  const raw = search.startsWith('?') ? search.slice(1) : search
  return raw.split('&').filter((p) => p !== '').map((p) => {
    const i = p.indexOf('=')
    return i < 0 ? [safeDecode(p), ''] : [safeDecode(p.slice(0, i)), safeDecode(p.slice(i + 1))]
  })
}

function canonicalQuery(pairs: [string, string][]): string {
  return pairs
    .map(([k, v]) => [uriEncode(k, true), uriEncode(v, true)])
    .sort(([k1, v1], [k2, v2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

// Lowercased names, values trimmed with inner whitespace runs (incl. folded lines) collapsed to one space.
// Names repeated with different case are joined with ',' as HTTP would.
function signableHeaders(req: SignableRequest): Map<string, string> {
  const out = new Map<string, string>()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || value === null) continue
    const k = name.trim().toLowerCase()
    if (UNSIGNED_HEADERS.has(k)) continue
    const v = String(value).trim().replace(/\s+/g, ' ')
    out.set(k, out.has(k) ? `${out.get(k)},${v}` : v)
  }
  if (!out.has('host')) out.set('host', req.url.host)
  return out
}

/**
 * The canonical request and signed-header list for exactly these headers and this query
 * (exported for tests and debugging: compare with the server's CanonicalRequest in a SignatureDoesNotMatch error).
 */
export function canonicalRequest(
  req: SignableRequest,
  payloadHash: string,
  opts: Pick<SigningOptions, 'normalizePath' | 'doubleEncodePath'> & {extraQuery?: [string, string][]} = {},
): {canonicalRequest: string; signedHeaders: string} {
  const headers = [...signableHeaders(req)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const signedHeaders = headers.map(([k]) => k).join(';')
  const text = [
    req.method.toUpperCase(),
    canonicalUri(req.url.pathname, opts),
    canonicalQuery([...queryPairs(req.url.search), ...(opts.extraQuery ?? [])]),
    headers.map(([k, v]) => `${k}:${v}\n`).join(''),
    signedHeaders,
    payloadHash,
  ].join('\n')
  return {canonicalRequest: text, signedHeaders}
}

// The derived key only changes daily per region/service: cache a few (bounded, so no leak).
const keyCache = new Map<string, Buffer>()
function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const id = `${secret}\0${day}\0${region}\0${service}`
  let key = keyCache.get(id)
  if (!key) {
    key = hmac(hmac(hmac(hmac('AWS4' + secret, day), region), service), 'aws4_request')
    if (keyCache.size >= 32) keyCache.clear()
    keyCache.set(id, key)
  }
  return key
}

function signature(creq: string, creds: Credentials, time: string, region: string, service: string): {scope: string; sig: string} {
  const day = time.slice(0, 8)
  const scope = `${day}/${region}/${service}/aws4_request`
  const stringToSign = [ALGORITHM, time, scope, sha256Hex(creq)].join('\n')
  return {scope, sig: hmac(signingKey(creds.secretAccessKey, day, region, service), stringToSign).toString('hex')}
}

/**
 * Header signing. Returns the headers to ADD (they replace same-named ones in `req.headers`):
 * authorization, x-amz-date, x-amz-content-sha256 (service s3 only), x-amz-security-token (with a session token).
 */
export function signHeaders(req: SignableRequest, creds: Credentials, opts: SigningOptions): Record<string, string> {
  const service = opts.service ?? 's3'
  const time = amzDate(opts.date)
  const payloadHash = opts.payloadHash ?? (service === 's3' ? UNSIGNED_PAYLOAD : EMPTY_SHA256)

  const added: Record<string, string> = {'x-amz-date': time}
  if (service === 's3') added['x-amz-content-sha256'] = payloadHash // S3 requires it and checks the body against it
  if (creds.sessionToken) added['x-amz-security-token'] = creds.sessionToken

  // Drop caller copies of the headers we set (any case) so each is signed once, with our value.
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) if (!(k.toLowerCase() in added)) headers[k] = v
  const {canonicalRequest: creq, signedHeaders} = canonicalRequest({...req, headers: {...headers, ...added}}, payloadHash, opts)

  const {scope, sig} = signature(creq, creds, time, opts.region, service)
  return {
    authorization: `${ALGORITHM} Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${sig}`,
    ...added,
  }
}

/**
 * Query-string signing (presigned URL), payload UNSIGNED-PAYLOAD. Signs `host` plus every header in
 * `req.headers` (which whoever uses the URL must then send). Returns the full URL, without any fragment.
 */
export function presignUrl(req: SignableRequest, creds: Credentials, opts: SigningOptions & {expiresIn: number}): string {
  const {expiresIn} = opts
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604800) {
    throw new RangeError(`expiresIn must be an integer number of seconds in 1..604800 (7 days), got ${expiresIn}`)
  }
  const service = opts.service ?? 's3'
  const time = amzDate(opts.date)
  const scope = `${time.slice(0, 8)}/${opts.region}/${service}/aws4_request`
  const signedHeaders = [...signableHeaders(req).keys()].sort().join(';')

  // Order here is the order on the wire; the canonical form sorts independently.
  const params: [string, string][] = [
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', `${creds.accessKeyId}/${scope}`],
    ['X-Amz-Date', time],
    ['X-Amz-Expires', String(expiresIn)],
    ['X-Amz-SignedHeaders', signedHeaders],
  ]
  if (creds.sessionToken) params.push(['X-Amz-Security-Token', creds.sessionToken])

  const {canonicalRequest: creq} = canonicalRequest(req, UNSIGNED_PAYLOAD, {...opts, extraQuery: params})
  const {sig} = signature(creq, creds, time, opts.region, service)
  params.push(['X-Amz-Signature', sig])

  // Keep the caller's query bytes as they are (they were signed in decoded form) and append ours.
  const {url} = req
  const existing = url.search.length > 1 ? url.search.slice(1) + '&' : ''
  const added = params.map(([k, v]) => `${k}=${uriEncode(v, true)}`).join('&')
  return `${url.protocol}//${url.host}${url.pathname}?${existing}${added}`
}
