/**
 * aws-cli's JSON for a configuration <-> the XML document's object, by the row's AwsShape
 * (subresource-tables.ts): `{"CORSRules":[{"AllowedOrigins":["*"]}]}` <->
 * `{CORSConfiguration: {CORSRule: [{AllowedOrigin: ['*']}]}}`. Pure: no I/O, no heavy imports.
 */
import {asArray, type XmlObject, type XmlValue} from '../client/xml.js'
import type {AwsShape, BucketConfigSpec} from './subresource-tables.js'

type Json = unknown

/** A list rule: the XML element holding the items, and the items' element when they sit in a wrapper. */
function listRule(rule: string): {element: string; item?: string} {
  const [element, item] = rule.split('/')
  return {element, item}
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Whether `doc` is in aws's shape rather than ours: it has no root element and one of its
 * top-level names is aws's own (a plural list such as CORSRules or Rules, a renamed element),
 * or a list where ours has a wrapper element (TagSet: [...]).
 */
export function isAwsShape(spec: BucketConfigSpec, doc: Record<string, unknown>): boolean {
  const shape = spec.aws
  if (!shape || (spec.root !== undefined && spec.root in doc)) return false
  return Object.entries(doc).some(([name, value]) => {
    if (shape.renames?.[name] !== undefined) return true
    const rule = shape.lists?.[name]
    if (rule === undefined) return false
    const {element, item} = listRule(rule)
    return element !== name || (item !== undefined && Array.isArray(value))
  })
}

/** aws's JSON -> the document with its root element, as the setters send it. */
export function fromAwsShape(spec: BucketConfigSpec, doc: Record<string, unknown>): XmlObject {
  return {[spec.root!]: toXmlNames(spec.aws ?? {}, doc, '') as XmlObject}
}

function toXmlNames(shape: AwsShape, value: Json, parent: string): XmlValue {
  if (Array.isArray(value)) return value.map((v) => toXmlNames(shape, v, parent))
  if (!isObject(value)) return value as XmlValue
  const out: XmlObject = {}
  for (const [name, child] of Object.entries(value)) {
    const rule = shape.lists?.[`${parent}.${name}`] ?? shape.lists?.[name]
    if (rule === undefined) {
      out[shape.renames?.[name] ?? name] = toXmlNames(shape, child, name)
      continue
    }
    const {element, item} = listRule(rule)
    const items = asArray(child as XmlValue).map((v) => toXmlNames(shape, v, item ?? element))
    out[element] = item === undefined ? items : {[item]: items}
  }
  return out
}

/** The document a getter returned (root element included) -> aws's JSON, as `aws s3api get-...` prints it. */
export function toAwsShape(spec: BucketConfigSpec, doc: XmlObject): Record<string, unknown> {
  const body = spec.root !== undefined && spec.root in doc ? doc[spec.root] : doc
  const converted = toAwsNames(spec.aws ?? {}, body, '')
  return isObject(converted) ? converted : {}
}

function toAwsNames(shape: AwsShape, value: XmlValue, parent: string): Json {
  if (Array.isArray(value)) return value.map((v) => toAwsNames(shape, v, parent))
  if (!isObject(value)) return value
  const lists = reverseLists(shape)
  const renames = Object.fromEntries(Object.entries(shape.renames ?? {}).map(([aws, xml]) => [xml, aws]))
  const out: Record<string, Json> = {}
  for (const [name, child] of Object.entries(value)) {
    const list = lists.get(`${parent}.${name}`) ?? lists.get(name)
    if (list) {
      const items = list.item === undefined ? child : isObject(child) ? child[list.item] : undefined
      out[list.aws] = asArray(items as XmlValue).map((v) => toAwsNames(shape, v, list.item ?? name))
    } else {
      out[renames[name] ?? name] = scalar(shape, name, toAwsNames(shape, child as XmlValue, name))
    }
  }
  return out
}

/** XML element (or Parent.Element) -> aws's list name and the wrapper's item element. */
function reverseLists(shape: AwsShape): Map<string, {aws: string; item?: string}> {
  const map = new Map<string, {aws: string; item?: string}>()
  for (const [awsName, rule] of Object.entries(shape.lists ?? {})) {
    const dot = awsName.lastIndexOf('.')
    const scope = dot < 0 ? '' : awsName.slice(0, dot + 1)
    const {element, item} = listRule(rule)
    map.set(scope + element, {aws: awsName.slice(dot + 1), item})
  }
  return map
}

/** XML's text as aws's number or boolean, for the elements the shape names. */
function scalar(shape: AwsShape, name: string, value: Json): Json {
  if (typeof value !== 'string') return value
  if (shape.numbers?.includes(name) && /^-?\d+$/.test(value)) return Number(value)
  if (shape.booleans?.includes(name) && (value === 'true' || value === 'false')) return value === 'true'
  return value
}
