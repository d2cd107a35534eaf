import { cli, terminalWorld } from './cli.js'

process.exitCode = await cli(process.argv.slice(2), terminalWorld)
