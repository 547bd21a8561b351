import assert from 'node:assert/strict'
import {appendFileSync, mkdirSync} from 'node:fs'
import path from 'node:path'
import {type ConfigFlags, loadConfig, type LoadConfigOptions} from '../../../src/lib/settings/config.js'
import {folderWith} from '../../support/folders.js'

/**
 * Every pair of sources, each giving keys, endpoint and region: the more specific one gives all
 * three (flags give no keys: those come from the other source). Each case has its own HOME and
 * project folder, so neither the real HOME nor a stray s3.yaml above /tmp plays a part.
 */
const ORDER = ['flags', 'named profile', 'config', 'discovered', 'env', 'user', 'profile'] as const
type Source = typeof ORDER[number]

const REGION: Record<Source, string> = {
  flags: 'ap-south-1', 'named profile': 'ca-central-1', config: 'eu-west-1', discovered: 'eu-west-2', env: 'eu-west-3', user: 'us-west-1', profile: 'us-west-2',
}
const endpointOf = (source: Source) => `http://${source.replace(' ', '-')}.test:1`
const keyOf = (source: Source) => 'KEY_' + source.replace(' ', '_').toUpperCase()

interface Case {
  opts: LoadConfigOptions & {env: NodeJS.ProcessEnv; flags: ConfigFlags}
  home: string
  project: string
}

function emptyCase(): Case {
  const home = folderWith('s3-prec-home-', {})
  const project = folderWith('s3-prec-project-', {})
  return {opts: {cwd: project, env: {HOME: home}, flags: {}}, home, project}
}

const s3File = (source: Source) => `s3:\n  access_key_id: "${keyOf(source)}"\n  secret_access_key: "S"\n  endpoint: "${endpointOf(source)}"\n  region: "${REGION[source]}"\n`

function add(file: string, text: string): void {
  mkdirSync(path.dirname(file), {recursive: true})
  appendFileSync(file, text, {mode: 0o600})
}

/** Makes `source` give its keys, endpoint and region in the case. */
function give(c: Case, source: Source): void {
  const awsProfile = (name: string, section: string) => {
    add(path.join(c.home, '.aws/credentials'), `[${name}]\naws_access_key_id = ${keyOf(source)}\naws_secret_access_key = S\n`)
    add(path.join(c.home, '.aws/config'), `[${section}]\nregion = ${REGION[source]}\nendpoint_url = ${endpointOf(source)}\n`)
  }
  switch (source) {
    case 'flags': { Object.assign(c.opts.flags, {endpointUrl: endpointOf(source), region: REGION[source]}); break }
    case 'named profile': { awsProfile('named', 'profile named'); c.opts.flags.profile = 'named'; break }
    case 'config': { const file = path.join(c.home, 'elsewhere', 'my.yaml'); add(file, s3File(source)); c.opts.configPath = file; break }
    case 'discovered': { add(path.join(c.project, 's3.yaml'), s3File(source)); break }
    case 'env': {
      Object.assign(c.opts.env, {AWS_ACCESS_KEY_ID: keyOf(source), AWS_SECRET_ACCESS_KEY: 'S', AWS_ENDPOINT_URL: endpointOf(source), AWS_REGION: REGION[source]})
      break
    }
    case 'user': { add(path.join(c.home, '.config/s3/config.yaml'), s3File(source)); break }
    case 'profile': { awsProfile('default', 'default'); break }
  }
}

/** How `sources` names a source's endpoint. */
function endpointSource(c: Case, source: Source): string {
  switch (source) {
    case 'flags': { return 'flag --endpoint-url' }
    case 'named profile': { return 'profile named (~/.aws/config)' }
    case 'config': { return c.opts.configPath! }
    case 'discovered': { return path.join(c.project, 's3.yaml') }
    case 'env': { return 'env AWS_ENDPOINT_URL' }
    case 'user': { return path.join(c.home, '.config/s3/config.yaml') }
    case 'profile': { return 'profile default (~/.aws/config)' }
  }
}

/** How `sources` names a source's keys: its endpoint's source, but the variable and file that hold keys. */
function keySource(c: Case, source: Source): string {
  return endpointSource(c, source).replace('env AWS_ENDPOINT_URL', 'env AWS_ACCESS_KEY_ID').replace('(~/.aws/config)', '(~/.aws/credentials)')
}

describe('config precedence, every pair of sources (flags > --profile > --config > s3.yaml > env > per-user file > AWS profile)', () => {
  for (const [i, higher] of ORDER.entries()) {
    for (const lower of ORDER.slice(i + 1)) {
      // --profile and AWS_PROFILE name one profile: not a pair.
      if (higher === 'named profile' && lower === 'profile') continue
      it(`${higher} beats ${lower}: keys, endpoint and region together`, async () => {
        const c = emptyCase()
        give(c, lower)
        give(c, higher)
        const loaded = await loadConfig(c.opts)
        const keysFrom = higher === 'flags' ? lower : higher
        assert.deepEqual(
          [loaded.options.access_key_id, loaded.options.endpoint, loaded.options.region],
          [keyOf(keysFrom), endpointOf(higher), REGION[higher]],
        )
        assert.equal(loaded.sources.endpoint, endpointSource(c, higher))
        assert.equal(loaded.sources.access_key_id, keySource(c, keysFrom))
      })
    }
  }
})
