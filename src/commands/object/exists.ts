import {EXIT} from '../../exit-codes.js'
import {headFlags, ObjectCommand, readHeaders, remoteArg} from './object-command.js'

export default class ObjectExists extends ObjectCommand<typeof ObjectExists> {
  static summary = 'Check whether an object exists, and show its metadata'
  static description = 'Prints `REMOTE exists: true, metadata: {...}` and exits 0 when the object exists; prints `exists: false` and exits 1 when it does not. Other failures (access denied...) exit with their own code.'
  static examples = [
    '<%= config.bin %> <%= command.id %> example-in-s3',
    '<%= config.bin %> <%= command.id %> s3://com-example-docs/report.pdf --json',
  ]
  static args = {
    remote: remoteArg,
  }
  static flags = headFlags

  async run(): Promise<void> {
    const target = await this.resolveRemote(this.args.remote)
    const storage = await this.storage()
    const [exists, metadata] = await storage.exists(target.name, {versionId: this.flags['version-id'], headers: readHeaders(this.flags)})
    await this.output({bucket: target.bucket, key: target.name.key, exists, metadata},
      () => `${this.args.remote} exists: ${exists}, metadata: ${JSON.stringify(metadata)}`)
    if (!exists) process.exitCode = EXIT.FAILURE
  }
}
