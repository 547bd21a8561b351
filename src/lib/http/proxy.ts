/**
 * Which proxy a request goes through, by the conventions curl and the AWS tools share:
 * `https_proxy`/`HTTPS_PROXY` for https URLs, `http_proxy`/`HTTP_PROXY` for http ones (the
 * lower-case form first), and `no_proxy`/`NO_PROXY` listing hosts that go direct.
 */

/** The proxy URL for `url`, or null to connect directly. */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv): URL | null {
  const https = url.protocol === 'https:'
  const value = https ? env.https_proxy || env.HTTPS_PROXY : env.http_proxy || env.HTTP_PROXY
  if (!value || bypassesProxy(url, env.no_proxy ?? env.NO_PROXY ?? '')) return null
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`)
  } catch {
    return null
  }
}

/**
 * NO_PROXY: `*` (every host), or a comma- or space-separated list of host names, domain suffixes
 * (`example.com` and `.example.com` both match `s3.example.com`), IP addresses, each with an
 * optional `:port`.
 */
export function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  return noProxy.split(/[\s,]+/).filter(Boolean).some((entry) => {
    if (entry === '*') return true
    const m = entry.toLowerCase().match(/^\[?([^\]]*?)\]?(?::(\d+))?$/)
    if (!m) return false
    const [, name, entryPort] = m
    if (entryPort && entryPort !== port) return false
    const domain = name.replace(/^\*?\./, '')
    return host === domain || host.endsWith('.' + domain)
  })
}

/** A proxy URL fit to show: its password replaced. */
export function describeProxy(proxy: URL): string {
  const shown = new URL(proxy.href)
  if (shown.password) shown.password = '****'
  return shown.href.replace(/\/$/, '')
}
