/**
 * The seed's object methods: write, read, exists, delete, copy, updateMetadata, and more.
 */
import {StorageCore} from './core.js'

export class ObjectStorage extends StorageCore {}
