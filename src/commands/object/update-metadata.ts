import * as Flags from '@oclif/core/flags'
import {ValueError} from '../../lib/types.js'
import {buildHeaders, headerFlag, metaFlag, ObjectCommand, remoteArg} from './object-command.js'

export default class ObjectUpdateMetadata extends ObjectCommand<typeof ObjectUpdateMetadata> {
  static summary = 'Replace the metadata of an object'
  static description = 'Replaces all metadata of REMOTE with the --meta given (--clear with no --meta removes it all). ' +
    'Content-Type, Cache-Control, Content-Disposition, Content-Encoding, Content-Language, Expires and the storage class are kept unless a --header sets them. The object is copied onto itself, server-side.'
  static examples = [
    '<%= config.bin %> <%= command.id %> example-in-s3 --meta state=processed',
    '<%= config.bin %> <%= command.id %> s3://com-example-docs/report.pdf --meta state=final --header "Cache-Control: max-age=3600"',
  ]
  static args = {
    remote: remoteArg,
  }
  static flags = {
    meta: metaFlag,
    header: headerFlag,
    clear: Flags.boolean({description: 'remove all metadata (when no --meta is given)'}),
  }

  async run(): Promise<void> {
    if (!this.flags.meta?.length && !this.flags.header?.length && !this.flags.clear) throw new ValueError('give the new metadata with --meta KEY=VALUE (or --header)')
    const target = await this.resolveRemote(this.args.remote)
    const storage = await this.storage()
    const headers = buildHeaders(this.flags.meta, this.flags.header)
    await storage.updateMetadata(target.name, headers, {signal: this.abort.signal})
    const [, metadata] = await storage.exists(target.name)
    await this.reportDone({bucket: target.bucket, key: target.name.key, metadata}, `updated metadata of S3 ${target.label}: ${JSON.stringify(metadata)}`)
  }
}
