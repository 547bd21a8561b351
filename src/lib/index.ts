/**
 * The library's public API: what scripts and plugins import, from `s3-connector-lib` (the
 * library alone) or `s3-connector` (the CLI package, which re-exports it unchanged).
 */
export {S3Connection} from './connection.js'
export type {ConnectionExtras, QueryParams, S3Request, StreamBody} from './connection.js'
export {Storage} from './storage/storage.js'
export {
  classify, ConfigError, DeleteObjectsError, IntegrityError, InterruptedError, LocalFileError, NetworkError, NotS3Error, S3ErrorDetail, StorageError, ValueError,
} from './errors.js'
export type {Classification, ErrorKind, S3ErrorFields} from './errors.js'
export type {DeletedEvent, RetriedEvent, StorageObserver, StoredEvent} from './events.js'
export {ObjectVersion, S3Bucket, S3Key, S3Name, S3Owner} from './types.js'
export type {Headers, Metadata, RemoteName, Target} from './types.js'
export type {ConnectionOptions, RetryOptions} from './options.js'
export {loadConfig} from './config.js'
export type {LoadedConfig} from './config.js'
export {parseXml, toXml} from './xml.js'
export type {XmlObject, XmlValue} from './xml.js'
export type {S3Response} from './transport.js'
export type {HttpAnswer, HttpCall, StorageHttp} from './storage/http.js'
export type {CopyOptions, HeadOptions, ObjectConfigOptions, ObjectInfo, ReadOptions, ReadResult, TransferTuning, WriteOptions, WriteResult} from './storage/objects.js'
export type {OpenUpload} from './storage/multipart.js'
export type {UploadInput} from './storage/sources.js'
export {guessContentType} from './content-type.js'
export {httpDate, sseCustomerHeaders, taggingHeader} from './object-headers.js'
export type {BucketConfigData, CreateBucketOptions, DeleteError, DeleteObjectsResult, EmptyBucketOptions, ObjectIdentifier, PolicyDocument} from './storage/buckets.js'
export {BUCKET_CONFIGS, findConfig, methodName, OBJECT_CONFIGS} from './storage/bucket-configs.js'
export type {BucketConfigName, BucketConfigSpec, ConfigHeader, ConfigOperation, ConfigScope, ObjectConfigName} from './storage/bucket-configs.js'
export {bucketNameProblem, checkBucketName} from './bucket-name.js'
export type {BucketNameMode} from './bucket-name.js'
