// @ts-check
/**
 * `s3 bucket:policy-status`: is a bucket public because of its policy? S3's
 * GetBucketPolicyStatus, which the s3 library does not wrap: the command makes the call through
 * `storage.http`, so it is signed, retried and addressed like every built-in call, with the
 * same endpoint and credentials, and its failures have the same messages and exit codes.
 */
import {Args, S3Command} from 's3-connector/plugin'

export default class BucketPolicyStatus extends S3Command {
  static summary = 'Whether a bucket is public because of its policy (GetBucketPolicyStatus)'
  static description = 'Prints `public` or `not public` and the bucket. With --json: {"bucket", "isPublic"}.'
  static examples = [
    '<%= config.bin %> <%= command.id %> my-bucket',
    '<%= config.bin %> <%= command.id %> my-bucket --json | jq .isPublic',
  ]

  static args = {
    bucket: Args.string({description: 'bucket to ask about (default: --bucket, then default_bucket)', required: false}),
  }

  async run() {
    const bucket = await this.bucketOrDefault(this.args.bucket) // no bucket at all: a usage error, exit 2
    const storage = await this.storage()
    // GET /BUCKET?policyStatus; xmlRoot: an answer that is not this document is refused, not misread.
    const answer = await storage.http.request({op: 'bucketPolicyStatus', method: 'GET', bucket, query: {policyStatus: ''}, xmlRoot: 'PolicyStatus'})
    // answer.xml is the document as the library reads XML: {PolicyStatus: {IsPublic: 'true'}}.
    const status = /** @type {{IsPublic?: string} | undefined} */ (answer.xml?.PolicyStatus)
    const isPublic = status?.IsPublic === 'true'
    const result = {bucket, isPublic}
    await this.output(result, () => `${isPublic ? 'public' : 'not public'}\ts3://${bucket}`)
    return result
  }
}
