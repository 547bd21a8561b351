/**
 * THE tables of bucket configurations and of object sub-resources (OBJECT_CONFIGS below, same
 * row type: tagging and ACL of one object). Each row is one subresource of a bucket (`?cors`,
 * `?policy`...) and says which of get / set / delete exist, the body format, the root
 * element, and the extra headers a setter accepts. Everything else is derived from it:
 * the Storage methods (bucketGetCors, bucketSetCors, bucketDeleteCors: see buckets.ts),
 * the commands (bucket:get-cors, bucket:set-cors, bucket:delete-cors) and their help.
 * No heavy imports here: the CLI reads this table to build its command classes.
 */

export interface ConfigHeader {
  /** CLI flag name (`--acl`). */
  readonly flag: string
  /** The HTTP header it sets. */
  readonly header: string
  readonly description: string
  readonly options?: readonly string[]
}

/**
 * How aws-cli's JSON for a configuration (`aws s3api put-bucket-cors --cors-configuration`,
 * what `get-bucket-cors` prints) differs from the XML document: no root element, a list under
 * the plural name for each repeated element, a few other names, numbers and booleans as such.
 * Names apply wherever they occur in the document; `Parent.Name` only under that parent (the
 * same name on both sides). aws-shape.ts converts with it, both ways.
 */
export interface AwsShape {
  /** aws's list -> the XML element it repeats (`CORSRules: 'CORSRule'`), or `Wrapper/Item` when the items sit in one element (`TagSet: 'TagSet/Tag'`). */
  readonly lists?: Readonly<Record<string, string>>
  /** aws's name -> the XML name, for the few that differ otherwise (`TopicArn: 'Topic'`). */
  readonly renames?: Readonly<Record<string, string>>
  /** Elements aws writes as numbers (`MaxAgeSeconds`) and as booleans. */
  readonly numbers?: readonly string[]
  readonly booleans?: readonly string[]
}

export interface BucketConfigSpec {
  /** kebab-case name: the command suffix (`get-request-payment`); the methods use its PascalCase. */
  readonly name: string
  /** What it is called in help lines: "Show a bucket's <title>". */
  readonly title: string
  /** The query subresource (`?requestPayment`). */
  readonly subresource: string
  /** Body format of both the answer and the document a setter sends. */
  readonly format: 'xml' | 'json'
  /** Root element of the XML document (setters add it when an object leaves it out). */
  readonly root?: string
  readonly get: boolean
  readonly set: boolean
  readonly delete: boolean
  /** Headers the setter accepts; a setter with headers takes (bucket, headers, data), as in the original package. */
  readonly headers?: readonly ConfigHeader[]
  /** The getter takes query params (`bucketGetVersions(bucket, params)`). */
  readonly params?: boolean
  readonly description: string
  /** A document for the setter's help example. */
  readonly example?: string
  /** aws-cli's JSON for it (see AwsShape): setters take it, getters write it with --aws-json. */
  readonly aws?: AwsShape
}

const TAG_SET: AwsShape = {lists: {TagSet: 'TagSet/Tag'}}

/** The canned ACLs S3 knows for buckets (x-amz-acl)... */
export const CANNED_BUCKET_ACLS = ['private', 'public-read', 'public-read-write', 'authenticated-read'] as const
/** ...and for objects: the bucket's, and three more. */
export const CANNED_OBJECT_ACLS = [...CANNED_BUCKET_ACLS, 'aws-exec-read', 'bucket-owner-read', 'bucket-owner-full-control'] as const

const GRANT = (what: string) => `grantees (id="...", uri="...", emailAddress="...", comma-separated) to give ${what}`

export const BUCKET_CONFIGS = [
  {
    name: 'acl', title: 'access control list (ACL)', subresource: 'acl', format: 'xml', root: 'AccessControlPolicy', get: true, set: true, delete: false,
    description: 'access control list: the owner and the grants of permissions',
    headers: [
      {flag: 'acl', header: 'x-amz-acl', description: 'canned ACL to apply instead of a document',
        options: CANNED_BUCKET_ACLS},
      {flag: 'grant-read', header: 'x-amz-grant-read', description: GRANT('READ (list objects)')},
      {flag: 'grant-write', header: 'x-amz-grant-write', description: GRANT('WRITE (create objects)')},
      {flag: 'grant-read-acp', header: 'x-amz-grant-read-acp', description: GRANT('READ_ACP')},
      {flag: 'grant-write-acp', header: 'x-amz-grant-write-acp', description: GRANT('WRITE_ACP')},
      {flag: 'grant-full-control', header: 'x-amz-grant-full-control', description: GRANT('FULL_CONTROL')},
    ],
  },
  {
    name: 'cors', title: 'CORS rules', subresource: 'cors', format: 'xml', root: 'CORSConfiguration', get: true, set: true, delete: true,
    description: 'cross-origin resource sharing rules (which web origins may call the bucket)',
    example: '{"CORSConfiguration":{"CORSRule":{"AllowedOrigin":"*","AllowedMethod":["GET","HEAD"]}}}',
    aws: {
      lists: {CORSRules: 'CORSRule', AllowedHeaders: 'AllowedHeader', AllowedMethods: 'AllowedMethod', AllowedOrigins: 'AllowedOrigin', ExposeHeaders: 'ExposeHeader'},
      numbers: ['MaxAgeSeconds'],
    },
  },
  {
    name: 'lifecycle', title: 'lifecycle rules', subresource: 'lifecycle', format: 'xml', root: 'LifecycleConfiguration', get: true, set: true, delete: true,
    description: 'lifecycle rules: expiration and transitions of objects',
    example: '{"LifecycleConfiguration":{"Rule":{"ID":"tmp","Filter":{"Prefix":"tmp/"},"Status":"Enabled","Expiration":{"Days":7}}}}',
    aws: {
      lists: {'Rules': 'Rule', 'Transitions': 'Transition', 'NoncurrentVersionTransitions': 'NoncurrentVersionTransition', 'And.Tags': 'Tag'},
      numbers: ['Days', 'NoncurrentDays', 'NewerNoncurrentVersions', 'DaysAfterInitiation', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan'],
      booleans: ['ExpiredObjectDeleteMarker'],
    },
  },
  {
    name: 'location', title: 'location (region)', subresource: 'location', format: 'xml', root: 'LocationConstraint', get: true, set: false, delete: false,
    description: 'the region (location constraint) the bucket was created in',
  },
  {
    name: 'logging', title: 'access logging status', subresource: 'logging', format: 'xml', root: 'BucketLoggingStatus', get: true, set: true, delete: false,
    description: 'server access logging status',
    example: '{"BucketLoggingStatus":{"LoggingEnabled":{"TargetBucket":"my-logs","TargetPrefix":"my-bucket/"}}}',
    aws: {lists: {TargetGrants: 'TargetGrants/Grant'}},
  },
  {
    name: 'notification', title: 'event notifications', subresource: 'notification', format: 'xml', root: 'NotificationConfiguration', get: true, set: true, delete: false,
    description: 'event notifications (topics, queues, functions told about object events)',
    example: '{"NotificationConfiguration":{"TopicConfiguration":{"Id":"new-objects","Topic":"arn:aws:sns:us-east-1:123456789012:my-topic","Event":"s3:ObjectCreated:*"}}}',
    // aws's put-bucket-notification-configuration shape
    aws: {
      lists: {TopicConfigurations: 'TopicConfiguration', QueueConfigurations: 'QueueConfiguration', LambdaFunctionConfigurations: 'CloudFunctionConfiguration', Events: 'Event', FilterRules: 'FilterRule'},
      renames: {TopicArn: 'Topic', QueueArn: 'Queue', LambdaFunctionArn: 'CloudFunction', Key: 'S3Key'},
    },
  },
  {
    name: 'object-lock', title: 'object lock configuration', subresource: 'object-lock', format: 'xml', root: 'ObjectLockConfiguration', get: true, set: true, delete: false,
    description: 'object lock configuration: whether lock is enabled (only at creation: bucket:create --object-lock) and the default retention of new objects (mode, and days or years)',
    example: '{"ObjectLockConfiguration":{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"GOVERNANCE","Days":30}}}}',
    aws: {numbers: ['Days', 'Years']},
  },
  {
    name: 'policy', title: 'policy', subresource: 'policy', format: 'json', get: true, set: true, delete: true,
    description: 'bucket policy (a JSON document of IAM-style statements)',
    example: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam:::user/other"]},"Action":["s3:PutObject"],"Resource":["arn:aws:s3:::my-bucket/*"]}]}',
  },
  {
    name: 'request-payment', title: 'request-payment setting', subresource: 'requestPayment', format: 'xml', root: 'RequestPaymentConfiguration', get: true, set: true, delete: false,
    description: 'who pays for requests and downloads: BucketOwner or Requester',
    example: '{"RequestPaymentConfiguration":{"Payer":"Requester"}}',
    aws: {},
  },
  {
    name: 'tagging', title: 'tags', subresource: 'tagging', format: 'xml', root: 'Tagging', get: true, set: true, delete: true,
    description: 'tags: key/value pairs attached to the bucket',
    example: '{"Tagging":{"TagSet":{"Tag":[{"Key":"project","Value":"s3"},{"Key":"team","Value":"storage"}]}}}',
    aws: TAG_SET,
  },
  {
    name: 'versioning', title: 'versioning state', subresource: 'versioning', format: 'xml', root: 'VersioningConfiguration', get: true, set: true, delete: false,
    description: 'versioning state: Enabled or Suspended (and MFA delete)',
    headers: [{flag: 'mfa', header: 'x-amz-mfa', description: 'MFA device serial number and code, "SERIAL CODE" (needed to change MFA delete)'}],
    example: '{"VersioningConfiguration":{"Status":"Enabled"}}',
    aws: {renames: {MFADelete: 'MfaDelete'}},
  },
  {
    name: 'versions', title: 'object versions (one page)', subresource: 'versions', format: 'xml', root: 'ListVersionsResult', get: true, set: false, delete: false, params: true,
    description: 'one page of object versions and delete markers (params: prefix, delimiter, key-marker, version-id-marker, max-keys)',
  },
  {
    name: 'website', title: 'website configuration', subresource: 'website', format: 'xml', root: 'WebsiteConfiguration', get: true, set: true, delete: true,
    description: 'static website hosting: index and error documents, redirects, routing rules',
    example: '{"WebsiteConfiguration":{"IndexDocument":{"Suffix":"index.html"},"ErrorDocument":{"Key":"error.html"}}}',
    aws: {lists: {RoutingRules: 'RoutingRules/RoutingRule'}},
  },
] as const satisfies readonly BucketConfigSpec[]

/**
 * The object sub-resources, as rows of the same shape: object:get-tagging... and
 * storage.objectGetTagging(remoteName, {versionId})... are derived from them as for buckets.
 */
export const OBJECT_CONFIGS = [
  {
    name: 'acl', title: 'access control list (ACL)', subresource: 'acl', format: 'xml', root: 'AccessControlPolicy', get: true, set: true, delete: false,
    description: 'access control list: the owner and the grants of permissions on the object',
    headers: [
      {flag: 'acl', header: 'x-amz-acl', description: 'canned ACL to apply instead of a document',
        options: CANNED_OBJECT_ACLS},
      {flag: 'grant-read', header: 'x-amz-grant-read', description: GRANT('READ (read the object)')},
      {flag: 'grant-read-acp', header: 'x-amz-grant-read-acp', description: GRANT('READ_ACP')},
      {flag: 'grant-write-acp', header: 'x-amz-grant-write-acp', description: GRANT('WRITE_ACP')},
      {flag: 'grant-full-control', header: 'x-amz-grant-full-control', description: GRANT('FULL_CONTROL')},
    ],
  },
  {
    name: 'tagging', title: 'tags', subresource: 'tagging', format: 'xml', root: 'Tagging', get: true, set: true, delete: true,
    description: 'tags: key/value pairs attached to the object (at most 10)',
    example: '{"Tagging":{"TagSet":{"Tag":[{"Key":"state","Value":"reviewed"}]}}}',
    aws: TAG_SET,
  },
  {
    name: 'retention', title: 'retention (object lock)', subresource: 'retention', format: 'xml', root: 'Retention', get: true, set: true, delete: false,
    description: 'retention: the object lock mode (GOVERNANCE or COMPLIANCE) and the date until which the object version may not be deleted or overwritten',
    headers: [{flag: 'bypass-governance', header: 'x-amz-bypass-governance-retention', description: 'shorten or remove a GOVERNANCE retention ("true"; needs s3:BypassGovernanceRetention)'}],
    example: '{"Retention":{"Mode":"GOVERNANCE","RetainUntilDate":"2030-01-01T00:00:00Z"}}',
    aws: {},
  },
  {
    name: 'legal-hold', title: 'legal hold (object lock)', subresource: 'legal-hold', format: 'xml', root: 'LegalHold', get: true, set: true, delete: false,
    description: 'legal hold: while ON, the object version may not be deleted, whatever its retention',
    example: '{"LegalHold":{"Status":"ON"}}',
    aws: {},
  },
] as const satisfies readonly BucketConfigSpec[]

export type BucketConfig = (typeof BUCKET_CONFIGS)[number]
export type ObjectConfigName = (typeof OBJECT_CONFIGS)[number]['name']
/** Which table a row belongs to: the prefix of its methods (bucketGetCors, objectGetTagging) and commands. */
export type ConfigScope = 'bucket' | 'object'
export type BucketConfigName = BucketConfig['name']
export type ConfigOperation = 'get' | 'set' | 'delete'

/** `request-payment` -> `RequestPayment`, at the type level (the method names). */
export type Pascal<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Capitalize<Head>}${Pascal<Tail>}` : Capitalize<S>

/** `request-payment` -> `RequestPayment`, at run time. */
export function pascal<S extends string>(name: S): Pascal<S> {
  return name.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('') as Pascal<S>
}

/** The Storage method for one operation of one config: ('get', cors) -> 'bucketGetCors'; of an object's: 'objectGetTagging'. */
export function methodName(op: ConfigOperation, spec: BucketConfigSpec, scope: ConfigScope = 'bucket'): string {
  return `${scope}${pascal(op)}${pascal(spec.name)}`
}

function table(scope: ConfigScope): readonly BucketConfigSpec[] {
  return scope === 'bucket' ? BUCKET_CONFIGS : OBJECT_CONFIGS
}

export function findConfig(name: string, scope: ConfigScope = 'bucket'): BucketConfigSpec | undefined {
  return table(scope).find((c) => c.name === name)
}

/** Every (operation, config) pair a table defines, in table order. */
export function configOperations(scope: ConfigScope = 'bucket'): Array<{op: ConfigOperation; spec: BucketConfigSpec}> {
  const ops: ConfigOperation[] = ['get', 'set', 'delete']
  return table(scope).flatMap((spec) => ops.filter((op) => spec[op]).map((op) => ({op, spec})))
}
