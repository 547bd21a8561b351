/**
 * Reading S3 answers: header values, ETags, XML bodies (with the <Error> documents S3 may send
 * even inside a 200) and error details. Every module that looks inside a response uses these.
 */
import {codeForStatus, messageForCode, type S3ErrorFields, StorageError} from '../errors.js'
import type {HttpResponse} from '../http/transport.js'

/** An answer of S3: the transport's HTTP answer, read by this module (the transport knows nothing of S3). */
export type S3Response = HttpResponse
import {parseXml, type XmlObject} from './xml.js'

export type ResponseHeaders = S3Response['headers']

/** The first value of a header (Node gives repeated headers as arrays); names are lower case. */
export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** The ETag response header of a part or object upload; an answer without one is an error. */
export function etagOf(op: string, response: S3Response): string {
  const value = headerValue(response.headers, 'etag')
  if (!value) throw new StorageError(op, new Error('the server answered without an ETag'), response)
  return value
}

/** The MD5 (hex) an ETag holds when it is one: a single-PUT ETag, not a multipart "...-N" one. */
export function etagMd5(etag: string | undefined): string | undefined {
  const value = (etag ?? '').replace(/"/g, '').toLowerCase()
  return /^[0-9a-f]{32}$/.test(value) ? value : undefined
}

/** An ETag in the quoted form of the ETag header (some servers leave the quotes out of XML bodies). */
export function quotedEtag(etag: string): string {
  return etag === '' || etag.startsWith('"') ? etag : `"${etag}"`
}

/** Parses an XML answer; an <Error> document inside a 200 becomes a StorageError. */
export async function parseBody(op: string, response: S3Response): Promise<XmlObject> {
  const text = response.body.toString('utf8')
  if (text.trim() === '') return {}
  const doc = await parseXml(text)
  const error = asElement(doc.Error)
  if (error) {
    // S3 sends the error of a long CopyObject or CompleteMultipartUpload after its 200.
    const status = response.statusCode >= 300 ? response.statusCode : 500
    throw new StorageError(op, detailOf(error, {...response, statusCode: status}, {}), response)
  }
  return doc
}

/**
 * What S3 said about a failed request: its <Error> document when the body holds one, else a
 * code derived from the status (HEAD answers have no body).
 */
export async function errorDetail(response: S3Response, target: {bucket?: string; key?: string}): Promise<S3ErrorFields> {
  return detailOf(await errorDocument(response.body), response, target)
}

/** The detail of an <Error> element (or of none: the status alone), S3's wording filling the gaps. */
function detailOf(error: XmlObject | undefined, response: S3Response, target: {bucket?: string; key?: string}): S3ErrorFields {
  const fallback = codeForStatus(response.statusCode, target.key !== undefined)
  const text = (name: string) => (typeof error?.[name] === 'string' && error[name] !== '' ? error[name] as string : undefined)
  const code = text('Code') ?? fallback.code
  return {
    code,
    // RGW often sends an empty <Message>: fall back so the line never ends in "AccessDenied: ".
    message: text('Message') ?? messageForCode(code) ?? (code === fallback.code ? fallback.message : ''),
    status: response.statusCode,
    requestId: text('RequestId') ?? headerValue(response.headers, 'x-amz-request-id'),
    bucket: target.bucket,
    key: target.key,
  }
}

/** The <Error> element of a body, or undefined when the body is empty or not an S3 error document. */
async function errorDocument(body: Buffer): Promise<XmlObject | undefined> {
  if (body.length === 0) return undefined
  try {
    return asElement((await parseXml(body.toString('utf8'))).Error)
  } catch {
    return undefined // an HTML error page from a proxy, say: the status tells what happened
  }
}

function asElement(value: unknown): XmlObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as XmlObject : undefined
}

/** What a request asks for, as far as telling an S3 answer from another server's is concerned. */
export interface AnswerExpectation {
  method: string
  key?: string
  query?: Record<string, string | number | boolean | undefined> | string
  /** The root element the answer's XML must have (ListBucketResult...), when the call reads XML. */
  xmlRoot?: string
}

/** Query names an object's GET or HEAD may carry; any other (acl, tagging, uploadId...) asks for something else. */
const OBJECT_QUERY = /^(versionId|partNumber|response-[a-z-]+|x-id)$/

/**
 * Why a 2xx answer cannot come from S3, or undefined when it may: an XML call answered with a
 * document of another root (or not XML at all), an object GET/HEAD without the ETag S3 always
 * sends, an object GET without the Content-Length S3 always sends (its body, sent chunked,
 * could end early and pass for the whole object), or a web page (text/html) where S3 sends XML or nothing. A plain web server answers
 * 200 to everything: without this its page would pass for an empty listing or an object.
 */
export function notS3Reason(req: AnswerExpectation, response: S3Response): string | undefined {
  if (isObjectRead(req)) {
    if (!headerValue(response.headers, 'etag')) return `${req.method} of an object answered without an ETag`
    // Without a length, a body ending early (a proxy, a server restarting) would pass for the whole object.
    if (req.method === 'GET' && headerValue(response.headers, 'content-length') === undefined) return 'GET of an object answered without a Content-Length'
    return undefined
  }
  const contentType = headerValue(response.headers, 'content-type') ?? ''
  if (/^\s*text\/html\b/i.test(contentType)) return `a web page (content type ${contentType}) where S3 answers XML`
  if (req.xmlRoot === undefined) return undefined
  const text = response.body.toString('utf8')
  if (text.trim() === '') return undefined
  const root = xmlRootName(text)
  if (root === undefined) return `expected an XML document <${req.xmlRoot}>, got ${JSON.stringify(text.trim().slice(0, 40))}`
  // S3 sends the <Error> of some calls inside a 200: parseBody reports those.
  if (root !== req.xmlRoot && root !== 'Error') return `expected an XML document <${req.xmlRoot}>, got <${root}>`
  if (!isCompleteDocument(text, root)) return `the XML document <${root}> is not closed`
  return undefined
}

/** A GET or HEAD of an object's bytes (not of one of its subresources). */
function isObjectRead(req: AnswerExpectation): boolean {
  if (req.key === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) return false
  return queryNames(req.query).every((name) => OBJECT_QUERY.test(name))
}

function queryNames(query: AnswerExpectation['query']): string[] {
  if (query === undefined) return []
  if (typeof query === 'string') return [...new URLSearchParams(query.replace(/^\?/, '')).keys()]
  return Object.entries(query).filter(([, v]) => v !== undefined).map(([k]) => k)
}

/** The name of an XML text's first element, past a byte-order mark, the declaration and comments. */
export function xmlRootName(text: string): string | undefined {
  return ROOT_START.exec(text)?.[1]
}

const ROOT_START = /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<([A-Za-z_][\w.-]*)[\s/>]/

/** A document ends with its root's end tag, or is that root alone, self-closed (`<VersioningConfiguration/>`). */
function isCompleteDocument(text: string, root: string): boolean {
  const trimmed = text.trimEnd()
  if (trimmed.endsWith(`</${root}>`)) return true
  const start = ROOT_START.exec(text)!
  const startTagEnd = text.indexOf('>', start.index + start[0].length - 1)
  return text[startTagEnd - 1] === '/' && trimmed.length === startTagEnd + 1
}
