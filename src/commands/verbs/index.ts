/**
 * aws's verbs that are commands of their own (their arguments differ from the topic
 * command's): ls, cp, cat, stat. The verbs that mean exactly a topic command are its aliases:
 * mv (object:move), rm (object:delete), mb (bucket:create), rb (bucket:delete).
 */
import type {Command} from '@oclif/core'
import Cat from './cat.js'
import Cp from './cp.js'
import Ls from './ls.js'
import Stat from './stat.js'

export const VERB_COMMANDS: Record<string, Command.Class> = {ls: Ls, cp: Cp, cat: Cat, stat: Stat}
