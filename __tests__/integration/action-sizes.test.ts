import { cp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseBaseline } from '../../src/report/schema.js'
import { formatBytes } from '../../src/report/units.js'
import { runAction, type ActionRun } from '../support/action-run.js'
import { startAzurite, type Azurite } from '../support/azurite.js'
import { CacheService, runScopes } from '../support/cache-service.js'
import { integrationFixture } from '../support/fixture.js'
import { FakeGitHub, INSTALLATION_TOKEN } from '../support/github-api.js'
import { pullRequestEvent, webhookExamples } from '../support/github-events.js'
import { repoRoot } from '../support/paths.js'
import {
  httpPlus,
  nmByPackage,
  nmText,
  sizesCorpus,
  type SizesCorpus
} from '../support/sizes-corpus.js'

/*
 * "Why it grew", end to end through the bundled action (dist/index.js): a
 * push to the default branch builds examples/http-server and saves its report
 * as the baseline in a local Actions cache service (Twirp v2, blobs in
 * Azurite); a pull request adds encoding/json and text/template. The PR
 * comment (on a fake api.github.com that checks every request against
 * GitHub's OpenAPI description) says why it grew above the totals and lists
 * the changed packages, with byte counts that agree with `go tool nm`; a
 * failing max-increase names the same causes.
 */

const IMAGE = 'from-scratch-test/sizes-http'
const event = pullRequestEvent('opened')
const pr = {
  owner: (event.repository as { owner: { login: string } }).owner.login,
  repo: (event.repository as { name: string }).name,
  number: (event.pull_request as { number: number }).number,
  baseRef: (event.pull_request as { base: { ref: string } }).base.ref,
  baseSha: (event.pull_request as { base: { sha: string } }).base.sha
}
const BASE_REF = `refs/heads/${pr.baseRef}`
const PR_REF = `refs/pull/${pr.number}/merge`

const fixture = integrationFixture({ name: 'action-sizes' })
let azurite: Azurite
let cacheService: CacheService
let github: FakeGitHub
let corpus: SizesCorpus

beforeAll(async () => {
  azurite = await startAzurite()
  cacheService = await CacheService.start(azurite)
  github = await FakeGitHub.start()
  corpus = await sizesCorpus()
}, 1_200_000)

afterAll(async () => {
  await github?.close()
  await cacheService?.close()
  await azurite?.stop()
})

/** RUNNER_TEMP is one path for every job on a runner; the cache matches entries by their path. */
let runnerTemp = ''

async function run(
  dir: string,
  env: Record<string, string>,
  inputs: Record<string, string> = {}
): Promise<ActionRun> {
  const result = await runAction(
    {
      'working-directory': dir,
      image: IMAGE,
      builder: 'oci',
      'github-token': INSTALLATION_TOKEN,
      'size-metric': 'binary',
      ...inputs
    },
    { GITHUB_API_URL: github.url, ACTIONS_CACHE_MODE: '', RUNNER_TEMP: runnerTemp, ...env }
  )
  for (const tag of (result.outputs.tags ?? '').split('\n')) {
    if (tag !== '') fixture.removeAfter(tag)
  }
  return result
}

test('the PR comment says what grew, and a failing max-increase names it', async () => {
  const work = await fixture.folder('sources')
  runnerTemp = await fixture.folder('runner-temp')
  const base = join(work, 'base')
  const plus = join(work, 'plus')
  await cp(join(repoRoot, 'examples', 'http-server'), base, { recursive: true })
  await httpPlus(plus)

  // 1. A push to the default branch: its report becomes the baseline.
  const push = webhookExamples('push')[0] ?? {}
  const pushPath = join(work, 'push.json')
  await writeFile(
    pushPath,
    JSON.stringify({
      ...push,
      ref: BASE_REF,
      repository: {
        ...(push.repository as Record<string, unknown>),
        default_branch: pr.baseRef
      }
    })
  )
  const saved = await run(base, {
    ...cacheService.env(runScopes(BASE_REF)),
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: pushPath,
    GITHUB_REF: BASE_REF,
    GITHUB_SHA: pr.baseSha
  })
  expect([saved.exitCode, saved.errors]).toEqual([0, []])
  expect(cacheService.saved()).toHaveLength(1)

  // 2. The pull request: encoding/json and text/template come in.
  const eventPath = join(work, 'event.json')
  await writeFile(eventPath, JSON.stringify(event))
  const grown = await run(
    plus,
    {
      ...cacheService.env(runScopes(PR_REF, BASE_REF)),
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REF: PR_REF,
      GITHUB_BASE_REF: pr.baseRef,
      GITHUB_HEAD_REF: 'changes',
      GITHUB_REPOSITORY: `${pr.owner}/${pr.repo}`
    },
    { 'max-increase': '5%' }
  )

  const [comment] = github.commentsOn(pr.owner, pr.repo, pr.number)
  const body = comment?.body ?? ''
  // Why it grew comes before anything collapsed, and names the new packages.
  const top = body.slice(0, body.indexOf('<details>'))
  expect(top).toMatch(/^\*\*Why the image grew by /m)
  expect(top).toMatch(/^- \*\*\+[\d.]+ kB\*\* \d+ new packages: .*`text\/template\/parse`/m)
  expect(body.indexOf('<details><summary>Packages: ')).toBeGreaterThan(body.indexOf('| binary |'))

  // Each new package's row shows the bytes the JSON holds for it, whose code agrees
  // (within 2 %, padding included) with what go tool nm sums on the unstripped twin.
  const truth = nmByPackage(await nmText(corpus.path('http-plus-full')))
  const json = parseBaseline(await readFile(grown.outputs['report-json'] ?? '', 'utf8')).report
  const packages = json?.binary.sizes?.packages ?? []
  for (const name of ['encoding/json', 'text/template', 'text/template/parse']) {
    const row = packages.find((p) => p.name === name)
    const bytes = formatBytes(row?.bytes ?? -1)
    expect(body).toContain(`| \`${name}\` | \`std\` | — | ${bytes} | new, ${bytes} |`)
    const code = row?.parts.code ?? 0
    expect(Math.abs(code - (truth.get(name) ?? 0))).toBeLessThanOrEqual(code * 0.02)
  }

  // The gate fails, and its message names the same causes as the comment.
  expect(grown.exitCode).not.toBe(0)
  const failure = grown.errors.join('\n')
  expect(failure).toMatch(/Size gate failed: binary size .* over max-increase 5%/)
  const causes = / Causes: (.*)\.$/m.exec(failure)?.[1] ?? ''
  for (const name of ['text/template/parse', 'encoding/json', 'text/template']) {
    expect(causes).toContain(name)
  }
  expect(github.violations).toEqual([])
}, 1_200_000)
