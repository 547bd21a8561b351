/** The object topic's commands. */
import type {Command} from '@oclif/core'

export const OBJECT_COMMANDS: Record<string, Command.Class> = {}
