/**
 * Everything a plugin needs, from one import (`s3-connector/plugin`): the base command that
 * gives its commands the CLI's global flags, config, output formats and exit codes; oclif's
 * Args and Flags (the CLI's own copy, so a plugin needs no @oclif/core of its own and works
 * with the oclif the CLI runs); and the custom hook events it can listen to.
 * The library itself (Storage, S3Name, StorageError...) is `s3-connector`.
 */
export {Args, Flags} from '@oclif/core'
export {S3Command} from './base-command.js'
export type {BaseArgs, BaseFlags, ListOutput} from './base-command.js'
export {EXIT} from './exit-codes.js'
export {OBJECT_DELETED, OBJECT_UPLOADED, REQUEST_RETRIED} from './cli/events.js'
export type {ObjectDeletedEvent, ObjectDeletedHook, ObjectUploadedEvent, ObjectUploadedHook, RequestRetriedEvent, RequestRetriedHook, S3Hooks} from './cli/events.js'
