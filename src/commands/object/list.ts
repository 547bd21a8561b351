import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {listingFlags} from '../../cli/listing-flags.js'
import {typedAsOriginal} from '../../cli/original-forms.js'
import {parseRemote} from '../../cli/remote-arg.js'
import {EXIT} from '../../exit-codes.js'
import {type S3Key, ValueError} from '../../lib/types.js'
import {ObjectCommand} from './object-command.js'

export default class ObjectList extends ObjectCommand<typeof ObjectList> {
  static summary = 'List the keys of a bucket or prefix, or show one object and its metadata'
  static description = 'Without REMOTE, lists every key of the default bucket as `e_tag storage_class size last_modified owner key` (the original `s3 list` output). ' +
    'With a bucket only (s3://BUCKET, or BUCKET without a default bucket) lists that bucket; with a name ending in / (s3://BUCKET/PREFIX/, BUCKET/PREFIX/, ' +
    'or PREFIX/ in the default bucket) lists the keys under that prefix, like `aws s3 ls`. With a key, prints `REMOTE exists: true/false, metadata: {...}` (exit 1 when it does not exist; exit 0 as `list`, as the original). ' +
    'With --delimiter, common prefixes follow each page\'s keys as plain lines.'
  static aliases = ['list']
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> s3://com-example-docs --prefix 2024/ --delimiter /',
    '<%= config.bin %> <%= command.id %> s3://com-example-docs/2024/ --human-readable --summarize',
    '<%= config.bin %> <%= command.id %> example-in-s3',
    '<%= config.bin %> <%= command.id %> --output ndjson | jq -r .key',
  ]
  static args = {
    remote: Args.string({description: 'a key (shows it and its metadata), or a bucket (s3://BUCKET) or prefix ending in / (s3://BUCKET/PREFIX/) to list', required: false}),
  }
  static flags = {
    prefix: Flags.string({description: 'only keys starting with this'}),
    delimiter: Flags.string({description: 'group keys by this character (usually /) into common prefixes'}),
    ...listingFlags,
  }

  async run(): Promise<void> {
    const {KEY_COLUMNS, KEY_SUMMARY, keyLine} = await import('../../output/listing-lines.js')
    const remote = this.args.remote
    const ref = remote === undefined ? {bucket: null, key: ''} : parseRemote(remote, await this.defaultBucket())
    // A name ending in / is a folder to list; any other key is one object, as in the original.
    if (ref.key !== '' && !ref.key.endsWith('/')) return this.showOne(remote!)
    if (ref.key !== '' && this.flags.prefix !== undefined) throw new ValueError(`give the prefix in REMOTE (${remote}) or with --prefix, not both`)
    const bucket = await this.bucketOrDefault(ref.bucket ?? undefined)
    const storage = await this.storage()
    const human = this.flags['human-readable']
    await this.outputList<S3Key | string>(storage.bucketListKeys(bucket, this.flags.delimiter, ref.key || this.flags.prefix), {
      record: (item) => (typeof item === 'string' ? {prefix: item} : {...item}),
      text: (item) => (typeof item === 'string' ? item : keyLine(item, {human})),
      row: (item) => (typeof item === 'string' ? {size: 'PRE', key: item} : {...item}),
      columns: KEY_COLUMNS,
      human,
      summary: this.flags.summarize ? KEY_SUMMARY : undefined,
    })
  }

  private async showOne(arg: string): Promise<void> {
    const target = await this.resolveRemote(arg)
    const storage = await this.storage()
    const [exists, metadata] = await storage.exists(target.name)
    await this.output({bucket: target.bucket, key: target.name.key, exists, metadata}, () => `${arg} exists: ${exists}, metadata: ${JSON.stringify(metadata)}`)
    // The original's `list NAME` printed `exists: false` and succeeded.
    if (!exists && !typedAsOriginal()) process.exitCode = EXIT.FAILURE
  }
}
