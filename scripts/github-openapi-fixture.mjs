#!/usr/bin/env node
// Regenerates __tests__/fixtures/github/openapi-subset.json: the few REST
// operations the sticky PR comment calls, cut out of GitHub's own OpenAPI
// description (npm @octokit/openapi) with every component they $ref.
//
// The package unpacks to ~385 MB (every GitHub flavour), so this fetches the
// tarball with `npm pack` into a temporary folder, extracts only
// generated/api.github.com.json, cuts, and removes the folder again.
//
//   node scripts/github-openapi-fixture.mjs [version]     (default: latest)
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** path → methods: everything comment.ts and the fake server speak. */
export const OPERATIONS = {
  '/user': ['get'],
  '/repos/{owner}/{repo}/issues/{issue_number}/comments': ['get', 'post'],
  '/repos/{owner}/{repo}/issues/comments/{comment_id}': ['get', 'patch', 'delete']
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const target = join(root, '__tests__', 'fixtures', 'github', 'openapi-subset.json')
const member = 'package/generated/api.github.com.json'

function fetchDescription(version) {
  const dir = mkdtempSync(join(tmpdir(), 'from-scratch-openapi-'))
  try {
    const spec = version ? `@octokit/openapi@${version}` : '@octokit/openapi'
    const out = execFileSync('npm', ['pack', spec, '--json', '--pack-destination', dir], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit']
    })
    const [{ filename, version: packed }] = JSON.parse(out)
    execFileSync('tar', ['-xzf', join(dir, filename), '-C', dir, member], { stdio: 'inherit' })
    return { doc: JSON.parse(readFileSync(join(dir, member), 'utf8')), packed }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Every `#/components/<kind>/<name>` reachable from `value`, followed transitively. */
function collectRefs(doc, value, seen) {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(doc, item, seen)
    return
  }
  if (value === null || typeof value !== 'object') return
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') {
      if (!child.startsWith('#/components/')) throw new Error(`unexpected $ref ${child}`)
      if (seen.has(child)) continue
      seen.add(child)
      const [, , kind, name] = child.split('/')
      const target = doc.components[kind]?.[name]
      if (target === undefined) throw new Error(`dangling $ref ${child}`)
      collectRefs(doc, target, seen)
    } else {
      collectRefs(doc, child, seen)
    }
  }
}

function cut(doc, packed) {
  const paths = {}
  for (const [path, methods] of Object.entries(OPERATIONS)) {
    const item = doc.paths[path]
    if (!item) throw new Error(`${path} is not in the description`)
    paths[path] = {}
    for (const method of methods) {
      if (!item[method])
        throw new Error(`${method.toUpperCase()} ${path} is not in the description`)
      paths[path][method] = item[method]
    }
    if (item.parameters) paths[path].parameters = item.parameters
  }
  const seen = new Set()
  collectRefs(doc, paths, seen)
  const components = {}
  for (const ref of [...seen].sort()) {
    const [, , kind, name] = ref.split('/')
    components[kind] ??= {}
    components[kind][name] = doc.components[kind][name]
  }
  return {
    openapi: doc.openapi,
    info: {
      ...doc.info,
      'x-from-scratch': `cut from @octokit/openapi@${packed} ${member} by scripts/github-openapi-fixture.mjs`
    },
    servers: doc.servers,
    paths,
    components
  }
}

const { doc, packed } = fetchDescription(process.argv[2])
const subset = cut(doc, packed)
writeFileSync(target, `${JSON.stringify(subset, null, 2)}\n`)
const count = Object.values(subset.components).reduce((n, kind) => n + Object.keys(kind).length, 0)
console.log(
  `wrote ${target}: ${Object.keys(subset.paths).length} paths, ${count} components, from @octokit/openapi@${packed}`
)
