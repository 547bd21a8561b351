import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {listingFlags} from '../../cli/listing-flags.js'
import {describePrefix, PrefixCommand} from '../object/prefix-command.js'
import type {FolderTotal} from '../../output/folder-totals.js'

export default class BucketDu extends PrefixCommand<typeof BucketDu> {
  static summary = 'Sizes and object counts of a prefix and its folders, as du(1) measures folders'
  static description = 'Lists every key under PREFIX once (a folder: `logs` means `logs/`; none: the default bucket) and prints `SIZE COUNT s3://BUCKET/FOLDER/` ' +
    'for each folder down to --depth (0, the default: the prefix only; 1: also each first-level folder...), each folder after the ones inside it and the prefix last, ' +
    'as the listing goes (only the current key\'s folders are held). A folder holds the objects whose keys continue it; folder markers count as objects. ' +
    'json, ndjson and yaml give records {bucket, prefix, depth, count, size}, size in bytes.'
  static aliases = ['du']
  static examples = [
    '<%= config.bin %> <%= command.id %> s3://com-example-logs',
    '<%= config.bin %> <%= command.id %> s3://com-example-logs/2024/ --depth 1 --human-readable',
    '<%= config.bin %> <%= command.id %> com-example-logs/2024/ --depth 2 -o ndjson | jq -c "select(.size > 1e9)"',
  ]
  static args = {
    prefix: Args.string({description: 's3://BUCKET/PREFIX, BUCKET/PREFIX, or PREFIX of the default bucket (default: the whole default bucket)', required: false}),
  }
  static flags = {
    depth: Flags.integer({char: 'd', description: 'folders shown down to this depth: 0 the total only, 1 each first-level folder too...', min: 0, default: 0, helpValue: 'N'}),
    'human-readable': listingFlags['human-readable'],
  }

  async run(): Promise<void> {
    const [{folderTotals}, {listRemote}, {formatBytes}] = await Promise.all([
      import('../../output/folder-totals.js'), import('../../lib/transfer/remote-listing.js'), import('../../output/units.js'),
    ])
    const at = await this.prefixLocation(this.args.prefix)
    const storage = await this.storage()
    const human = this.flags['human-readable']
    const size = (bytes: number) => (human ? formatBytes(bytes) : String(bytes))
    await this.outputList<FolderTotal>(folderTotals(listRemote(storage, at.bucket, at.prefix), this.flags.depth), {
      record: (t) => ({bucket: at.bucket, prefix: at.prefix + t.folder, depth: t.depth, count: t.count, size: t.size}),
      text: (t) => `${size(t.size)}\t${t.count}\t${describePrefix(at, t.folder)}`,
      // Sized at the end (rows are few: folders down to a depth), as the total's count, the widest, comes last.
      row: (t) => ({size: size(t.size), count: t.count, prefix: describePrefix(at, t.folder)}),
      columns: ['size', 'count', 'prefix'],
    })
  }
}
