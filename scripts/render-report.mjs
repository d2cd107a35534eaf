#!/usr/bin/env node
// Renders the PR comment the way a reviewer sees it on GitHub, into a PNG:
// marked (GFM) + GitHub's own comment stylesheet (github-markdown-css) in
// headless Chromium, collapsed sections closed as GitHub shows them.
//
//   node scripts/render-report.mjs                      the real case → docs/report.png
//   node scripts/render-report.mjs --markdown FILE [--out PNG] [--open]
//   node scripts/render-report.mjs --platforms linux/amd64,linux/arm64
//                                                       the real case for both → docs/report-platforms.png
//
// The real case (issue 17): examples/http-server is the base; the pull request
// makes the same program render its answer with text/template
// (__tests__/fixtures/http-template/main.go); max-increase 5%.
// Both are built through the CLI (dist/cli.js: run `npm run bundle` first) with
// the daemonless writer, the base's report saved as the baseline.
// --open renders every <details> open, to read the collapsed sections too.
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { marked } from 'marked'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

function option(name) {
  const at = process.argv.indexOf(name)
  return at < 0 ? null : process.argv[at + 1]
}

/** Runs the CLI; returns its stdout (the markdown report), whatever its exit code. */
function cli(args, cwd, env = {}) {
  const run = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  })
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`from-scratch ${args.join(' ')} exited ${run.status}:\n${run.stderr}`)
  }
  return run
}

/** The comment for the real case, as the CLI writes it; `platforms` as --platforms takes it, or null. */
function realCase(work, platforms) {
  const project = join(work, 'http-server')
  cpSync(join(root, 'examples', 'http-server'), project, { recursive: true })
  const baseline = join(work, 'base.json')
  // The name a reader expects in a comment; the images are removed again at the end.
  const image = 'ghcr.io/acme/http-server'
  const common = ['--image', image, '--builder', 'oci', '--no-cache']
  // Several platforms: one index, each image smoke-tested (arm64 under qemu where it is there).
  if (platforms !== null) common.push('--platforms', platforms, '--smoke-test=-version')
  // The base is the default branch's last push, as the baseline would name it in a comment.
  const main = {
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: '3f9c2e1a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e'
  }
  cli(['build', '.', ...common, '--save-baseline', baseline], project, main)
  cpSync(join(root, '__tests__', 'fixtures', 'http-template', 'main.go'), join(project, 'main.go'))
  const markdown = join(work, 'report.md')
  const help = cli(['build', '--help'], project).stdout
  const args = ['build', '.', ...common, '--baseline', baseline, '--max-increase', '5%']
  const pr = {
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_SHA: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
  }
  if (help.includes('--markdown')) {
    cli([...args, '--markdown', markdown], project, pr)
  } else {
    writeFileSync(markdown, cli(args, project, pr).stdout)
  }
  const ids = spawnSync('docker', ['images', '-q', image], { encoding: 'utf8' }).stdout.split('\n')
  for (const id of ids.filter((line) => line !== '')) {
    spawnSync('docker', ['rmi', '-f', id], { stdio: 'ignore' })
  }
  return readFileSync(markdown, 'utf8')
}

function page(markdown, open) {
  const css = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8')
  let html = marked.parse(markdown, { gfm: true, async: false })
  if (open) html = html.replace(/<details>/g, '<details open>')
  // GitHub's comment box: 16px padding inside a bordered box, about 780px of text.
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; background: #fff; }
.comment { box-sizing: border-box; width: 860px; margin: 16px; border: 1px solid #d0d7de; border-radius: 6px; }
.comment-header { background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 8px 16px; font: 14px -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #57606a; border-radius: 6px 6px 0 0; }
.markdown-body { padding: 16px; font-size: 14px; }
</style></head><body><div class="comment"><div class="comment-header"><b style="color:#1f2328">github-actions</b> bot commented</div>
<article class="markdown-body">${html}</article></div>
<script>document.title = 'height=' + Math.ceil(document.querySelector('.comment').getBoundingClientRect().bottom)</script></body></html>`
}

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
  '--force-device-scale-factor=1'
]

function chromium(args) {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'))
  try {
    return execFileSync('chromium', [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024
    })
  } finally {
    rmSync(profile, { recursive: true, force: true })
  }
}

/** The page's laid-out height: the page writes it into its title, read back from the DOM. */
function heightOf(htmlFile) {
  const dom = chromium(['--window-size=900,800', '--dump-dom', `file://${htmlFile}`])
  const match = /<title>height=(\d+)<\/title>/.exec(dom)
  if (match === null) throw new Error('chromium did not report the page height')
  return Number(match[1])
}

function screenshot(htmlFile, png) {
  const height = Math.min(heightOf(htmlFile) + 32, 16_000)
  chromium([`--screenshot=${png}`, `--window-size=900,${height}`, `file://${htmlFile}`])
}

const work = mkdtempSync(join(tmpdir(), 'render-report-'))
try {
  const from = option('--markdown')
  const platforms = option('--platforms')
  const markdown = from === null ? realCase(work, platforms) : readFileSync(from, 'utf8')
  const png = platforms === null ? 'report.png' : 'report-platforms.png'
  const out = resolve(option('--out') ?? join(root, 'docs', png))
  const open = process.argv.includes('--open')
  const htmlFile = join(work, 'report.html')
  writeFileSync(htmlFile, page(markdown, open))
  writeFileSync(join(work, 'report.md'), markdown)
  screenshot(htmlFile, out)
  console.log(`${out} (${markdown.length} characters of markdown; html: ${htmlFile})`)
  if (process.argv.includes('--keep')) console.log(`kept ${work}`)
} finally {
  if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true })
}
