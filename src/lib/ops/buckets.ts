/**
 * The original's bucket calls: list the buckets, create, delete, exists, and one raw GET of a
 * bucket (bucketGet). Listings of keys are list-keys.ts, emptying empty.ts, configurations
 * subresources.ts.
 */
import {checkBucketName} from '../bucket-name.js'
import type {Client} from '../client/client.js'
import type {QueryParams} from '../client/connection.js'
import {S3_XMLNS} from '../constants.js'
import {StorageError} from '../errors.js'
import {type Headers, S3Bucket} from '../types.js'
import {asArray, parseXml, toXml, type XmlObject} from '../client/xml.js'
import type {BucketConfigData} from './subresource-body.js'

export type {BucketConfigData, PolicyDocument} from './subresource-body.js'
export type {DeleteError} from './listing.js'
export type {DeleteObjectsResult, EmptyBucketOptions, ObjectIdentifier} from './empty.js'

export interface CreateBucketOptions {
  /** The region (location constraint) of the new bucket; default: the connection's region. */
  region?: string
}

/** Every bucket of the authenticated user, as S3Bucket. */
export async function* bucketList(client: Client): AsyncGenerator<S3Bucket> {
  const response = await client.send({op: 'bucketList', method: 'GET', xmlRoot: 'ListAllMyBucketsResult'})
  const doc = await client.wrapErrors('bucketList', () => parseXml(response.body.toString('utf8')))
  const result = doc.ListAllMyBucketsResult as XmlObject | undefined
  const buckets = asArray((result?.Buckets as XmlObject | undefined)?.Bucket as XmlObject | XmlObject[])
  for (const bucket of buckets) {
    yield new S3Bucket({name: String(bucket.Name), creationDate: String(bucket.CreationDate)})
  }
}

/**
 * Creates `bucket`. Headers set a canned ACL (x-amz-acl) or grants (x-amz-grant-*). The
 * CreateBucketConfiguration names `options.region` (default: the connection's region),
 * except for us-east-1, which S3 wants left out; `data` replaces that document.
 */
export async function bucketCreate(client: Client, bucket: string, headers: Headers = {}, data?: BucketConfigData, options: CreateBucketOptions = {}): Promise<void> {
  const op = 'bucketCreate'
  const body = await client.wrapErrors(op, async () => {
    checkBucketName(bucket, 'strict')
    if (data !== undefined && data !== null) return typeof data === 'string' ? data : toXml(data as XmlObject, {declaration: true})
    const region = options.region ?? client.connection.region
    if (region === 'us-east-1') return undefined
    return toXml({[`CreateBucketConfiguration xmlns="${S3_XMLNS}"`]: {LocationConstraint: region}}, {declaration: true})
  })
  await client.send({op, method: 'PUT', bucket, headers, body})
}

/** Deletes an empty bucket (BucketNotEmpty otherwise: see bucketEmpty). */
export async function bucketDelete(client: Client, bucket: string): Promise<void> {
  await client.wrapErrors('bucketDelete', async () => checkBucketName(bucket, 'legacy'))
  await client.send({op: 'bucketDelete', method: 'DELETE', bucket})
}

/**
 * HEAD bucket: true when it exists and is yours to read, false when it does not exist.
 * Any other answer raises, like `aws s3api head-bucket`: a 403 means the bucket exists
 * but belongs to someone else, which neither true nor false would say.
 */
export async function bucketExists(client: Client, bucket: string): Promise<boolean> {
  await client.wrapErrors('bucketExists', async () => checkBucketName(bucket, 'legacy'))
  try {
    await client.send({op: 'bucketExists', method: 'HEAD', bucket})
    return true
  } catch (error) {
    if (error instanceof StorageError && error.status === 404) return false
    throw error
  }
}

/** One GET of the bucket (a page of ListObjects v1, as the original did), parsed. */
export async function bucketGet(client: Client, bucket: string, params: QueryParams = {}): Promise<XmlObject> {
  const op = 'bucketGet'
  await client.wrapErrors(op, async () => checkBucketName(bucket, 'legacy'))
  const response = await client.send({op, method: 'GET', bucket, query: params})
  return client.wrapErrors(op, () => parseXml(response.body.toString('utf8')))
}
