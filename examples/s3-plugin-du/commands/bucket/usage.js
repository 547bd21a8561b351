// @ts-check
/**
 * `s3 bucket:usage`: how much a bucket, or the part of it under a prefix, holds.
 * Extends the CLI's own base command, so it has the global flags (-c, -b, -v, -o, --json),
 * the same config discovery, output formats and exit codes as every built-in command.
 */
import {Args, Flags, S3Command} from 's3-connector/plugin'
import {humanSize} from '../../lib/size.js'

export default class BucketUsage extends S3Command {
  static summary = 'Total size and number of objects under a prefix'
  static description = 'Lists every key of BUCKET under --prefix (all of them by default) and prints `SIZE COUNT s3://BUCKET/PREFIX`. With --json: {"bucket", "prefix", "count", "size"}, size in bytes.'
  static examples = [
    '<%= config.bin %> <%= command.id %> my-bucket',
    '<%= config.bin %> <%= command.id %> my-bucket --prefix logs/2024/ --human',
    '<%= config.bin %> <%= command.id %> my-bucket --json | jq .size',
  ]

  static args = {
    bucket: Args.string({description: 'bucket to measure (default: --bucket, then default_bucket)', required: false}),
  }

  static flags = {
    prefix: Flags.string({char: 'p', description: 'only count keys that start with this', default: ''}),
    human: Flags.boolean({char: 'H', description: 'sizes in KiB, MiB, GiB... instead of bytes'}),
  }

  async run() {
    const bucket = await this.bucketOrDefault(this.args.bucket) // no bucket at all: a usage error, exit 2
    const storage = await this.storage()
    const prefix = this.flags.prefix
    let count = 0
    let size = 0
    // No delimiter: the listing is flat, so every item is an S3Key (never a common prefix).
    for await (const item of storage.bucketListKeys(bucket, null, prefix || null)) {
      if (typeof item === 'string') continue
      count++
      size += item.size
    }
    const result = {bucket, prefix, count, size}
    const shown = this.flags.human ? humanSize(size) : String(size)
    await this.output(result, () => `${shown}\t${count}\ts3://${bucket}/${prefix}`)
    return result
  }
}
