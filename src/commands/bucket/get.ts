import {BucketCommand, bucketArg, paramFlag, parseParams} from './bucket-command.js'

export default class BucketGet extends BucketCommand<typeof BucketGet> {
  static summary = 'Get one page of a bucket\'s listing, as S3 answers it'
  static description = 'One GET of BUCKET (ListObjects) with the given query parameters, printed as the parsed document ' +
    '(the original\'s bucket_get). For a full listing use bucket:list-keys.'
  static examples = [
    '<%= config.bin %> <%= command.id %> com-example-photos --param max-keys=10 --param prefix=2024/',
    '<%= config.bin %> <%= command.id %> com-example-photos -p list-type=2 -p max-keys=5 -o json',
  ]
  static args = {bucket: bucketArg}
  static flags = {param: paramFlag}

  async run(): Promise<void> {
    const storage = await this.storage()
    const bucket = await this.bucketName()
    await this.outputDocument(await storage.bucketGet(bucket, parseParams(this.flags.param)))
  }
}
