import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {isRemoteFolder, parseRemote} from '../../cli/remote-arg.js'
import {objectOptionFlags, objectOptionHeaders} from '../../cli/object-options.js'
import {headerFlag, metaFlag, ObjectCommand, tuningFlags, tuningOptions, uploadHeaders, versionFlag} from './object-command.js'

export default class ObjectCopy extends ObjectCommand<typeof ObjectCopy> {
  static summary = 'Copy an object inside S3'
  static description = 'Copies SOURCE to DESTINATION server-side, across buckets too (a DESTINATION ending in / gets the source base name). ' +
    'With --meta the destination gets exactly that metadata (REPLACE; Content-Type and other system headers are kept); without, the source metadata is copied. ' +
    '--content-type, --cache-control and the other Content-* options replace those of the source (its metadata is kept); --tags replaces its tags. ' +
    'An SSE-C source is read with --source-sse-c-key. ' +
    'Sources of 5 GiB and more are copied in parts.'
  static examples = [
    '<%= config.bin %> <%= command.id %> report.pdf s3://com-example-archive/2024/',
    '<%= config.bin %> <%= command.id %> s3://a/report.pdf s3://b/report.pdf --meta state=archived',
  ]
  static args = {
    source: Args.string({description: 'remote source: KEY, BUCKET/KEY or s3://BUCKET/KEY', required: true}),
    destination: Args.string({description: 'remote destination', required: true}),
  }
  static flags = {
    meta: metaFlag,
    header: headerFlag,
    'source-version-id': versionFlag,
    'content-type': Flags.string({description: 'Content-Type of the copy (default: the source\'s)'}),
    ...objectOptionFlags('write'),
    ...objectOptionFlags('source'),
    ...tuningFlags,
  }

  async run(): Promise<void> {
    this.task = `copy ${this.args.source}`
    const source = await this.resolveRemote(this.args.source, 'SOURCE')
    const ref = parseRemote(this.args.destination, await this.defaultBucket())
    if (isRemoteFolder(ref)) ref.key += source.name.key.split('/').pop() ?? ''
    const destination = await this.resolveRef(ref, 'DESTINATION')
    const headers = uploadHeaders(this.flags)
    const sourceHeaders = objectOptionHeaders(this.flags, 'source')
    const storage = await this.storage()
    await storage.copy(source.name, destination.name, headers, {
      signal: this.abort.signal,
      sourceVersionId: this.flags['source-version-id'],
      sourceHeaders,
      ...tuningOptions(this.flags),
    })
    await this.reportDone({source: {bucket: source.bucket, key: source.name.key}, destination: {bucket: destination.bucket, key: destination.name.key}},
      `copied S3 ${source.label} to S3 ${destination.label}`)
  }
}
