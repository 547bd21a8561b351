/**
 * Every built-in command, registered explicitly (oclif's `explicit` strategy): the bucket
 * configuration commands are generated from one table, so there are no files to discover.
 * Command modules stay light (heavy imports happen in run()), and oclif.manifest.json means
 * `--help` never loads this file.
 */
import {BUCKET_COMMANDS} from './bucket/index.js'
import ConfigShow from './config/show.js'
import {OBJECT_COMMANDS} from './object/index.js'
import {VERB_COMMANDS} from './verbs/index.js'

export const COMMANDS = {...BUCKET_COMMANDS, ...OBJECT_COMMANDS, 'config:show': ConfigShow, ...VERB_COMMANDS}
