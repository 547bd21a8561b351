import * as Flags from '@oclif/core/flags'
import {listingFlags} from '../../cli/listing-flags.js'
import type {S3Key} from '../../lib/types.js'
import {BucketCommand, bucketArg} from './bucket-command.js'

type Entry = S3Key | string

export default class BucketListKeys extends BucketCommand<typeof BucketListKeys> {
  static summary = 'List the keys of a bucket'
  static description = 'Lists the keys of BUCKET (default: default_bucket) as they arrive, page after page, in constant memory. ' +
    'Text lines are `e_tag storage_class size last_modified owner key` (the original `s3 list` output); with --delimiter, ' +
    'each page\'s common prefixes follow its keys as `PRE prefix` lines (records {"prefix": ...} in json, ndjson, yaml). ' +
    'Table output is printed row by row and fits the terminal: long keys are shortened in the middle.'
  static examples = [
    '<%= config.bin %> <%= command.id %> com-example-photos',
    '<%= config.bin %> <%= command.id %> com-example-photos --prefix 2024/ --delimiter /',
    '<%= config.bin %> <%= command.id %> com-example-photos -o ndjson | jq -r .key',
    '<%= config.bin %> <%= command.id %> com-example-photos --max 10',
    '<%= config.bin %> <%= command.id %> com-example-photos --prefix 2024/ --human-readable --summarize',
    '<%= config.bin %> <%= command.id %> com-example-photos --page-size 100 -o ndjson',
  ]
  static args = {bucket: bucketArg}
  static flags = {
    prefix: Flags.string({description: 'only keys that start with PREFIX'}),
    delimiter: Flags.string({char: 'd', description: 'group keys sharing a prefix up to DELIMITER (usually /) into common prefixes'}),
    max: Flags.integer({char: 'm', min: 1, description: 'stop after this many keys and prefixes'}),
    'page-size': Flags.integer({min: 1, max: 1000, default: 1000, description: 'keys asked for per request (smaller pages answer sooner)'}),
    ...listingFlags,
  }

  async run(): Promise<void> {
    const {KEY_COLUMNS, KEY_SUMMARY, keyLine} = await import('../../output/listing-lines.js')
    const storage = await this.storage()
    const bucket = await this.bucketName()
    const max = this.flags.max
    const pageSize = this.flags['page-size']
    const params = {'max-keys': max ? Math.min(max, pageSize) : pageSize}
    const listing = storage.bucketListKeys(bucket, this.flags.delimiter, this.flags.prefix, params)
    const limited = async function* () {
      let count = 0
      for await (const entry of listing) {
        if (max !== undefined && count >= max) return
        count++
        yield entry
      }
    }
    const human = this.flags['human-readable']
    await this.outputList<Entry>(limited(), {
      record: (e) => (typeof e === 'string' ? {prefix: e}
        : {key: e.key, size: e.size, lastModified: e.lastModified, eTag: e.eTag, storageClass: e.storageClass, owner: e.owner}),
      text: (e) => (typeof e === 'string' ? `PRE ${e}` : keyLine(e, {human})),
      row: (e) => (typeof e === 'string' ? {size: 'PRE', key: e} : {...e}),
      columns: KEY_COLUMNS,
      human,
      summary: this.flags.summarize ? KEY_SUMMARY : undefined,
    })
  }
}
