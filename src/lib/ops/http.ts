/**
 * `storage.http`: any S3 call the library does not wrap (GetBucketPolicyStatus,
 * GetPublicAccessBlock, a vendor's extension...), made the way every Storage method makes its
 * own: the same endpoint, addressing, credentials and SigV4 signing (got's hook), the same
 * retry policy and retry log lines, one StorageError for an answer that is not 2xx, and
 * `storage.response` kept. For plugins and scripts; the library's own methods do not use it.
 */
import type {QueryParams, S3Request} from '../client/connection.js'
import {parseBody} from '../client/response.js'
import type {S3Response} from '../client/response.js'
import type {XmlObject} from '../client/xml.js'

export interface HttpCall {
  method: S3Request['method']
  /** The bucket, addressed as the connection addresses buckets (path or virtual host); none for the service. */
  bucket?: string
  key?: string
  /** A subresource and parameters: `{policyStatus: ''}` or the string `'policyStatus'`. */
  query?: QueryParams
  headers?: Record<string, string>
  /** Sent with its Content-MD5 and payload hash; a buffer or string can be sent again on a retry. */
  body?: Buffer | string
  /** The root element a 2xx answer must have: another server's page is refused (NotS3Answer), not parsed. */
  xmlRoot?: string
  /** What errors and retry log lines call the operation (default "http"). */
  op?: string
  signal?: AbortSignal
}

export interface HttpAnswer {
  status: number
  headers: S3Response['headers']
  /** The body's bytes, as received. */
  body: Buffer
  /** The body read as XML (the library's convention: see parseXml), or undefined when it is not XML. */
  xml: XmlObject | undefined
}

export class StorageHttp {
  /** `send` is the Storage's own: it keeps `storage.response`. */
  constructor(private readonly send: (req: S3Request) => Promise<S3Response>) {}

  /** One S3 call: signed, retried, a non-2xx answer thrown as StorageError. */
  async request(call: HttpCall): Promise<HttpAnswer> {
    const op = call.op ?? 'http'
    const response = await this.send({...call, op})
    const xml = looksLikeXml(response) ? await parseBody(op, response) : undefined
    return {status: response.statusCode, headers: response.headers, body: response.body, xml}
  }
}

function looksLikeXml(response: S3Response): boolean {
  const type = String(response.headers['content-type'] ?? '')
  if (/\bjson\b/i.test(type)) return false
  return /\bxml\b/i.test(type) || response.body.subarray(0, 64).toString('utf8').trimStart().startsWith('<')
}
