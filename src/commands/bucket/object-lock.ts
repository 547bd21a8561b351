/**
 * bucket:set-object-lock, written out for its flags: --mode with --days or --years sets the
 * default retention of new objects without a document; --file/--data (the table row's setter
 * input, ours or aws-cli's JSON) still take a whole configuration.
 */
import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import type * as Interfaces from '@oclif/core/interfaces'
import {findConfig} from '../../lib/ops/subresource-tables.js'
import {ValueError} from '../../lib/types.js'
import {LOCK_MODES} from '../object/lock.js'
import {BucketCommand, bucketArg} from './bucket-command.js'
import {AWS_DOC_HELP, DOC_HELP, setterFlags, setterInput} from './config.js'

const spec = findConfig('object-lock')!

export default class BucketSetObjectLock extends BucketCommand<typeof Command> {
  static summary = 'Set a bucket\'s object lock configuration (default retention)'
  static description = 'Sets the default retention new object versions of BUCKET (default: default_bucket) get: --mode with --days or --years; ' +
    'without them, --file or --data give the whole configuration. Object lock itself can only be enabled when the bucket is created ' +
    '(bucket:create --object-lock). ' + DOC_HELP.replace('%s', 'bucket:get-object-lock') + AWS_DOC_HELP
  static examples = [
    '<%= config.bin %> <%= command.id %> com-example-records --mode GOVERNANCE --days 30',
    '<%= config.bin %> <%= command.id %> com-example-records --mode COMPLIANCE --years 7',
    `<%= config.bin %> <%= command.id %> com-example-records --data '${spec.example}'`,
  ]
  static args = {bucket: bucketArg}
  static flags: Interfaces.FlagInput = {
    mode: Flags.option({options: LOCK_MODES, description: 'mode of the default retention', exclusive: ['file', 'data']})(),
    days: Flags.integer({min: 1, description: 'default retention in days (with --mode)', exclusive: ['years'], dependsOn: ['mode']}),
    years: Flags.integer({min: 1, description: 'default retention in years (with --mode)', exclusive: ['days'], dependsOn: ['mode']}),
    ...setterFlags(spec),
  }

  async run(): Promise<void> {
    const {mode, days, years} = this.flagValues as {mode?: string; days?: number; years?: number}
    if (mode !== undefined && days === undefined && years === undefined) throw new ValueError('--mode needs --days N or --years N')
    const {data, headers} = mode === undefined
      ? await setterInput(spec, this.flagValues, 'bucket:set-object-lock (or --mode with --days or --years)')
      : {data: {ObjectLockConfiguration: {ObjectLockEnabled: 'Enabled', Rule: {DefaultRetention: {Mode: mode, ...(days === undefined ? {Years: years} : {Days: days})}}}}, headers: {}}
    const storage = await this.storage()
    const bucket = await this.bucketName()
    await storage.bucketConfigSet(spec.name, bucket, data, headers)
    await this.reportDone({bucket, configuration: spec.name, set: true, ...(mode ? {mode, days: days ?? null, years: years ?? null} : {})}, `set the object lock configuration of ${bucket}`)
  }
}
