/**
 * The seed's bucket methods. Storage = bucket methods + object methods over one connection.
 */
import {parseXml, type XmlObject} from '../xml.js'
import type {S3Bucket} from '../types.js'
import {asArray} from './core.js'
import {ObjectStorage} from './objects.js'

export class Storage extends ObjectStorage {
  /** Every bucket of the authenticated user, as S3Bucket. */
  async *bucketList(): AsyncGenerator<S3Bucket> {
    const response = await this.send({op: 'bucketList', method: 'GET'})
    const doc = await this.guard('bucketList', () => parseXml(response.body.toString('utf8')))
    const result = doc.ListAllMyBucketsResult as XmlObject | undefined
    const buckets = asArray((result?.Buckets as XmlObject | undefined)?.Bucket as XmlObject | XmlObject[])
    for (const bucket of buckets) {
      yield {name: String(bucket.Name), creationDate: String(bucket.CreationDate)}
    }
  }
}
