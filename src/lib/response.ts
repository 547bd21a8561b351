/**
 * Reading S3 answers: header values, ETags, XML bodies (with the <Error> documents S3 may send
 * even inside a 200) and error details. Every module that looks inside a response uses these.
 */
import {codeForStatus, messageForCode, type S3ErrorDetail, StorageError} from './errors.js'
import type {S3Response} from './transport.js'
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
export async function errorDetail(response: S3Response, target: {bucket?: string; key?: string}): Promise<S3ErrorDetail> {
  return detailOf(await errorDocument(response.body), response, target)
}

/** The detail of an <Error> element (or of none: the status alone), S3's wording filling the gaps. */
function detailOf(error: XmlObject | undefined, response: S3Response, target: {bucket?: string; key?: string}): S3ErrorDetail {
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
