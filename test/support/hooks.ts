// Root-level hook (loaded first by .mocharc.json): stop the test server once every suite is done.
import {stopTestServer} from './server.js'

after(async function () {
  this.timeout(60_000)
  await stopTestServer()
})
