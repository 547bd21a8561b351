/**
 * The sub-resource calls of both tables (subresource-tables.ts): a bucket's configurations
 * (bucketConfigGet/Set/Delete: cors, policy, lifecycle...) and an object's (objectConfigGet/Set/Delete:
 * tagging, acl). The named methods (bucketGetCors...) are generated over these.
 */
import {checkBucketName} from '../bucket-name.js'
import type {Client} from '../client/client.js'
import type {QueryParams} from '../client/connection.js'
import {StorageError} from '../errors.js'
import type {Headers, RemoteName} from '../types.js'
import type {XmlObject} from '../client/xml.js'
import type {ObjectConfigOptions} from './objects.js'
import {paramsObject} from './params.js'
import {type BucketConfigData, decodeBucketConfig, encodeBucketConfig, type PolicyDocument} from './subresource-body.js'
import {type BucketConfigSpec, type ConfigOperation, findConfig, methodName} from './subresource-tables.js'

// ---- the table's operations, by config name (bucket-config-methods.ts names each one) ----

/** GET ?<subresource>: the configuration as an object (policy: the parsed JSON). */
export async function bucketConfigGet(client: Client, name: string, bucket: string, params?: QueryParams): Promise<XmlObject | PolicyDocument> {
  const {spec, op} = specFor(name, 'get')
  await client.wrapErrors(op, async () => checkBucketName(bucket, 'legacy'))
  const response = await client.send({op, method: 'GET', bucket, query: withSubresource(spec.subresource, params), xmlRoot: spec.format === 'xml' ? spec.root : undefined})
  return client.wrapErrors(op, () => decodeBucketConfig(spec, response.body))
}

/** PUT ?<subresource> with `data` (string as is, object converted) and the extra headers. */
export async function bucketConfigSet(client: Client, name: string, bucket: string, data?: BucketConfigData, headers: Headers = {}): Promise<void> {
  const {spec, op} = specFor(name, 'set')
  const body = await client.wrapErrors(op, async () => {
    checkBucketName(bucket, 'legacy')
    return encodeBucketConfig(spec, data)
  })
  const contentType = spec.format === 'json' ? 'application/json' : 'application/xml'
  await client.send({op, method: 'PUT', bucket, query: {[spec.subresource]: ''}, headers: body ? {'content-type': contentType, ...headers} : headers, body})
}

/** DELETE ?<subresource>. */
export async function bucketConfigDelete(client: Client, name: string, bucket: string): Promise<void> {
  const {spec, op} = specFor(name, 'delete')
  await client.wrapErrors(op, async () => checkBucketName(bucket, 'legacy'))
  await client.send({op, method: 'DELETE', bucket, query: {[spec.subresource]: ''}})
}

/** GET ?<subresource> of an object (tagging, acl), parsed with its root element, as bucketConfigGet. */
export async function objectConfigGet(client: Client, name: string, remoteName: RemoteName, options: ObjectConfigOptions = {}): Promise<XmlObject> {
  const {spec, op} = objectSpecFor(name, 'get')
  const target = client.resolve(remoteName, op)
  const response = await client.send({op, method: 'GET', ...target, query: subresourceQuery(spec, options), xmlRoot: spec.root})
  return client.wrapErrors(op, () => decodeBucketConfig(spec, response.body)) as Promise<XmlObject>
}

/** PUT ?<subresource> of an object with `data` (the document, or what objectConfigGet returned) and the extra headers. */
export async function objectConfigSet(client: Client, name: string, remoteName: RemoteName, data?: BucketConfigData, headers: Headers = {}, options: ObjectConfigOptions = {}): Promise<void> {
  const {spec, op} = objectSpecFor(name, 'set')
  const target = client.resolve(remoteName, op)
  const body = await client.wrapErrors(op, async () => encodeBucketConfig(spec, data))
  await client.send({op, method: 'PUT', ...target, query: subresourceQuery(spec, options), headers: body ? {'content-type': 'application/xml', ...headers} : headers, body})
}

/** DELETE ?<subresource> of an object. */
export async function objectConfigDelete(client: Client, name: string, remoteName: RemoteName, options: ObjectConfigOptions = {}): Promise<void> {
  const {spec, op} = objectSpecFor(name, 'delete')
  const target = client.resolve(remoteName, op)
  await client.send({op, method: 'DELETE', ...target, query: subresourceQuery(spec, options)})
}
/** The object table's row for `name` and the method name of `operation` on it, for errors and logs. */
function objectSpecFor(name: string, operation: ConfigOperation): {spec: BucketConfigSpec; op: string} {
  const spec = findConfig(name, 'object')
  const called = `objectConfig${operation.charAt(0).toUpperCase()}${operation.slice(1)}`
  if (!spec || !spec[operation]) throw new StorageError(called, new Error(`no object sub-resource "${name}" with ${operation}`))
  return {spec, op: methodName(operation, spec, 'object')}
}

export function subresourceQuery(spec: BucketConfigSpec, options: ObjectConfigOptions): Record<string, string> {
  return options.versionId ? {[spec.subresource]: '', versionId: options.versionId} : {[spec.subresource]: ''}
}

/** The table's row for `name` and the method name of `operation` on it, for errors and logs. */
function specFor(name: string, operation: ConfigOperation): {spec: BucketConfigSpec; op: string} {
  const spec = findConfig(name)
  const called = `bucketConfig${operation.charAt(0).toUpperCase()}${operation.slice(1)}`
  if (!spec || !spec[operation]) throw new StorageError(called, new Error(`no bucket configuration "${name}" with ${operation}`))
  return {spec, op: methodName(operation, spec)}
}

function withSubresource(subresource: string, params: QueryParams | undefined): QueryParams {
  return {[subresource]: '', ...paramsObject(params)}
}
