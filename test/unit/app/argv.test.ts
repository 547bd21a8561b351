import assert from 'node:assert/strict'
import {S3Command} from '../../../src/base-command.js'
import {type CommandLine, commandLineOf, missingCommand, normalizeArgv, optionMissingValue} from '../../../src/app/argv.js'
import {usageLine} from '../../../src/app/usage.js'
import {COMMANDS} from '../../../src/commands/index.js'

// What oclif's Config would hand over: the built-in commands, oclif's plugins:* and help,
// and the global flags from the one place they are defined.
const config = {
  commands: [
    ...Object.entries(COMMANDS).map(([id, command]) => ({id, aliases: command.aliases, args: command.args, strict: command.strict})),
    {id: 'plugins', args: {}},
    {id: 'plugins:install', args: {plugin: {}}, strict: false},
    {id: 'plugins:link', args: {path: {}}},
    {id: 'help', args: {command: {}}, strict: false},
  ],
  topics: [{name: 'bucket'}, {name: 'object'}, {name: 'plugins'}],
}
const line: CommandLine = commandLineOf(config, S3Command.baseFlags)
const normalize = (...argv: string[]) => normalizeArgv(argv, line)

describe('the command line as users type it', function () {
  describe('global options before the command', function () {
    it('move behind the command id, with their values, in every form oclif reads', function () {
      assert.deepEqual(normalize('--config', '/path/to/s3.yaml', 'put', 'example'), ['put', '--config', '/path/to/s3.yaml', 'example'])
      assert.deepEqual(normalize('-c', 's3.yaml', '-b', 'other-bucket', '-v', 'get', 'key'), ['get', '-c', 's3.yaml', '-b', 'other-bucket', '-v', 'key'])
      assert.deepEqual(normalize('--config=s3.yaml', 'list'), ['list', '--config=s3.yaml'])
      assert.deepEqual(normalize('-cs3.yaml', '-c=s3.yaml', 'list'), ['list', '-cs3.yaml', '-c=s3.yaml'])
      assert.deepEqual(normalize('-v', 'list'), ['list', '-v'])
      assert.deepEqual(normalize('--json', 'bucket:list'), ['bucket:list', '--json'])
      assert.deepEqual(normalize('-o', 'ndjson', 'list'), ['list', '-o', 'ndjson'])
      assert.deepEqual(normalize('--output=yaml', 'list'), ['list', '--output=yaml'])
    })

    it('read short booleans written together, as oclif does, a value flag last', function () {
      assert.deepEqual(normalize('-vc', 's3.yaml', 'list'), ['list', '-vc', 's3.yaml'])
      assert.deepEqual(normalize('-vcs3.yaml', 'list'), ['list', '-vcs3.yaml'])
    })

    it('go right behind the id, before the command\'s own arguments and a --', function () {
      assert.deepEqual(normalize('-v', 'put', 'f', 'k', '--', '-odd-key'), ['put', '-v', 'f', 'k', '--', '-odd-key'])
    })

    it('keep a value that looks like a command word or an option with its flag', function () {
      assert.deepEqual(normalize('-b', 'list', 'list'), ['list', '-b', 'list'])
      assert.deepEqual(normalize('--config', '-weird.yaml', 'list'), ['list', '--config', '-weird.yaml'])
    })

    it('leave the command line alone when an option is not global, or at --', function () {
      assert.deepEqual(normalize('-r', 'put', 'dir'), ['-r', 'put', 'dir'])
      assert.deepEqual(normalize('--bogus', 'list'), ['--bogus', 'list'])
      assert.deepEqual(normalize('-vr', 'put', 'dir'), ['-vr', 'put', 'dir'], 'r is not global: oclif reports the token')
      assert.deepEqual(normalize('--json=yes', 'list'), ['--json=yes', 'list'], 'a boolean takes no value')
      assert.deepEqual(normalize('--', 'put', 'f'), ['--', 'put', 'f'])
      assert.deepEqual(normalize('-v', '--', 'put'), ['-v', '--', 'put'])
    })

    it('leave the command line alone when no command follows them', function () {
      assert.deepEqual(normalize('-v'), ['-v'])
      assert.deepEqual(normalize('-v', '--help'), ['-v', '--help'])
      assert.deepEqual(normalize('--config'), ['--config'], 'a value flag without its value')
    })

    it('are a missing command when nothing else is given (s3 -c s3.yaml, s3 -v)', function () {
      for (const argv of [['-v'], ['-c', 's3.yaml'], ['--config=s3.yaml', '-v', '-b', 'x'], ['-vc', 's3.yaml'], ['--no-sign-request']]) {
        assert.equal(missingCommand(argv, line), true, argv.join(' '))
      }
      for (const argv of [[], ['--help'], ['-v', '--help'], ['--version'], ['-c', 's3.yaml', 'list'], ['--config'], ['--nope']]) {
        assert.equal(missingCommand(argv, line), false, argv.join(' '))
      }
    })

    it('name the value option given last without its value (s3 --config, s3 -v -c), and nothing else', function () {
      for (const [argv, lacking] of [[['--config'], '--config'], [['-c'], '-c'], [['-v', '-c'], '-c'], [['-v', '--bucket'], '--bucket']] as const) {
        assert.equal(optionMissingValue(argv, line), lacking, argv.join(' '))
      }
      for (const argv of [[], ['-v'], ['-c', 's3.yaml'], ['--config=s3.yaml'], ['--config', 'x', 'list'], ['list', '--config'], ['--nope']]) {
        assert.equal(optionMissingValue(argv, line), undefined, argv.join(' '))
      }
    })

    it('make the usage line, the original\'s options first in its order', function () {
      assert.equal(usageLine('s3', S3Command.baseFlags), 's3 [-h] [-c CONFIG] [-v] [-b BUCKET] [-o OUTPUT] [-q] COMMAND [ARGS]...')
    })

    it('--no-FLAG counts only for booleans that allow it', function () {
      const withNegatable = {...line, globalFlags: {...line.globalFlags, 'sign': {type: 'boolean' as const, allowNo: true}}}
      assert.deepEqual(normalizeArgv(['--no-sign', 'list'], withNegatable), ['list', '--no-sign'])
      assert.deepEqual(normalize('--no-verbose', 'list'), ['--no-verbose', 'list'])
    })

    it('come from the base flags, so a global flag added there needs nothing here', function () {
      const withProfile = commandLineOf(config, {...S3Command.baseFlags, profile: {type: 'option'}})
      assert.deepEqual(normalizeArgv(['--profile', 'dev', 'list'], withProfile), ['list', '--profile', 'dev'])
    })
  })

  describe('commands named with spaces', function () {
    it('become their colon ids', function () {
      assert.deepEqual(normalize('object', 'put', 'f', 'k'), ['object:put', 'f', 'k'])
      assert.deepEqual(normalize('bucket', 'create', 'b'), ['bucket:create', 'b'])
      assert.deepEqual(normalize('bucket', 'get-versioning', 'b', '--json'), ['bucket:get-versioning', 'b', '--json'])
      assert.deepEqual(normalize('plugins', 'install', 'x'), ['plugins:install', 'x'])
      assert.deepEqual(normalize('plugins', 'link', './dir', '--no-install'), ['plugins:link', './dir', '--no-install'])
    })

    it('take the global options given before them, and between topic and command', function () {
      assert.deepEqual(normalize('-c', 's3.yaml', 'object', 'put', 'f', 'k'), ['object:put', '-c', 's3.yaml', 'f', 'k'])
      assert.deepEqual(normalize('object', '-v', 'put', 'f'), ['object:put', '-v', 'f'])
      assert.deepEqual(normalize('-b', 'b', 'object', '-v', 'put', 'f'), ['object:put', '-b', 'b', '-v', 'f'])
      assert.deepEqual(normalize('object', '-v'), ['object', '-v'], 'a topic and options only: its help, as before')
      assert.deepEqual(normalize('object', '-v', '--help'), ['object', '-v', '--help'])
      assert.deepEqual(normalize('put', '-v', 'f'), ['put', '-v', 'f'], 'after a command, options stay where they are')
    })

    it('stop at the first word that is an argument', function () {
      assert.deepEqual(normalize('put', 'object', 'put'), ['put', 'object', 'put'])
      assert.deepEqual(normalize('object:get', 'list', 'x'), ['object:get', 'list', 'x'])
      assert.deepEqual(normalize('bucket', 'get', 'acl'), ['bucket:get', 'acl'])
    })

    it('make help name the command', function () {
      assert.deepEqual(normalize('help', 'object', 'put'), ['help', 'object:put'])
      assert.deepEqual(normalize('-v', 'help', 'bucket', 'list'), ['help', 'bucket:list', '-v'])
      assert.deepEqual(normalize('help', 'put'), ['help', 'put'])
    })

    it('leave a topic alone (its help) and a topic before an option', function () {
      assert.deepEqual(normalize('object'), ['object'])
      assert.deepEqual(normalize('object', '--help'), ['object', '--help'])
      assert.deepEqual(normalize('object', '-h'), ['object', '-h'])
      assert.deepEqual(normalize('object', 'put', '-h'), ['object:put', '-h'])
    })

    it('name an unknown subcommand of a topic as typed, so it is reported, not the topic\'s help', function () {
      assert.deepEqual(normalize('object', 'pt', 'f'), ['object pt', 'f'])
      assert.deepEqual(normalize('bucket', 'my-bucket'), ['bucket my-bucket'])
      assert.deepEqual(normalize('plugins', 'instal', 'x'), ['plugins instal', 'x'], 'plugins is a command, but takes no arguments')
      assert.deepEqual(normalize('help', 'object', 'pt'), ['help', 'object pt'])
    })

    it('know plugins\' commands through the config', function () {
      const withPlugin = commandLineOf({...config, commands: [...config.commands, {id: 'bucket:usage', args: {bucket: {}}}]}, S3Command.baseFlags)
      assert.deepEqual(normalizeArgv(['bucket', 'usage', 'b', '--json'], withPlugin), ['bucket:usage', 'b', '--json'])
    })
  })

  it('-h is help everywhere: no command takes -h for anything else', function () {
    const owners = Object.entries(COMMANDS).flatMap(([id, command]) =>
      Object.entries({...S3Command.baseFlags, ...command.flags}).filter(([, flag]) => flag.char === 'h').map(([name]) => `${id} --${name}`))
    assert.deepEqual(owners, [])
  })
})
