import * as nodeModule from 'node:module'
import { homedir } from 'node:os'
import { join } from 'node:path'

// Node ≥ 22.1 can keep the compiled code of the modules loaded after this line
// between runs, which a CLI run many times pays for at every start. The cache
// lives with the user's other caches, not in the temp folder a build cleans.
// Older nodes have no such function; NODE_DISABLE_COMPILE_CACHE turns it off.
const enableCompileCache = (nodeModule as { enableCompileCache?: (dir: string) => unknown })
  .enableCompileCache
enableCompileCache?.(
  join(
    process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
    'from-scratch',
    'node-compile-cache'
  )
)

const { cli, terminalWorld } = await import('./cli.js')
process.exitCode = await cli(process.argv.slice(2), terminalWorld)
