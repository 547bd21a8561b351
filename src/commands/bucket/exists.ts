import {EXIT} from '../../exit-codes.js'
import {BucketCommand, bucketArg} from './bucket-command.js'

export default class BucketExists extends BucketCommand<typeof BucketExists> {
  static summary = 'Tell whether a bucket exists'
  static description = 'Prints true and exits 0 when BUCKET exists and you may read it; prints false and exits 1 when it does not exist. ' +
    'A bucket that exists but belongs to someone else is an error (AccessDenied, exit 5), as with `aws s3api head-bucket`.'
  static examples = [
    '<%= config.bin %> <%= command.id %> com-example-photos',
    'if <%= config.bin %> <%= command.id %> com-example-photos >/dev/null; then echo yes; fi',
  ]
  static args = {bucket: bucketArg}

  async run(): Promise<void> {
    const storage = await this.storage()
    const bucket = await this.bucketName()
    const exists = await storage.bucketExists(bucket)
    await this.output({bucket, exists}, () => String(exists))
    if (!exists) process.exitCode = EXIT.FAILURE
  }
}
