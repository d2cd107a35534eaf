#!/usr/bin/env node
// Renders the grouped PR comment of a matrix over three services the way a
// reviewer sees it on GitHub, into docs/many-images.png: marked (GFM) +
// GitHub's own comment stylesheet (github-markdown-css) in headless Chromium.
//
//   bash scripts/node24.sh   # then, with that node:
//   node --experimental-transform-types scripts/render-many-images.mjs [--out PNG] [--markdown FILE]
//
// The three services are real builds through the CLI (dist/cli.js: run
// `npm run bundle` first) with the daemonless writer, each compared with its
// own baseline from the default branch:
//   api     examples/hello-go     unchanged                          max-size 8MB
//   web     examples/http-server  the PR adds time zones (tzdata)    max-increase 5%
//   helper  examples/hello-c      unchanged                          max-size 100KB
// Their reports become sections the way each matrix job makes its own, and the
// comment is composed from them by the same code the action runs (src/, loaded
// with Node's type stripping).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire, registerHooks } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { marked } from 'marked'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

// src/ imports `./x.js` for `./x.ts`, as TypeScript's ESM output wants.
registerHooks({
  resolve(specifier, context, next) {
    if (
      specifier.startsWith('.') &&
      specifier.endsWith('.js') &&
      context.parentURL?.endsWith('.ts')
    ) {
      const ts = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL)
      if (existsSync(fileURLToPath(ts))) return next(ts.href, context)
    }
    return next(specifier, context)
  }
})
const src = (path) => import(pathToFileURL(join(root, 'src', path)).href)
const { sectionOf } = await src('report/group-markdown.ts')
const { renderReport } = await src('report/markdown.ts')
const { composeGroupBody, SECTION_MARKDOWN_LIMIT } = await src('publish/comment-sections.ts')

function option(name) {
  const at = process.argv.indexOf(name)
  return at < 0 ? null : process.argv[at + 1]
}

const MAIN = {
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: '3f9c2e1a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e'
}
const PR = {
  GITHUB_REF: 'refs/pull/42/merge',
  GITHUB_SHA: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
}
const HEAD = '9e8d7c6b5a49382716f5e4d3c2b1a09f8e7d6c5b'

function cli(args, env) {
  const run = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  })
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`from-scratch ${args.join(' ')} exited ${run.status}:\n${run.stderr}`)
  }
  return run.stdout
}

const services = [
  { name: 'api', dir: 'examples/hello-go', pr: [], gates: ['--max-size', '8MB'] },
  {
    name: 'web',
    dir: 'examples/http-server',
    pr: ['--include', 'auto,tzdata'],
    gates: ['--max-increase', '5%']
  },
  { name: 'helper', dir: 'examples/hello-c', pr: [], gates: ['--max-size', '100KB'] }
]

function sections(work) {
  return services.map((service, i) => {
    const image = `ghcr.io/acme/${service.name}`
    const common = [service.dir, '--image', image, '--builder', 'oci', '--no-cache']
    const baseline = join(work, `${service.name}.json`)
    cli(['build', ...common, '--save-baseline', baseline], MAIN)
    const json = cli(
      ['build', ...common, ...service.pr, ...service.gates, '--baseline', baseline, '--json'],
      PR
    )
    const report = JSON.parse(json)
    return sectionOf(report, {
      key: image,
      commit: HEAD,
      runId: 12345678,
      attempt: 1,
      written: Date.UTC(2026, 0, 1, 12, 0, i),
      markdown: renderReport(report, { maxLength: SECTION_MARKDOWN_LIMIT })
    })
  })
}

function page(markdown) {
  const css = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8')
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { background: #fff; margin: 0; }
.comment { max-width: 900px; margin: 16px auto; border: 1px solid #d0d7de; border-radius: 6px; }
.comment-head { background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 8px 16px; font: 14px -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #57606a; }
.markdown-body { padding: 16px; }
</style></head><body><div class="comment"><div class="comment-head"><b>github-actions</b> bot commented</div>
<article class="markdown-body">${marked.parse(markdown, { gfm: true })}</article></div></body></html>`
}

const work = mkdtempSync(join(tmpdir(), 'from-scratch-many-'))
try {
  const { body } = composeGroupBody('CI', sections(work), {
    runUrl: (s) => `https://github.com/acme/shop/actions/runs/${s.runId}`
  })
  const markdownOut = option('--markdown')
  if (markdownOut) writeFileSync(markdownOut, body)
  const html = join(work, 'comment.html')
  writeFileSync(html, page(body))
  const out = resolve(option('--out') ?? join(root, 'docs', 'many-images.png'))
  execFileSync(
    'chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${join(work, 'profile')}`,
      `--screenshot=${out}`,
      '--window-size=1000,1600',
      '--hide-scrollbars',
      pathToFileURL(html).href
    ],
    { stdio: 'ignore' }
  )
  console.log(`wrote ${out}`)
} finally {
  rmSync(work, { recursive: true, force: true })
  for (const service of services) {
    const ids = spawnSync('docker', ['images', '-q', `ghcr.io/acme/${service.name}`], {
      encoding: 'utf8'
    })
    for (const id of ids.stdout.split('\n').filter((line) => line !== '')) {
      spawnSync('docker', ['rmi', '-f', id], { stdio: 'ignore' })
    }
  }
}
