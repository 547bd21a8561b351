/**
 * The library's public API: what scripts and plugins import, from `s3-connector-lib` (the
 * library alone) or `s3-connector` (the CLI package, which re-exports it unchanged).
 */
export {S3Connection} from './client/connection.js'
export type {ConnectionExtras, QueryParams, S3Request, StreamBody} from './client/connection.js'
export {Storage} from './storage.js'
export {
  classify, ConfigError, DeleteObjectsError, IntegrityError, InterruptedError, LocalFileError, NetworkError, NotS3Error, S3ErrorDetail, StorageError, ValueError,
} from './errors.js'
export type {Classification, ErrorKind, S3ErrorFields} from './errors.js'
export type {DeletedEvent, RetriedEvent, StorageObserver, StoredEvent} from './events.js'
export {ObjectVersion, S3Bucket, S3Key, S3Name, S3Owner} from './types.js'
export type {Headers, Metadata, RemoteName, Target} from './types.js'
export type {ConnectionOptions, RetryOptions} from './settings/options.js'
export {loadConfig} from './settings/config.js'
export type {LoadedConfig} from './settings/config.js'
export {parseXml, toXml} from './client/xml.js'
export type {XmlObject, XmlValue} from './client/xml.js'
export type {S3Response} from './client/response.js'
export type {HttpAnswer, HttpCall, StorageHttp} from './ops/http.js'
export type {CopyOptions, DeleteOptions, HeadOptions, ObjectConfigOptions, ObjectInfo, ReadOptions, ReadResult, TransferTuning, WriteOptions, WriteResult} from './ops/objects.js'
export type {OpenUpload} from './ops/multipart.js'
export type {UploadInput} from './ops/sources.js'
export {guessContentType} from './content-type.js'
export {httpDate, sseCustomerHeaders, taggingHeader} from './object-headers.js'
export type {BucketConfigData, CreateBucketOptions, DeleteError, DeleteObjectsResult, EmptyBucketOptions, ObjectIdentifier, PolicyDocument} from './ops/buckets.js'
export {BUCKET_CONFIGS, findConfig, methodName, OBJECT_CONFIGS} from './ops/subresource-tables.js'
export type {BucketConfigName, BucketConfigSpec, ConfigHeader, ConfigOperation, ConfigScope, ObjectConfigName} from './ops/subresource-tables.js'
export {bucketNameProblem, checkBucketName} from './bucket-name.js'
export type {BucketNameMode} from './bucket-name.js'
