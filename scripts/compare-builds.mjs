// Unchanged behaviour, shown: builds the bundled examples with both engines,
// once with the dist/cli.js of a given git revision and once with the current
// one, with a fixed SOURCE_DATE_EPOCH, and compares what came out:
//   - the daemonless writer's `docker load` archive and manifest digest, byte for byte;
//   - the report JSON (`--save-baseline`) and the markdown report (stdout).
// Masked because they legitimately vary: the temporary folder the binary is
// compiled into, and buildx's image id (BuildKit v0.8 stamps the parent folders
// it creates with its own clock). Fields only the new report has are listed as
// additions, not failures (the schema allows added fields); every other
// difference is a failure.
//
// Usage: node scripts/compare-builds.mjs OLD_REV [NEW_CLI]
//   OLD_REV  a revision whose dist/cli.js (and dist/package.json) to run, e.g. c299685
//   NEW_CLI  the bundle to compare with; default: `npm run bundle` of the work tree
// Needs go, a C compiler, and a Docker daemon with buildx. Exit 0 when all match.
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
const [oldRev, newCliArg] = process.argv.slice(2)
if (!oldRev) {
  console.error('usage: node scripts/compare-builds.mjs OLD_REV [NEW_CLI]')
  process.exit(2)
}
const EPOCH = '1700000000'
/** The bundled examples as they are, and one with every extra and a user file (the rootfs plan's every kind of entry). */
const CASES = [
  { name: 'hello-go', dir: 'hello-go', args: [] },
  { name: 'hello-c', dir: 'hello-c', args: [] },
  { name: 'http-server', dir: 'http-server', args: [] },
  {
    name: 'http-server+extras',
    dir: 'http-server',
    args: ['--include', 'ca-certificates,tzdata,passwd,tmp', '--files', 'go.mod:/etc/app/go.mod']
  }
]
const ENGINES = ['oci', 'buildx']

const work = mkdtempSync(join(tmpdir(), 'compare-builds-'))
const git = (args) => execFileSync('git', ['-C', root, ...args], { maxBuffer: 1 << 28 })
mkdirSync(join(work, 'old'))
// The whole dist/ of that revision: cli.js loads its chunks (`<id>.index.js`) from beside itself.
const oldFiles = git(['ls-tree', '--name-only', oldRev, 'dist/']).toString().split('\n')
for (const path of oldFiles.filter((p) => /^dist\/([^/]+\.js|package\.json)$/.test(p))) {
  writeFileSync(join(work, 'old', path.slice('dist/'.length)), git(['show', `${oldRev}:${path}`]))
}
let newCli = newCliArg ? resolve(newCliArg) : ''
if (!newCli) {
  execFileSync('npm', ['run', 'bundle'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  mkdirSync(join(work, 'new'))
  for (const name of readdirSync(join(root, 'dist')).filter((n) =>
    /\.js$|^package\.json$/.test(n)
  )) {
    copyFileSync(join(root, 'dist', name), join(work, 'new', name))
  }
  newCli = join(work, 'new', 'cli.js')
}
const clis = { old: join(work, 'old', 'cli.js'), new: newCli }

const TMP = /[^\s`"']*\/from-scratch-[A-Za-z0-9]{6}/g
/**
 * A CLI that removes its temporary folder when it ends (issue 11) keeps the
 * archive only in --output-dir; one named like a temporary folder is masked
 * the same way. An older CLI does not know the flag and leaves its folder behind.
 */
const keepsFiles = Object.fromEntries(
  Object.entries(clis).map(([side, cli]) => [
    side,
    spawnSync('node', [cli, '--help'], { encoding: 'utf8' }).stdout.includes('--output-dir')
  ])
)
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex')

function build(side, example, engine) {
  const out = join(work, side, `${example.name}-${engine}`)
  mkdirSync(out, { recursive: true })
  const reportJson = join(out, 'report.json')
  const run = spawnSync(
    'node',
    [
      clis[side],
      'build',
      `examples/${example.dir}`,
      '--image',
      `from-scratch-compare/${example.dir}`,
      '--builder',
      engine,
      ...example.args,
      '--save-baseline',
      reportJson,
      ...(keepsFiles[side] ? ['--output-dir', join(out, 'from-scratch-output')] : [])
    ],
    {
      cwd: root,
      env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH },
      encoding: 'utf8',
      maxBuffer: 1 << 26
    }
  )
  if (run.status !== 0) {
    throw new Error(
      `${side} ${example.name} ${engine}: exit ${run.status}\n${run.stdout}\n${run.stderr}`
    )
  }
  const log = run.stderr
  const result = { markdown: run.stdout, report: JSON.parse(readFileSync(reportJson, 'utf8')) }
  const archive = /docker load archive: (\S+)/.exec(log)?.[1]
  if (archive) {
    result.archive = sha256(readFileSync(archive))
    result.manifest = /manifest (sha256:[0-9a-f]{64})/.exec(log)?.[1] ?? null
  }
  // The CLI leaves its temporary folder behind for the user; this script cleans up after itself.
  for (const dir of new Set(log.match(TMP) ?? [])) rmSync(dir, { recursive: true, force: true })
  return result
}

function maskReport(report, engine) {
  const text = JSON.stringify(report).replace(TMP, '<tmp>')
  const masked = JSON.parse(text)
  if (engine === 'buildx' && masked.image) masked.image.id = '<buildx image id>'
  return masked
}

function maskMarkdown(markdown, engine) {
  let text = markdown.replace(TMP, '<tmp>')
  if (engine === 'buildx')
    text = text.replace(/^- id: `sha256:[0-9a-f]{64}`$/m, '- id: <buildx image id>')
  return text
}

/** Paths where `b` has a key `a` lacks (additions), and paths where they differ otherwise. */
function compareJson(a, b, path = '', added = [], differ = []) {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a) !== Array.isArray(b)) differ.push(path || '.')
    else if (Array.isArray(a)) {
      if (a.length !== b.length) differ.push(`${path} (length ${a.length} → ${b.length})`)
      else a.forEach((item, i) => compareJson(item, b[i], `${path}[${i}]`, added, differ))
    } else {
      for (const key of Object.keys(a)) {
        if (!(key in b)) differ.push(`${path}.${key} (removed)`)
        else compareJson(a[key], b[key], `${path}.${key}`, added, differ)
      }
      for (const key of Object.keys(b)) if (!(key in a)) added.push(`${path}.${key}`)
    }
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    differ.push(`${path} (${JSON.stringify(a)} → ${JSON.stringify(b)})`)
  }
  return { added, differ }
}

let failed = false
const lines = [
  `compare-builds: ${oldRev} (dist/cli.js) vs ${newCliArg ?? 'work tree bundle'}, SOURCE_DATE_EPOCH=${EPOCH}`
]
try {
  for (const example of CASES) {
    for (const engine of ENGINES) {
      const old = build('old', example, engine)
      const now = build('new', example, engine)
      const facts = []
      if (engine === 'oci') {
        const same = old.archive === now.archive && old.manifest === now.manifest
        facts.push(
          same
            ? `archive sha256:${now.archive.slice(0, 12)}… manifest ${now.manifest.slice(0, 19)}… identical`
            : `IMAGE DIFFERS: archive ${old.archive} → ${now.archive}, manifest ${old.manifest} → ${now.manifest}`
        )
        failed ||= !same
      }
      const { added, differ } = compareJson(
        maskReport(old.report, engine),
        maskReport(now.report, engine)
      )
      facts.push(
        differ.length === 0 ? 'report JSON identical' : `REPORT DIFFERS at ${differ.join(', ')}`
      )
      if (added.length > 0) facts.push(`(new fields: ${added.join(', ')})`)
      failed ||= differ.length > 0
      const sameMarkdown = maskMarkdown(old.markdown, engine) === maskMarkdown(now.markdown, engine)
      facts.push(sameMarkdown ? 'markdown identical' : 'MARKDOWN DIFFERS')
      if (!sameMarkdown) {
        const base = join(work, `${example.name}-${engine}`)
        writeFileSync(`${base}.old.md`, maskMarkdown(old.markdown, engine))
        writeFileSync(`${base}.new.md`, maskMarkdown(now.markdown, engine))
        facts.push(`(see ${base}.{old,new}.md)`)
      }
      failed ||= !sameMarkdown
      lines.push(`${example.name} ${engine}: ${facts.join('; ')}`)
      console.error(lines.at(-1))
    }
  }
} finally {
  if (!failed) rmSync(work, { recursive: true, force: true })
}
console.log(lines.join('\n'))
process.exit(failed ? 1 : 0)
