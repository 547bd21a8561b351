import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {listingFlags} from '../../cli/listing-flags.js'
import {typedAsOriginal} from '../../cli/original-forms.js'
import {parseRemote} from '../../cli/remote-arg.js'
import {type S3Key, ValueError} from '../../lib/types.js'
import {FolderListCommand} from './folder-list.js'

export default class ObjectList extends FolderListCommand<typeof ObjectList> {
  static summary = 'List a bucket or prefix one level at a time, as aws s3 ls'
  static description = 'Lists REMOTE (default: the default bucket) as `aws s3 ls` does: one level, its folders (common prefixes) as `PRE name/` and then its objects as ' +
    '`date size name`, named after the folder listed; --recursive lists every key under it with its whole name. ' +
    'REMOTE is s3://BUCKET[/PREFIX], BUCKET[/PREFIX] without a default bucket, or PREFIX in the default bucket. A prefix is S3\'s: `s3://B/tre` lists what starts with `tre` ' +
    '(`PRE tree/`), `s3://B/tree/` what is in the folder. A prefix that lists nothing exits 1. ' +
    'Records (json, ndjson, yaml) give key, size, lastModified first, then storageClass, eTag, owner; a folder is {"prefix": ...}. ' +
    'Under the original\'s name, `s3 list` keeps the original output: every key, as `e_tag storage_class size last_modified owner key`, and `list KEY` prints `KEY exists: true/false, metadata: {...}` (exit 0).'
  static aliases = ['list']
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> s3://com-example-docs/2024/',
    '<%= config.bin %> <%= command.id %> s3://com-example-docs/2024/ --recursive --human-readable --summarize',
    '<%= config.bin %> <%= command.id %> --recursive --output ndjson | jq -r .key',
  ]
  static args = {
    remote: Args.string({description: 'what to list: s3://BUCKET, s3://BUCKET/PREFIX (a folder ends in /), or PREFIX in the default bucket', required: false}),
  }
  static flags = {
    recursive: Flags.boolean({char: 'r', description: 'every key under the prefix, not one level'}),
    prefix: Flags.string({description: 'only keys starting with this'}),
    delimiter: Flags.string({description: 'group keys by this character into common prefixes (default: / without --recursive)'}),
    ...listingFlags,
  }

  async run(): Promise<void> {
    if (typedAsOriginal()) return this.originalList()
    const remote = this.args.remote
    const ref = remote === undefined ? {bucket: null, key: ''} : parseRemote(remote, await this.defaultBucket())
    if (ref.key !== '' && this.flags.prefix !== undefined) throw new ValueError(`give the prefix in REMOTE (${remote}) or with --prefix, not both`)
    const bucket = await this.bucketOrDefault(ref.bucket ?? undefined)
    await this.listFolder(bucket, ref.key || (this.flags.prefix ?? ''), {
      recursive: this.flags.recursive,
      delimiter: this.flags.delimiter,
      human: this.flags['human-readable'],
      summarize: this.flags.summarize,
    })
  }

  /**
   * `s3 list`, as the original: every key in its line (`e_tag storage_class size
   * last_modified owner key`); a name ending in / lists that prefix, any other is one object.
   */
  private async originalList(): Promise<void> {
    const {KEY_COLUMNS, KEY_SUMMARY, keyLine} = await import('../../output/listing-lines.js')
    const remote = this.args.remote
    const ref = remote === undefined ? {bucket: null, key: ''} : parseRemote(remote, await this.defaultBucket())
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
    // The original's `list NAME` printed `exists: false` and succeeded.
    await this.output({bucket: target.bucket, key: target.name.key, exists, metadata}, () => `${arg} exists: ${exists}, metadata: ${JSON.stringify(metadata)}`)
  }
}
