/**
 * XML <-> plain objects, following the convention of the original Python `s3` package.
 *
 * toXml: a key is the whole opening tag (attributes included); its first word is the closing
 * tag. Scalars are text, objects are child elements in key order, `$` holds attributes and `_`
 * holds text beside attributes (both as parseXml produces them). An array under key K is
 *   - siblings inside ONE K element when every item is an object with exactly one key (the
 *     original's reading): {K: [{A: 1}, {B: 2}]} -> <K><A>1</A><B>2</B></K>. An empty array is an
 *     empty K element.
 *   - repeated K elements otherwise: {K: ['x', 'y']} -> <K>x</K><K>y</K>.
 * The one ambiguity: repeated elements that each hold a single child, such as S3's
 * <CommonPrefixes><Prefix>..</Prefix></CommonPrefixes> twice, read back as
 * {CommonPrefixes: [{Prefix}, {Prefix}]} and would be written as ONE CommonPrefixes element.
 * To write them repeated, write them as siblings of their parent:
 * {Parent: [{CommonPrefixes: {Prefix: 'a/'}}, {CommonPrefixes: {Prefix: 'b/'}}]}.
 *
 * parseXml: built on xml2js. Namespaces are dropped, other attributes kept under `$`, text kept
 * as-is, repeated elements become arrays. xml2js (sax) never expands DTD entities: a document
 * that uses one, such as "billion laughs" or an external entity, is rejected, not expanded.
 */
import type {ParserOptions} from 'xml2js'
import type {Parser as XmlParser} from 'xml2js/lib/parser.js'
import {readPlainXml} from './plain-xml.js'

export type XmlValue = string | number | boolean | null | undefined | XmlObject | XmlValue[]
export interface XmlObject {
  [tag: string]: XmlValue
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
const XSI_DECLARATION = ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
const ATTRS = '$'
const TEXT = '_'

export function toXml(obj: XmlObject, opts: {declaration?: boolean} = {}): string {
  const keys = Object.keys(obj)
  if (keys.length !== 1 || keys[0] === ATTRS || keys[0] === TEXT) {
    throw new Error(`toXml needs an object with exactly one key, the root element; got keys [${keys.join(', ')}]`)
  }
  const xml = element(keys[0], obj[keys[0]])
  return opts.declaration ? DECLARATION + xml : xml
}

// Text content: `&` and `<` must be escaped, `>` is escaped for `]]>`; `\r` as a reference
// because XML parsers turn a raw CR into LF.
export function escapeXmlText(s: string): string {
  return checkChars(s).replace(/[&<>\r]/g, (c) => ENTITIES[c])
}

// Attribute values also lose raw tabs and newlines to attribute-value normalization.
function escapeAttr(s: string): string {
  return checkChars(s).replace(/[&<>"\r\n\t]/g, (c) => ENTITIES[c])
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;',
}

// XML 1.0 cannot hold these at all, not even as character references: fail now rather than
// have the server reject the document.
function checkChars(s: string): string {
  const bad = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.exec(s)
  if (bad) {
    const hex = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
    throw new Error(`XML 1.0 cannot hold the character U+${hex}`)
  }
  return s
}

function checkName(name: string, what: string): string {
  if (!/^[^\s<>&"'=/]+$/.test(name)) throw new Error(`invalid XML ${what} name: ${JSON.stringify(name)}`)
  return name
}

function isObject(v: XmlValue): v is XmlObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isSingleChild(v: XmlValue): v is XmlObject {
  if (!isObject(v)) return false
  const keys = Object.keys(v)
  return keys.length === 1 && keys[0] !== ATTRS && keys[0] !== TEXT
}

function scalarText(v: XmlValue): string {
  return v === null || v === undefined ? '' : escapeXmlText(String(v))
}

/** One key/value pair as XML: one element, or several when the value is a repeated array. */
function element(key: string, value: XmlValue): string {
  const openTag = key.trim()
  if (/[<>]/.test(openTag)) throw new Error(`invalid XML tag: ${JSON.stringify(key)}`)
  const name = checkName(openTag.split(/\s/)[0], 'element')

  let attrs = ''
  let content = ''
  if (Array.isArray(value)) {
    if (!value.every(isSingleChild)) return value.map((item) => element(key, item)).join('')
    content = value.map((item) => children(item)).join('')
  } else if (isObject(value)) {
    const {[ATTRS]: attrObj, [TEXT]: text, ...rest} = value
    if (attrObj !== undefined) {
      if (!isObject(attrObj)) throw new Error(`the ${ATTRS} of <${name}> must be an object of attributes`)
      for (const [attr, v] of Object.entries(attrObj)) {
        attrs += ` ${checkName(attr, 'attribute')}="${escapeAttr(v === null || v === undefined ? '' : String(v))}"`
      }
    }
    content = scalarText(text) + children(rest)
  } else {
    content = scalarText(value)
  }
  // An xsi:type attribute (as in S3 ACL grantees) needs its prefix declared.
  const tagText = ` ${openTag}${attrs}`
  if (/\sxsi:/.test(tagText) && !/\sxmlns:xsi=/.test(tagText)) attrs = XSI_DECLARATION + attrs
  return `<${openTag}${attrs}>${content}</${name}>`
}

function children(obj: XmlObject): string {
  return Object.entries(obj).map(([k, v]) => element(k, v)).join('')
}

/**
 * xml2js's parser alone (see xml2js-parser.d.ts: the package's index loads its builder too),
 * loaded on first use: listing pages are read by plain-xml.ts and need none of it.
 */
let loading: Promise<() => XmlParser> | undefined
async function newParser(): Promise<XmlParser> {
  loading ??= Promise.all([import('xml2js/lib/parser.js'), import('xml2js/lib/processors.js')]).then(([{Parser}, {stripPrefix}]) => {
    const options: ParserOptions = {
      explicitArray: false, // a single element is a value, repeated ones an array
      tagNameProcessors: [stripPrefix],
      attrkey: ATTRS,
      charkey: TEXT,
      // defaults kept on purpose: strict, no trim, no normalize, no value conversion
    }
    return () => new Parser(options)
  })
  return (await loading)()
}

/** The part of xml2js's sax parser that parseXml watches; not in xml2js's types. */
interface SaxParser {
  closedRoot: boolean
  line: number
  column: number
  onopentag: (node: unknown) => void
}

export async function parseXml(text: string): Promise<XmlObject> {
  // One parser per call, driven synchronously (xml2js's default async: false) with our own
  // listeners: parseStringPromise resolves at the root's end tag and so accepts trailing junk.
  const parser = await newParser()
  let result: unknown
  let problem: string | undefined
  parser.on('end', (r: unknown) => (result ??= r)) // a second root would end again
  parser.on('error', (e: Error) => (problem ??= describe(e)))
  const sax = (parser as unknown as {saxParser: SaxParser}).saxParser
  const openTag = sax.onopentag
  sax.onopentag = (node) => {
    if (sax.closedRoot) problem ??= `more than one root element at line ${sax.line + 1}, column ${sax.column}`
    openTag(node)
  }
  try {
    parser.parseString(text)
  } catch (e) {
    problem ??= describe(e as Error)
  }
  if (problem === undefined && (result === null || result === undefined)) problem = 'empty document'
  if (problem !== undefined) throw new Error(`invalid XML: ${problem}`)
  return clean(result) as XmlObject
}

/**
 * parseXml for large documents of plain XML (listing pages): the same result, read by the
 * quick reader of plain-xml.ts when it can, by xml2js otherwise (and for every error).
 */
export async function parsePlainXml(text: string): Promise<XmlObject> {
  return readPlainXml(text) ?? parseXml(text)
}

// sax says "Unexpected close tag\nLine: 0\nColumn: 11\nChar: >" (line 0-based, column 1-based).
function describe(e: Error): string {
  const m = /^(.*?)\.?\nLine: (\d+)\nColumn: (\d+)/s.exec(e.message)
  if (m) return `${m[1]} at line ${Number(m[2]) + 1}, column ${m[3]}`
  return e.message.replace(/\s*\n\s*/g, '; ')
}

/** Drops namespace declarations and rebuilds plain objects (fromEntries is safe for `__proto__`). */
function clean(v: unknown): XmlValue {
  if (Array.isArray(v)) return v.map(clean)
  if (typeof v !== 'object' || v === null) return v as string
  const entries: [string, XmlValue][] = []
  for (const [k, child] of Object.entries(v)) {
    if (k !== ATTRS) {
      entries.push([k, clean(child)])
      continue
    }
    const attrs = Object.entries(child as Record<string, string>).filter(
      ([name]) => name !== 'xmlns' && !name.startsWith('xmlns:'),
    )
    if (attrs.length > 0) entries.push([ATTRS, Object.fromEntries(attrs)])
  }
  // An element that only declared namespaces is empty, or just its text.
  if (entries.length === 0) return ''
  if (entries.length === 1 && entries[0][0] === TEXT) return entries[0][1]
  return Object.fromEntries(entries)
}

/** XML gives one element as a value and several as an array; callers want an array. */
export function asArray<T>(value: T | T[] | undefined | null | ''): T[] {
  if (value === undefined || value === null || value === '') return []
  return Array.isArray(value) ? value : [value]
}
