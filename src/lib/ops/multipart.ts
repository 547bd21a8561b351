/**
 * The five multipart calls (initiate, upload part, upload part by copy, complete, abort) and
 * the listing of open uploads, as plain functions over one `send`. multipart-driver.ts
 * schedules them; this file only knows the wire format.
 */
import type {S3Request, StreamBody} from '../client/connection.js'
import {S3_XMLNS} from '../constants.js'
import {StorageError} from '../errors.js'
import {etagOf, parseBody} from '../client/response.js'
import type {S3Response} from '../client/response.js'
import type {Target} from '../types.js'
import {escapeXmlText, type XmlObject} from '../client/xml.js'
import {parseUploadsPage, type UploadEntry, type UploadsPage} from './listing.js'
import {EntryOrder, inconsistentListing, type Markers, markerPages, type MarkersPage} from './listing-order.js'

export type Send = (req: S3Request) => Promise<S3Response>

export interface CompletedPart {
  PartNumber: number
  ETag: string
}

/** Starts an upload; the user's headers (metadata, Content-Type, ACL, SSE...) go here. */
export async function initiateUpload(send: Send, op: string, target: Target, headers: Record<string, string>, signal?: AbortSignal): Promise<string> {
  const response = await send({op, method: 'POST', ...target, query: {uploads: ''}, headers, signal})
  const doc = await parseBody(op, response)
  const id = (doc.InitiateMultipartUploadResult as XmlObject | undefined)?.UploadId
  if (typeof id !== 'string' || id === '') throw new StorageError(op, new Error('InitiateMultipartUpload answered without an UploadId'), response)
  return id
}

/** Sends one part (Content-MD5 is added by the connection); returns its ETag. */
export async function uploadPart(send: Send, op: string, target: Target, uploadId: string, partNumber: number, body: Buffer | StreamBody,
  signal?: AbortSignal, headers: Record<string, string> = {}): Promise<string> {
  const response = await send({op, method: 'PUT', ...target, query: {partNumber, uploadId}, body, headers, signal})
  return etagOf(op, response)
}

/** Copies bytes [first, last] of `copySource` (already encoded) into one part; `extra`: SSE-C keys of either side. */
export async function uploadPartCopy(send: Send, op: string, target: Target, uploadId: string, partNumber: number,
  copySource: string, first: number, last: number, signal?: AbortSignal, extra: Record<string, string> = {}): Promise<string> {
  const headers = {...extra, 'x-amz-copy-source': copySource, 'x-amz-copy-source-range': `bytes=${first}-${last}`}
  const response = await send({op, method: 'PUT', ...target, query: {partNumber, uploadId}, headers, signal})
  const doc = await parseBody(op, response)
  const etag = (doc.CopyPartResult as XmlObject | undefined)?.ETag
  if (typeof etag !== 'string') throw new StorageError(op, new Error(`UploadPartCopy of part ${partNumber} answered without an ETag`), response)
  return etag
}

/** Completes the upload: only now does the object appear (or replace the old one), atomically. */
export async function completeUpload(send: Send, op: string, target: Target, uploadId: string, parts: CompletedPart[]): Promise<S3Response> {
  const body = `<CompleteMultipartUpload xmlns="${S3_XMLNS}">`
    + parts.map((p) => `<Part><PartNumber>${p.PartNumber}</PartNumber><ETag>${escapeXmlText(p.ETag)}</ETag></Part>`).join('')
    + '</CompleteMultipartUpload>'
  const response = await send({op, method: 'POST', ...target, query: {uploadId}, body, headers: {'content-type': 'application/xml'}})
  await parseBody(op, response) // a 200 may still carry an <Error> (S3 sends it after a long completion)
  return response
}

/** Aborts the upload and frees its parts. Never takes the caller's signal: it must run after an abort. */
export async function abortUpload(send: Send, op: string, target: Target, uploadId: string): Promise<void> {
  try {
    await send({op, method: 'DELETE', ...target, query: {uploadId}})
  } catch (error) {
    if (error instanceof StorageError && error.code === 'NoSuchUpload') return // already gone
    throw error
  }
}

export type OpenUpload = UploadEntry

/** The bucket's unfinished multipart uploads (under `prefix`), every page. */
export async function* listUploads(send: Send, op: string, bucket: string, prefix?: string, signal?: AbortSignal, params: Record<string, string> = {}): AsyncGenerator<OpenUpload> {
  const read = async ({keyMarker, idMarker}: Markers): Promise<MarkersPage<UploadEntry>> => {
    // No encoding-type: RGW percent-encodes upload keys then without saying so (no <EncodingType>).
    const query = {...params, uploads: '', prefix, 'key-marker': keyMarker, 'upload-id-marker': idMarker}
    const response = await send({op, method: 'GET', bucket, query, signal})
    let page: UploadsPage
    try {
      page = await parseUploadsPage(response.body)
    } catch (error) {
      throw new StorageError(op, error as Error, response)
    }
    return {entries: page.uploads, truncated: page.truncated, nextKeyMarker: page.nextKeyMarker, nextIdMarker: page.nextUploadIdMarker}
  }
  yield* markerPages(read, new EntryOrder<UploadEntry>((u) => u.uploadId, prefix ?? ''),
    (problem, page) => inconsistentListing(op, `the listing of the uploads of ${bucket}`, problem, page))
}
