/**
 * copy and updateMetadata: the original's rules of which headers and metadata the new object
 * carries, over the wire format of copy.ts (one CopyObject, or a multipart copy above 5 GiB).
 */
import type {Client} from '../client/client.js'
import {MAX_SINGLE_REQUEST_OBJECT, MiB} from '../constants.js'
import {asCopySourceHeaders, sseCustomerOnly} from '../object-headers.js'
import {headerValue, type S3Response} from '../client/response.js'
import {hasHeader, type Headers, type RemoteName, type Target} from '../types.js'
import {copySourceHeader, multipartCopy, singleCopy} from './copy.js'
import {type CopyOptions, headAs, type TransferTuning} from './objects.js'
import {encodeBucketConfig} from './subresource-body.js'
import {subresourceQuery} from './subresources.js'
import {findConfig} from './subresource-tables.js'

/** Parts of a multipart copy are at least this big: the server copies them, so fewer is faster. */
const COPY_PART_SIZE = 256 * MiB

/** System headers an object keeps when its metadata is replaced (S3 would otherwise reset them). */
const KEPT_HEADERS = ['content-type', 'cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires',
  'x-amz-storage-class', 'x-amz-website-redirect-location', 'x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id']

/** Headers a CopyObject ignores unless the metadata directive is REPLACE. */
const REPLACED_HEADERS = ['content-type', 'cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires']

function hasMetadata(headers: Headers): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase().startsWith('x-amz-meta-'))
}

function hasSystemHeaders(headers: Headers): boolean {
  return Object.keys(headers).some((k) => REPLACED_HEADERS.includes(k.toLowerCase()))
}

/**
 * Copies server-side, across buckets too. The original's rule: when `headers` hold metadata the
 * destination gets them (REPLACE, keeping the source's Content-Type and other system headers
 * unless given); otherwise the source's metadata is copied (COPY). System headers that a COPY
 * would ignore (Cache-Control, Content-Disposition...) make it a REPLACE that keeps the source's
 * metadata. x-amz-tagging replaces the source's tags. Sources at or above 5 GiB (or
 * `options.multipartThreshold`) go by multipart copy.
 */
export async function copy(client: Client, remoteSource: RemoteName, remoteDestination: RemoteName, headers: Headers = {}, options: CopyOptions = {}): Promise<void> {
  const op = 'copy'
  const source = client.resolve(remoteSource, op)
  const destination = client.resolve(remoteDestination, op)
  const directive = hasMetadata(headers) || hasSystemHeaders(headers) ? 'REPLACE' : 'COPY'
  await copyObject(client, op, source, destination, headers, directive, options, !hasMetadata(headers))
}

/** Replaces the metadata with the `x-amz-meta-*` of `headers`, keeping Content-Type and the other system headers. */
export async function updateMetadata(client: Client, remoteName: RemoteName, headers: Headers, options: TransferTuning = {}): Promise<void> {
  const op = 'updateMetadata'
  const target = client.resolve(remoteName, op)
  await copyObject(client, op, target, target, headers, 'REPLACE', options)
}

async function copyObject(client: Client, op: string, source: Target, destination: Target, headers: Headers, directive: 'COPY' | 'REPLACE', options: CopyOptions,
  keepMetadata = directive === 'COPY'): Promise<void> {
  const sourceHeaders = options.sourceHeaders ?? {}
  const info = await headAs(client, op, source, {versionId: options.sourceVersionId, headers: sourceHeaders})
  const copySource = copySourceHeader(source, options.sourceVersionId)
  const threshold = Math.min(options.multipartThreshold ?? MAX_SINGLE_REQUEST_OBJECT, MAX_SINGLE_REQUEST_OBJECT)
  // What the new object should carry: the source's system headers (and metadata unless replaced), then the caller's.
  const kept: Headers = {}
  for (const name of KEPT_HEADERS) {
    const value = headerValue(info.headers, name)
    if (value !== undefined && !hasHeader(headers, name)) kept[name] = value
  }
  const sourceKey = asCopySourceHeaders(sourceHeaders) // an SSE-C source is read with its key
  const response = await client.wrapErrors(op, async () => {
    if (info.size >= threshold && info.size > 0) {
      const newHeaders = keepMetadata ? {...kept, ...info.metadata, ...headers} : {...kept, ...headers}
      const {response} = await multipartCopy({
        send: (req) => client.send(req), op, copySource, size: info.size, target: destination, headers: newHeaders,
        partHeaders: {...sseCustomerOnly(headers), ...sourceKey},
        partSize: options.partSize ?? Math.max(client.connection.partSize, COPY_PART_SIZE),
        concurrency: Math.max(1, Math.floor(options.concurrency ?? client.connection.concurrency)), signal: options.signal,
      })
      await tagCopy(client, op, destination, headers, response)
      return response
    }
    const newHeaders = directive === 'COPY' ? {...headers} : keepMetadata ? {...kept, ...info.metadata, ...headers} : {...kept, ...headers}
    if (hasHeader(headers, 'x-amz-tagging')) newHeaders['x-amz-tagging-directive'] = 'REPLACE'
    const response = await singleCopy((req) => client.send(req), op, copySource, destination, {...newHeaders, ...sourceKey, 'x-amz-metadata-directive': directive}, options.signal)
    await tagCopy(client, op, destination, headers, response)
    return response
  })
  const versionId = headerValue(response.headers, 'x-amz-version-id')
  await client.connection.events.stored({...destination, size: info.size, ...(versionId ? {versionId} : {}), source: `s3://${source.bucket}/${source.key}`, op})
}

/**
 * The tags of x-amz-tagging, set on the copy once more with PutObjectTagging: Ceph RGW ignores
 * them on CopyObject (and drops the source's with x-amz-tagging-directive REPLACE).
 */
async function tagCopy(client: Client, op: string, destination: Target, headers: Headers, response: S3Response): Promise<void> {
  const tagging = Object.entries(headers).find(([name]) => name.toLowerCase() === 'x-amz-tagging')?.[1]
  if (tagging === undefined) return
  const Tag = [...new URLSearchParams(tagging)].map(([Key, Value]) => ({Key, Value}))
  const versionId = headerValue(response.headers, 'x-amz-version-id')
  const spec = findConfig('tagging', 'object')!
  await client.send({op, method: 'PUT', ...destination, query: subresourceQuery(spec, {versionId}), headers: {'content-type': 'application/xml'},
    body: encodeBucketConfig(spec, {Tagging: {TagSet: Tag.length > 0 ? {Tag} : ''}})})
}
