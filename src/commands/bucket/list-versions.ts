import * as Flags from '@oclif/core/flags'
import {listingFlags} from '../../cli/listing-flags.js'
import type {ObjectVersion} from '../../index.js'
import {BucketCommand, bucketArg} from './bucket-command.js'

export default class BucketListVersions extends BucketCommand<typeof BucketListVersions> {
  static summary = 'List every version and delete marker of a bucket'
  static description = 'Lists the object versions and delete markers of BUCKET (default: default_bucket), page after page as they arrive, ' +
    'by key and newest first. Text lines are `last_modified * size version_id key` (`*` marks the current version of its key; ' +
    'a delete marker shows `(delete marker)` for its size); ndjson gives one record per line. For one page as S3 answers it, use bucket:get-versions.'
  static examples = [
    '<%= config.bin %> <%= command.id %> com-example-photos',
    '<%= config.bin %> <%= command.id %> com-example-photos --prefix 2024/ -o ndjson | jq -r \'select(.deleteMarker) | .key\'',
    '<%= config.bin %> <%= command.id %> com-example-photos --human-readable --summarize',
  ]
  static args = {bucket: bucketArg}
  static flags = {
    prefix: Flags.string({description: 'only keys that start with PREFIX'}),
    ...listingFlags,
  }

  async run(): Promise<void> {
    const {VERSION_COLUMNS, VERSION_SUMMARY, versionLine} = await import('../../output/listing-lines.js')
    const storage = await this.storage()
    const bucket = await this.bucketName()
    const human = this.flags['human-readable']
    await this.outputList<ObjectVersion>(storage.bucketListVersions(bucket, this.flags.prefix), {
      record: (v) => ({...v}),
      text: (v) => versionLine(v, {human}),
      row: (v) => ({...v, size: v.deleteMarker ? '' : v.size}),
      columns: VERSION_COLUMNS,
      human,
      summary: this.flags.summarize ? VERSION_SUMMARY : undefined,
    })
  }
}
