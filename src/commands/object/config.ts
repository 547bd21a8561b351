/**
 * The object sub-resource commands, generated from OBJECT_CONFIGS (src/lib/ops/subresource-tables.ts)
 * as bucket/config.ts generates the bucket ones, with its flags, document input and help:
 * object:get-tagging, object:set-tagging, object:delete-tagging, object:get-acl, object:set-acl.
 */
import {Command} from '@oclif/core/command'
import type * as Interfaces from '@oclif/core/interfaces'
import type {ResolvedRemote} from '../../base-command.js'
import {type BucketConfigSpec, configOperations, type ConfigOperation} from '../../lib/ops/subresource-tables.js'
import {BucketCommand} from '../bucket/bucket-command.js'
import {AWS_DOC_HELP, awsJsonFlag, DOC_HELP, sentence, setterFlags, setterInput, writeAwsJson} from '../bucket/config.js'
import {remoteArg, versionFlag} from './object-command.js'

/** What every object sub-resource command shares: REMOTE and --version-id. */
abstract class ObjectConfigCommand extends BucketCommand<typeof Command> {
  protected async objectArgs(): Promise<ResolvedRemote & {key: string; versionId?: string}> {
    const target = await this.resolveRemote((this.args as {remote: string}).remote)
    return {...target, key: target.name.key, versionId: this.flagValues['version-id'] as string | undefined}
  }
}

function getCommand(spec: BucketConfigSpec): Command.Class {
  return class extends ObjectConfigCommand {
    static summary = `Show an object's ${spec.title}`
    static description = `${sentence(spec.description)}\n\nPrints it for REMOTE as the parsed XML document, root element <${spec.root}> included. ` +
      `Text output is YAML; -o json or -o yaml writes a file that object:set-${spec.name} --file accepts back.`
    static examples = [
      '<%= config.bin %> <%= command.id %> s3://com-example-docs/report.pdf',
      `<%= config.bin %> <%= command.id %> report.pdf -o json > ${spec.name}.json`,
    ]
    static args = {remote: remoteArg}
    static flags: Interfaces.FlagInput = {'version-id': versionFlag, ...(spec.aws ? awsJsonFlag(`get-object-${spec.name}`) : {})}

    async run(): Promise<void> {
      const {name, versionId} = await this.objectArgs()
      const storage = await this.storage()
      const doc = await storage.objectConfigGet(spec.name, name, {versionId})
      if (this.flagValues['aws-json']) return writeAwsJson(spec, doc, (text) => this.write(text))
      await this.outputDocument(doc)
    }
  }
}

function setCommand(spec: BucketConfigSpec): Command.Class {
  return class extends ObjectConfigCommand {
    static summary = `Set an object's ${spec.title}`
    static description = `${sentence(spec.description)}\n\nReplaces it on REMOTE with the document in --file (a path, or - for stdin) or --data. ` +
      DOC_HELP.replace('%s', `object:get-${spec.name}`) + (spec.aws ? AWS_DOC_HELP : '') +
      (spec.headers ? ` Instead of a document, ${spec.headers.map((h) => '--' + h.flag).join(', ')} may be given.` : '')
    static examples = [
      `<%= config.bin %> object:get-${spec.name} report.pdf -o json > ${spec.name}.json && <%= config.bin %> <%= command.id %> report.pdf --file ${spec.name}.json`,
      ...(spec.example ? [`<%= config.bin %> <%= command.id %> s3://com-example-docs/report.pdf --data '${spec.example}'`] : []),
      ...(spec.name === 'acl' ? ['<%= config.bin %> <%= command.id %> s3://com-example-docs/report.pdf --acl public-read'] : []),
    ]
    static args = {remote: remoteArg}
    static flags: Interfaces.FlagInput = {...setterFlags(spec), 'version-id': versionFlag}

    async run(): Promise<void> {
      const {data, headers} = await setterInput(spec, this.flagValues, `object:set-${spec.name}`)
      const {label, bucket, key, name, versionId} = await this.objectArgs()
      const storage = await this.storage()
      await storage.objectConfigSet(spec.name, name, data, headers, {versionId})
      await this.reportDone({bucket, key, versionId: versionId ?? null, configuration: spec.name, set: true}, `set the ${spec.name} of S3 ${label}`)
    }
  }
}

function deleteCommand(spec: BucketConfigSpec): Command.Class {
  return class extends ObjectConfigCommand {
    static summary = `Delete an object's ${spec.title}`
    static description = `${sentence(spec.description)}\n\nRemoves them from REMOTE.`
    static examples = ['<%= config.bin %> <%= command.id %> s3://com-example-docs/report.pdf']
    static args = {remote: remoteArg}
    static flags: Interfaces.FlagInput = {'version-id': versionFlag}

    async run(): Promise<void> {
      const {label, bucket, key, name, versionId} = await this.objectArgs()
      const storage = await this.storage()
      await storage.objectConfigDelete(spec.name, name, {versionId})
      await this.reportDone({bucket, key, versionId: versionId ?? null, configuration: spec.name, deleted: true}, `deleted the ${spec.name} of S3 ${label}`)
    }
  }
}

const FACTORIES: Record<ConfigOperation, (spec: BucketConfigSpec) => Command.Class> = {get: getCommand, set: setCommand, delete: deleteCommand}

/** object:get-tagging, object:set-acl, ... : one command per operation in the object table. */
export function objectConfigCommands(): Record<string, Command.Class> {
  return Object.fromEntries(configOperations('object').map(({op, spec}) => [`object:${op}-${spec.name}`, FACTORIES[op](spec)]))
}
