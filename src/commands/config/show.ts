import {S3Command} from '../../base-command.js'

/** One setting as shown: its value (secrets masked) and where it came from. */
interface Shown {
  value: string | number | boolean | null
  source: string
}

export default class ConfigShow extends S3Command<typeof ConfigShow> {
  static summary = 'Show the effective settings and where each came from'
  static description = 'Prints every setting the other commands would use (credentials, endpoint, region, bucket, TLS, proxy, transfer tuning) with its source: a file, an environment variable, an AWS profile, a flag, or the default. Secrets are masked: the access key shows its last 4 characters, the secret key and session token only whether they are set. `--json` gives {setting: {value, source}} for scripts.'
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --profile dev --json | jq -r .region.value',
  ]

  async run(): Promise<void> {
    const [{loadConfig}, {DEFAULTS, endpointOf}, {proxyFor, describeProxy}] = await Promise.all([
      import('../../lib/settings/config.js'), import('../../lib/settings/options.js'), import('../../lib/http/proxy.js'),
    ])
    const loaded = await loadConfig(this.configSources())
    for (const warning of loaded.warnings) this.logToStderr(`s3: warning: ${warning}`)
    const {options, sources} = loaded
    const shown: Record<string, Shown> = {}
    const show = (name: string, value: Shown['value'] | undefined, source: string | undefined, fallback?: Shown) => {
      if (value !== undefined) shown[name] = {value, source: source ?? 'default'}
      else if (fallback) shown[name] = fallback
    }
    const current = loaded.credentials.current
    show('credentials', loaded.credentials.description, sources.credentials)
    if (loaded.profile) show('profile', loaded.profile, this.flags.profile ? 'flag --profile' : process.env.AWS_PROFILE ? 'env AWS_PROFILE' : 'default')
    show('access_key_id', current ? maskKey(current.accessKeyId) : undefined, sources.access_key_id ?? sources.credentials)
    show('secret_access_key', current ? '(set, hidden)' : undefined, sources.secret_access_key ?? sources.credentials)
    show('session_token', current?.sessionToken ? '(set, hidden)' : undefined, sources.session_token ?? sources.credentials)
    const region = options.region ?? DEFAULTS.region
    show('region', region, sources.region)
    const endpoint = endpointOf(options)
    const endpointUrl = typeof endpoint === 'string' ? null : endpoint
    // With its path (a gateway at http://host/s3): every request goes under it.
    const shownEndpoint = endpointUrl ? endpointUrl.origin + endpointUrl.pathname.replace(/\/+$/, '') : options.endpoint
    show('endpoint', shownEndpoint, sources.endpoint ?? `default (AWS's S3 for region ${region})`)
    const bucket = this.flags.bucket ?? options.default_bucket
    show('default_bucket', bucket, this.flags.bucket !== undefined ? 'flag --bucket' : sources.default_bucket)
    // tls only when set: its default (https for an endpoint given without a scheme) would read
    // as a contradiction beside an http:// endpoint.
    show('tls', options.tls, sources.tls)
    show('ca_bundle', options.ca_bundle, sources.ca_bundle)
    // What every command would use, defaults included: each default comes from the one table (DEFAULTS).
    for (const key of ['addressing_style', 'verify_ssl', 'multipart_threshold', 'part_size', 'concurrency', 'timeout'] as const) {
      show(key, options[key], sources[key], {value: DEFAULTS[key], source: 'default'})
    }
    show('max_bandwidth', options.max_bandwidth, sources.max_bandwidth, {value: 'unlimited', source: 'default'})
    if (options.retry) show('retry', JSON.stringify(options.retry), sources.retry)
    const proxy = endpointUrl && proxyFor(endpointUrl, process.env)
    if (proxy) show('proxy', describeProxy(proxy), `env ${endpointUrl.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY'}`)
    if (this.format !== 'text') return this.output(shown)
    const width = Math.max(...Object.keys(shown).map((name) => name.length))
    const valueWidth = Math.max(...Object.values(shown).map((s) => String(s.value).length))
    await this.write(Object.entries(shown)
      .map(([name, s]) => `${name.padEnd(width)}  ${String(s.value).padEnd(valueWidth)}  ${s.source}\n`).join(''))
  }
}

/** An access key id as aws-cli shows it: its last 4 characters. */
function maskKey(key: string): string {
  return '*'.repeat(Math.max(4, key.length - 4)) + key.slice(-4)
}
