/**
 * Bodies of bucket configuration calls: a setter's data (string sent as is, or an object
 * turned into XML by the original's convention / into JSON for policies) and a getter's answer
 * (parsed into the object a setter accepts back, so get -> set round-trips).
 */
import {S3_XMLNS} from '../constants.js'
import {ValueError} from '../types.js'
import {parseXml, toXml, type XmlObject} from '../client/xml.js'
import type {BucketConfigSpec} from './subresource-tables.js'

/** A setter's data: a document as text, or the object a getter returned. */
export type BucketConfigData = string | XmlObject | Record<string, unknown>
/** A bucket policy, parsed. */
export type PolicyDocument = Record<string, unknown>

/** The body a setter sends. Policies are checked to be JSON objects before anything is sent. */
export function encodeBucketConfig(spec: BucketConfigSpec, data: BucketConfigData | undefined | null): string {
  if (data === undefined || data === null || data === '') return ''
  if (spec.format === 'json') {
    const value = typeof data === 'string' ? parseJsonObject(data, `the ${spec.name} document`) : data
    if (typeof data === 'string') return data
    return JSON.stringify(value)
  }
  if (typeof data === 'string') return data
  if (typeof data !== 'object' || Array.isArray(data)) throw new ValueError(`the ${spec.name} document must be an object with the root element ${spec.root}`)
  return toXml(withRoot(spec, data as XmlObject), {declaration: true})
}

/**
 * The document with its root element (added when the object left it out, so both
 * {CORSConfiguration: {CORSRule: ...}} and {CORSRule: ...} work) and S3's namespace on it.
 */
export function withRoot(spec: BucketConfigSpec, data: XmlObject): XmlObject {
  const root = spec.root!
  const keys = Object.keys(data)
  const rootKey = keys.length === 1 && keys[0].trim().split(/\s/)[0] === root ? keys[0] : undefined
  if (rootKey === undefined) return {[`${root} xmlns="${S3_XMLNS}"`]: data}
  if (/\sxmlns=/.test(rootKey)) return data
  return {[`${rootKey.trim()} xmlns="${S3_XMLNS}"`]: data[rootKey]}
}

/** A getter's answer as an object: XML with its root element kept, or the parsed policy. */
export async function decodeBucketConfig(spec: BucketConfigSpec, body: Buffer): Promise<XmlObject | PolicyDocument> {
  const text = body.toString('utf8')
  if (text.trim() === '') return spec.format === 'json' ? {} : (spec.root ? {[spec.root]: {}} : {})
  if (spec.format === 'json') return parseJsonObject(text, `the ${spec.name} answer`)
  return emptyRootAsObject(await parseXml(text))
}

/**
 * An empty configuration (`<VersioningConfiguration/>` on a fresh bucket) reads as an empty
 * object, not '': `jq .VersioningConfiguration.Status` then answers null instead of failing.
 * Only the root changes: an empty element inside (<Prefix/>) stays '', as the setter sends it.
 */
function emptyRootAsObject(doc: XmlObject): XmlObject {
  const keys = Object.keys(doc)
  if (keys.length === 1 && doc[keys[0]] === '') return {[keys[0]]: {}}
  return doc
}

export function parseJsonObject(text: string, what: string): PolicyDocument {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new ValueError(`${what} is not valid JSON: ${(error as Error).message}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ValueError(`${what} must be a JSON object`)
  return value as PolicyDocument
}
