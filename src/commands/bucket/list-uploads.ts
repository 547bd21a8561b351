import * as Flags from '@oclif/core/flags'
import {listingFlags} from '../../cli/listing-flags.js'
import type {OpenUpload} from '../../lib/ops/multipart.js'
import {BucketCommand, bucketArg} from './shared.js'

export default class BucketListUploads extends BucketCommand<typeof BucketListUploads> {
  static summary = 'List the unfinished multipart uploads of a bucket'
  static description = 'Lists the multipart uploads of BUCKET (default: default_bucket) that were started and neither completed nor aborted, ' +
    'page after page as they arrive. Their parts take space (and are billed) until they are aborted: see bucket:abort-uploads. ' +
    'Text lines are `initiated upload_id key`.'
  static examples = [
    '<%= config.bin %> <%= command.id %> com-example-photos',
    '<%= config.bin %> <%= command.id %> com-example-photos --prefix backups/ -o ndjson',
    '<%= config.bin %> <%= command.id %> com-example-photos --human-readable --summarize',
  ]
  static args = {bucket: bucketArg}
  static flags = {
    prefix: Flags.string({description: 'only uploads to keys that start with PREFIX'}),
    ...listingFlags,
  }

  async run(): Promise<void> {
    const {UPLOAD_COLUMNS, UPLOAD_SUMMARY, uploadLine} = await import('../../output/listing-lines.js')
    const storage = await this.storage()
    const bucket = await this.bucketName()
    const human = this.flags['human-readable']
    await this.outputList<OpenUpload>(storage.multipartUploads(bucket, this.flags.prefix), {
      record: (u) => ({key: u.key, uploadId: u.uploadId, initiated: u.initiated}),
      text: (u) => uploadLine(u, {human}),
      columns: UPLOAD_COLUMNS,
      human,
      summary: this.flags.summarize ? UPLOAD_SUMMARY : undefined,
    })
  }
}
