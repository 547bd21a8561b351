import {Args, Flags} from '@oclif/core'
import {parseRemote} from '../../cli/remote-arg.js'
import {EXIT} from '../../exit-codes.js'
import type {S3Key} from '../../lib/types.js'
import {keyLine} from '../../output/listing-lines.js'
import {ObjectCommand} from './shared.js'

export default class ObjectList extends ObjectCommand<typeof ObjectList> {
  static summary = 'List the keys of a bucket, or show one object and its metadata'
  static description = 'Without REMOTE, lists every key of the default bucket as `e_tag storage_class size last_modified owner key` (the original `s3 list` output). ' +
    'With a bucket only (s3://BUCKET, or BUCKET without a default bucket) lists that bucket. With a key, prints `REMOTE exists: true/false, metadata: {...}` (exit 1 when it does not exist). ' +
    'With --delimiter, common prefixes follow each page\'s keys as plain lines.'
  static aliases = ['list']
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> s3://com-example-docs --prefix 2024/ --delimiter /',
    '<%= config.bin %> <%= command.id %> example-in-s3',
    '<%= config.bin %> <%= command.id %> --output ndjson | jq -r .key',
  ]
  static args = {
    remote: Args.string({description: 'a key (shows it and its metadata) or a bucket (s3://BUCKET) to list', required: false}),
  }
  static flags = {
    prefix: Flags.string({description: 'only keys starting with this'}),
    delimiter: Flags.string({description: 'group keys by this character (usually /) into common prefixes'}),
  }

  async run(): Promise<void> {
    const ref = this.args.remote === undefined ? {bucket: null, key: ''} : parseRemote(this.args.remote, await this.defaultBucket())
    if (ref.key !== '') return this.showOne(this.args.remote!)
    const bucket = await this.bucketOrDefault(ref.bucket ?? undefined)
    const storage = await this.storage()
    await this.outputList<S3Key | string>(storage.bucketListKeys(bucket, this.flags.delimiter, this.flags.prefix), {
      record: (item) => (typeof item === 'string' ? {prefix: item} : {...item}),
      text: (item) => (typeof item === 'string' ? item : keyLine(item)),
      columns: ['eTag', 'storageClass', 'size', 'lastModified', 'key'],
    })
  }

  private async showOne(arg: string): Promise<void> {
    const target = await this.resolveRemote(arg)
    const storage = await this.storage()
    const [exists, metadata] = await storage.exists(target.name)
    await this.output({bucket: target.bucket, key: target.name.key, exists, metadata}, () => `${arg} exists: ${exists}, metadata: ${JSON.stringify(metadata)}`)
    if (!exists) process.exitCode = EXIT.FAILURE
  }
}
