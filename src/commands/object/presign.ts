import * as Flags from '@oclif/core/flags'
import {ObjectCommand, remoteArg, versionFlag} from './object-command.js'

export default class ObjectPresign extends ObjectCommand<typeof ObjectPresign> {
  static summary = 'Print a presigned URL for an object'
  static description = 'Prints a URL that lets anyone holding it GET (or PUT, with --method PUT) REMOTE without credentials until it expires. Nothing is sent to S3.'
  static examples = [
    '<%= config.bin %> <%= command.id %> report.pdf --expires 600',
    '<%= config.bin %> <%= command.id %> s3://com-example-docs/report.pdf --expires 7d',
    'curl -T report.pdf "$(<%= config.bin %> <%= command.id %> s3://com-example-inbox/report.pdf --method PUT)"',
  ]
  static args = {
    remote: remoteArg,
  }
  static flags = {
    expires: Flags.string({description: 'how long the URL stays valid: seconds (3600) or a duration (90m, 1h, 7d); at most 7 days, as SigV4 allows', default: '1h', helpValue: 'DURATION'}),
    method: Flags.option({options: ['GET', 'PUT', 'DELETE', 'HEAD'] as const, description: 'HTTP method the URL allows', default: 'GET' as const})(),
    'version-id': versionFlag,
  }

  async run(): Promise<void> {
    const {parseLifetime} = await import('../../cli/duration.js')
    const expiresIn = parseLifetime(this.flags.expires)
    const target = await this.resolveRemote(this.args.remote)
    const storage = await this.storage()
    const url = storage.presign(target.name, {method: this.flags.method, expiresIn, versionId: this.flags['version-id']})
    const expiresAt = new Date(Date.now() + expiresIn * 1000).toISOString()
    await this.output({url, method: this.flags.method, expiresAt, bucket: target.bucket, key: target.name.key}, () => url)
  }
}
