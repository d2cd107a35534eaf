import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './support/paths.js'

// The action runs on Node 24 (`runs: using: node24`); CI and `npm test` test on
// what users run, and `npm run test:unit` selects tests that exist.

const read = (path: string): string => readFileSync(join(repoRoot, path), 'utf8')

test('action.yml runs on node24, and every workflow sets up Node 24', () => {
  expect(read('action.yml')).toMatch(/^\s+using: '?node24'?$/m)
  const workflows = readdirSync(join(repoRoot, '.github/workflows'))
  expect(workflows.length).toBeGreaterThan(0)
  for (const file of workflows) {
    const text = read(join('.github/workflows', file))
    const versions = [...text.matchAll(/node-version:\s*'?([^'\s]+)'?/g)].map((m) => m[1])
    for (const version of versions) expect({ file, version }).toEqual({ file, version: '24' })
  }
})

test('npm test runs jest on Node 24', () => {
  const event = process.env.npm_lifecycle_event ?? ''
  if (!event.startsWith('test')) return // run by jest directly: whatever node started it
  expect(process.versions.node.split('.')[0]).toBe('24')
})

test('npm run test:unit selects the unit tests, and no integration test', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts
  const words = scripts['test:unit'].split(/\s+/)
  const at = words.findIndex((word) => word === 'jest' || word.endsWith('scripts/test.sh'))
  expect(at).toBeGreaterThanOrEqual(0)
  const listed = spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules/jest/bin/jest.js'), '--listTests', ...words.slice(at + 1)],
    { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }
  )
  expect(listed.stderr).toBe('')
  expect(listed.status).toBe(0)
  const files = listed.stdout.split('\n').filter((line) => line.endsWith('.test.ts'))
  expect(files).toContain(join(repoRoot, '__tests__/report/units.test.ts'))
  expect(files.filter((file) => file.includes('/__tests__/integration/'))).toEqual([])
})
