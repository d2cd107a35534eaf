// Bundles the action (dist/index.js) and the terminal entry (dist/cli.js) with
// ncc. Each entry is built into its own scratch folder and its single file is
// copied into dist/, so the two bundles never overwrite each other's chunks.
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'

const entries = [
  { source: 'src/index.ts', target: 'dist/index.js' },
  { source: 'src/cli-entry.ts', target: 'dist/cli.js', executable: true }
]
const scratch = '.cache/ncc'
rmSync(scratch, { recursive: true, force: true })
mkdirSync('dist', { recursive: true })
for (const name of readdirSync('dist').filter((n) => /^\d+\.index\.js$/.test(n))) {
  rmSync(join('dist', name))
}
const licenses = []
const chunks = new Map()
for (const entry of entries) {
  const out = join(scratch, entry.target.replace(/[/.]/g, '_'))
  execFileSync(
    'npx',
    [
      'ncc',
      'build',
      entry.source,
      '-o',
      out,
      '--license',
      'licenses.txt',
      '--target',
      'es2022',
      '-q'
    ],
    { stdio: 'inherit' }
  )
  let code = readFileSync(join(out, 'index.js'), 'utf8')
  if (entry.executable && !code.startsWith('#!')) code = `#!/usr/bin/env node\n${code}`
  writeFileSync(entry.target, code)
  if (entry.executable) chmodSync(entry.target, 0o755)
  // Dynamic imports become chunks (`<id>.index.js`) that the bundle loads from beside itself.
  for (const name of readdirSync(out).filter((n) => /^\d+\.index\.js$/.test(n))) {
    const code = readFileSync(join(out, name), 'utf8')
    const target = join('dist', name)
    if (chunks.has(name) && chunks.get(name) !== code) {
      throw new Error(`two bundles made different chunks named ${name}; give them separate folders`)
    }
    chunks.set(name, code)
    writeFileSync(target, code)
  }
  // ncc writes no licence file when a bundle holds no third-party code.
  const licenseFile = join(out, 'licenses.txt')
  if (existsSync(licenseFile)) licenses.push(readFileSync(licenseFile, 'utf8'))
}
writeFileSync('dist/licenses.txt', [...new Set(licenses)].join('\n'))
writeFileSync('dist/package.json', '{ "type": "module" }\n')
copyFileSync('LICENSE', 'dist/LICENSE')
rmSync(scratch, { recursive: true, force: true })
