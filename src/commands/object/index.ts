/** The object topic's commands. */
import type {Command} from '@oclif/core'
import {objectConfigCommands} from './config.js'
import ObjectCopy from './copy.js'
import ObjectDelete from './delete.js'
import ObjectDiff from './diff.js'
import ObjectExists from './exists.js'
import ObjectFind from './find.js'
import ObjectGet from './get.js'
import ObjectList from './list.js'
import {ObjectSetLegalHold, ObjectSetRetention} from './lock.js'
import ObjectMove from './move.js'
import ObjectPresign from './presign.js'
import ObjectPut from './put.js'
import ObjectSync from './sync.js'
import ObjectTree from './tree.js'
import ObjectUpdateMetadata from './update-metadata.js'

export const OBJECT_COMMANDS: Record<string, Command.Class> = {
  'object:put': ObjectPut,
  'object:get': ObjectGet,
  'object:delete': ObjectDelete,
  'object:copy': ObjectCopy,
  'object:exists': ObjectExists,
  'object:update-metadata': ObjectUpdateMetadata,
  'object:list': ObjectList,
  'object:presign': ObjectPresign,
  'object:sync': ObjectSync,
  'object:move': ObjectMove,
  'object:find': ObjectFind,
  'object:tree': ObjectTree,
  'object:diff': ObjectDiff,
  ...objectConfigCommands(),
  // written out for their flags (--mode/--until, on|off); their getters stay generated
  'object:set-retention': ObjectSetRetention,
  'object:set-legal-hold': ObjectSetLegalHold,
}
