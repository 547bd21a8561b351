/**
 * Keep-alive agents that go through a proxy. https:// targets tunnel with CONNECT (hpagent, so
 * the TLS session is end to end); http:// targets are forwarded the plain way, the request line
 * holding the absolute URL, as curl does: proxies often refuse CONNECT to ports other than 443.
 */
import http from 'node:http'
import type https from 'node:https'

/** Sends each request to the proxy with its absolute URL; the sockets to the proxy are kept alive and shared. */
class ForwardProxyAgent extends http.Agent {
  constructor(options: http.AgentOptions, private readonly proxy: URL) {
    super(options)
  }

  addRequest(req: http.ClientRequest, options: http.ClientRequestArgs): void {
    // The request line is written later, from req.path: make it the absolute form the proxy needs.
    const host = options.host ?? options.hostname ?? 'localhost'
    req.path = `http://${host.includes(':') ? `[${host}]` : host}${options.port ? `:${options.port}` : ''}${req.path}`
    if (this.proxy.username || this.proxy.password) {
      const user = `${decodeURIComponent(this.proxy.username)}:${decodeURIComponent(this.proxy.password)}`
      req.setHeader('proxy-authorization', `Basic ${Buffer.from(user).toString('base64')}`)
    }
    const proxied = {...options, host: this.proxy.hostname, hostname: this.proxy.hostname, port: this.proxy.port || 80}
    ;(http.Agent.prototype as unknown as {addRequest: (r: http.ClientRequest, o: http.ClientRequestArgs) => void}).addRequest.call(this, req, proxied)
  }
}

export async function proxyAgents(proxy: URL, options: https.AgentOptions): Promise<{http: http.Agent; https: https.Agent}> {
  const {HttpsProxyAgent} = await import('hpagent')
  return {http: new ForwardProxyAgent(options, proxy), https: new HttpsProxyAgent({...options, proxy})}
}
