#!/usr/bin/env node
// Development entry: runs the TypeScript sources directly (no build needed), through the same
// start as bin/run.js (src/app/main.ts), so both read a command line alike: global options
// before the command, topics typed with a space, oclif's own errors as one line.
// tsx is registered here rather than by `node --import tsx`, which would look for tsx in the
// folder the command runs in, not in this package.
import {register} from 'tsx/esm/api'

register()
const {main} = await import('../src/app/main.ts')
void main(process.argv.slice(2), import.meta.url, {development: true})
