/**
 * Object lock on one object version: object:set-retention (mode and until when) and
 * object:set-legal-hold (on|off), written out for their flags; they send the documents of the
 * table's `retention` and `legal-hold` rows, whose getters (object:get-retention,
 * object:get-legal-hold) are generated with the others (config.ts).
 */
import * as Args from '@oclif/core/args'
import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import {ValueError} from '../../lib/types.js'
import {BucketCommand} from '../bucket/bucket-command.js'
import {remoteArg, versionFlag} from './object-command.js'

export const LOCK_MODES = ['GOVERNANCE', 'COMPLIANCE'] as const

/** `--until`: a date (2030-01-01, 2030-01-01T12:00:00Z) or a duration from now (90s, 7d), as S3's ISO date without milliseconds. */
export async function retainUntil(text: string, now = Date.now()): Promise<string> {
  let at: number
  if (/^\s*\d+[smhdw]/i.test(text)) {
    const {parseDuration} = await import('../../cli/duration.js')
    at = now + parseDuration(text, '--until') * 1000
  } else {
    at = Date.parse(text)
    if (Number.isNaN(at)) throw new ValueError(`--until ${JSON.stringify(text)}: expected a date (2030-01-01, 2030-01-01T12:00:00Z) or a duration from now (90s, 12h, 30d)`)
  }
  if (at <= now) throw new ValueError(`--until ${JSON.stringify(text)}: ${new Date(at).toISOString()} is not in the future`)
  return new Date(Math.ceil(at / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z')
}

abstract class ObjectLockCommand extends BucketCommand<typeof Command> {
  protected async objectTarget() {
    const target = await this.resolveRemote((this.args as {remote: string}).remote)
    return {...target, key: target.name.key, versionId: this.flagValues['version-id'] as string | undefined}
  }
}

export class ObjectSetRetention extends ObjectLockCommand {
  static summary = 'Lock an object version until a date (object lock retention)'
  static description = 'Sets the retention of REMOTE (its current version, or --version-id): until --until, the version may not be ' +
    'deleted or overwritten. GOVERNANCE: users with s3:BypassGovernanceRetention may still shorten or remove it with ' +
    '--bypass-governance (and delete with object:delete --bypass-governance); COMPLIANCE: nobody can, not even the account root, ' +
    'until the date has passed. The bucket must have been created with object lock (bucket:create --object-lock). ' +
    'object:get-retention shows it.'
  static examples = [
    '<%= config.bin %> <%= command.id %> s3://com-example-records/2026/ledger.csv --mode GOVERNANCE --until 30d',
    '<%= config.bin %> <%= command.id %> s3://com-example-records/2026/ledger.csv --mode COMPLIANCE --until 2033-01-01',
    '<%= config.bin %> <%= command.id %> s3://com-example-records/2026/ledger.csv --mode GOVERNANCE --until 1m --bypass-governance',
  ]
  static args = {remote: remoteArg}
  static flags = {
    mode: Flags.option({options: LOCK_MODES, required: true, description: 'GOVERNANCE (may be bypassed with a permission) or COMPLIANCE (may not)'})(),
    until: Flags.string({required: true, helpValue: 'DATE|DURATION', description: 'until when: a date (2030-01-01, 2030-01-01T12:00:00Z) or a duration from now (90s, 12h, 30d)'}),
    'bypass-governance': Flags.boolean({description: 'allow shortening a GOVERNANCE retention (x-amz-bypass-governance-retention)'}),
    'version-id': versionFlag,
  }

  async run(): Promise<void> {
    const until = await retainUntil(this.flagValues.until as string)
    const mode = this.flagValues.mode as string
    const {label, bucket, key, name, versionId} = await this.objectTarget()
    const headers: Record<string, string> = this.flagValues['bypass-governance'] ? {'x-amz-bypass-governance-retention': 'true'} : {}
    const storage = await this.storage()
    await storage.objectConfigSet('retention', name, {Retention: {Mode: mode, RetainUntilDate: until}}, headers, {versionId})
    await this.reportDone({bucket, key, versionId: versionId ?? null, mode, retainUntil: until}, `locked S3 ${label} (${mode}) until ${until}`)
  }
}

export class ObjectSetLegalHold extends ObjectLockCommand {
  static summary = 'Put an object version under legal hold, or release it'
  static description = 'Turns the legal hold of REMOTE (its current version, or --version-id) on or off: while on, the version may ' +
    'not be deleted, whatever its retention, and it has no end date. The bucket must have been created with object lock ' +
    '(bucket:create --object-lock). object:get-legal-hold shows it.'
  static examples = [
    '<%= config.bin %> <%= command.id %> s3://com-example-records/case-17.pdf on',
    '<%= config.bin %> <%= command.id %> s3://com-example-records/case-17.pdf off --version-id 3HL4kqtJlcpXroDTDmJ',
  ]
  static args = {
    remote: remoteArg,
    state: Args.string({description: 'on or off', required: true, options: ['on', 'off', 'ON', 'OFF']}),
  }
  static flags = {'version-id': versionFlag}

  async run(): Promise<void> {
    const status = ((this.args as {state: string}).state).toUpperCase()
    const {label, bucket, key, name, versionId} = await this.objectTarget()
    const storage = await this.storage()
    await storage.objectConfigSet('legal-hold', name, {LegalHold: {Status: status}}, {}, {versionId})
    await this.reportDone({bucket, key, versionId: versionId ?? null, legalHold: status}, `legal hold ${status} on S3 ${label}`)
  }
}
