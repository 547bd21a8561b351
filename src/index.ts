/** The library's public API (`s3-connector`): the library package's, re-exported unchanged. */
export * from './lib/index.js'
