/** The query parameters the original's methods take. */
import type {QueryParams} from '../client/connection.js'

/** The original's params: an object, or the query string's text after '?'. */
export function paramsObject(params: QueryParams | undefined): Record<string, string> {
  if (params === undefined) return {}
  if (typeof params === 'string') return Object.fromEntries(new URLSearchParams(params.replace(/^\?/, '')))
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))
}
