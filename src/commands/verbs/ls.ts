import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {listingFlags} from '../../cli/listing-flags.js'
import {parseRemote} from '../../cli/remote-arg.js'
import type {S3Bucket} from '../../lib/types.js'
import {FolderListCommand} from '../object/folder-list.js'

export default class Ls extends FolderListCommand<typeof Ls> {
  static summary = 'List buckets, or a bucket or prefix one level at a time (aws s3 ls)'
  static description = 'Without an argument, lists your buckets as `date name`. With s3://BUCKET[/PREFIX], lists one level as `aws s3 ls` does: ' +
    'folders (common prefixes) as `PRE name/`, then objects as `date size name`; --recursive lists every key under it. ' +
    'A prefix is S3\'s: `s3://B/tre` shows `PRE tree/`. A prefix that lists nothing exits 1. The same listing as object:list, whose REMOTE defaults to the default bucket.'
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> s3://com-example-docs/2024/',
    '<%= config.bin %> <%= command.id %> s3://com-example-docs --recursive --human-readable --summarize',
  ]
  static args = {
    remote: Args.string({description: 's3://BUCKET or s3://BUCKET/PREFIX (also BUCKET/PREFIX, or PREFIX in the default bucket)', required: false}),
  }
  static flags = {
    recursive: Flags.boolean({char: 'r', description: 'every key under the prefix, not one level'}),
    ...listingFlags,
  }

  async run(): Promise<void> {
    const remote = this.args.remote
    if (remote === undefined) return this.listBuckets()
    const ref = parseRemote(remote, await this.defaultBucket())
    const bucket = await this.bucketOrDefault(ref.bucket ?? undefined)
    await this.listFolder(bucket, ref.key, {recursive: this.flags.recursive, human: this.flags['human-readable'], summarize: this.flags.summarize})
  }

  private async listBuckets(): Promise<void> {
    const {awsBucketLine} = await import('../../output/aws-lines.js')
    const storage = await this.storage()
    await this.outputList<S3Bucket>(storage.bucketList(), {
      record: (b) => ({name: b.name, creationDate: b.creationDate}),
      text: awsBucketLine,
      columns: ['name', 'creationDate'],
    })
  }
}
