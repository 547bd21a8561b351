/**
 * `s3 --help`: oclif's root help with the original's start: the usage line with the global
 * options, then those options (-c -v -b ...), before the topics and commands. The options are
 * read from the manifest (any built-in command's GLOBAL group), so help loads no command module.
 */
import {Help} from '@oclif/core/help'
import type {FlagShape} from './argv.js'
import {byOriginalOrder, usageLine} from './usage.js'

interface GlobalFlag extends FlagShape {
  name: string
  description?: string
  helpGroup?: string
}

export default class S3Help extends Help {
  formatRoot(): string {
    const flags = this.globalFlags()
    if (flags.length === 0) return super.formatRoot()
    const shapes = Object.fromEntries(flags.map((f) => [f.name, f]))
    const root = super.formatRoot().replace(`${this.config.bin} [COMMAND]`, usageLine(this.config.bin, shapes))
    const rows = flags.map((f) => [
      `${f.char ? `-${f.char}, ` : '    '}--${f.allowNo ? '[no-]' : ''}${f.name}${f.type === 'option' ? ` ${f.name.toUpperCase()}` : ''}`,
      f.description ?? '',
    ])
    return `${root}\n\n${this.section('GLOBAL OPTIONS', this.renderList(rows, {indentation: 2, stripAnsi: this.opts.stripAnsi}))}`
  }

  /** The options every s3 command takes (S3Command.baseFlags), as the manifest records them. */
  private globalFlags(): GlobalFlag[] {
    const command = this.config.findCommand('config:show')
    return Object.entries(command?.flags ?? {})
      .map(([name, flag]) => ({...flag, name} as GlobalFlag))
      .filter((flag) => flag.helpGroup === 'GLOBAL')
      .sort((a, b) => byOriginalOrder(a.name, b.name))
  }
}
