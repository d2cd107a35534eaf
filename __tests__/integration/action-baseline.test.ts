import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BASELINE_FOLDER } from '../../src/publish/baseline.js'
import { runAction, type ActionRun } from '../support/action-run.js'
import { cacheServiceEachTest, type CacheService, runScopes } from '../support/cache-service.js'
import { integrationFixture } from '../support/fixture.js'
import { pullRequestEvent, webhookExamples } from '../support/github-events.js'
import { repoRoot } from '../support/paths.js'
import { freePort } from '../support/ports.js'

/*
 * The baseline round trip through the bundled action (dist/index.js, run as
 * the runner runs it, each run with its own RUNNER_TEMP as on another
 * machine) and the real @actions/cache client, against the local cache
 * service with its blobs in Azurite. Events are @octokit/webhooks-examples
 * payloads: a push to the default branch (`master` there) and a pull request
 * against it. What is asserted is what a user sees: the report, the
 * outputs, the warnings and the exit code; and what the cache holds.
 */

const IMAGE = 'from-scratch-test/baseline-hello-go'
/** Without comment-key an image's baselines are kept under its name. */
const IMAGE_KEY = IMAGE
const MASTER = 'refs/heads/master'
let service: CacheService
const fixture = integrationFixture({ name: 'action-baseline' })

cacheServiceEachTest((started) => {
  service = started
})

const sha = (): string => randomBytes(20).toString('hex')

/** The push example on the default branch, for commit `after`. */
function pushPayload(after: string): Record<string, unknown> {
  const example = webhookExamples('push').find((e) => e.ref === MASTER && e.deleted === false)
  if (!example) throw new Error('no push example on refs/heads/master')
  return { ...example, after }
}

/** The opened pull request example, with its base at `baseSha`. */
function pullPayload(baseSha: string): Record<string, unknown> {
  const event = pullRequestEvent('opened')
  const pr = event.pull_request as { base: Record<string, unknown> }
  pr.base = { ...pr.base, sha: baseSha }
  return event
}

interface Run extends ActionRun {
  /** The report JSON the run wrote. */
  readonly json: {
    baseline: { ref: string; sha: string; imageSize: number | null } | null
    image: { size: number }
  }
}

async function runOn(
  eventName: string,
  payload: Record<string, unknown>,
  env: Record<string, string>,
  inputs: Record<string, string>
): Promise<Run> {
  const dir = await fixture.folder('event')
  const eventPath = join(dir, 'event.json')
  await writeFile(eventPath, JSON.stringify(payload))
  const run = await runAction(
    {
      'working-directory': 'examples/hello-go',
      image: IMAGE,
      builder: 'oci',
      comment: 'never',
      ...inputs
    },
    {
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'Codertocat/Hello-World',
      ACTIONS_CACHE_MODE: '',
      ...env
    }
  )
  for (const tag of (run.outputs.tags ?? '').split('\n')) if (tag !== '') fixture.removeAfter(tag)
  const reportJson = run.outputs['report-json'] ?? ''
  const json = (
    reportJson === '' ? null : JSON.parse(await readFile(reportJson, 'utf8'))
  ) as Run['json']
  return { ...run, json }
}

/** A push of commit `commit` to the default branch. */
function onPush(
  commit: string,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {}
): Promise<Run> {
  return runOn(
    'push',
    pushPayload(commit),
    { GITHUB_REF: MASTER, GITHUB_SHA: commit, ...service.env(runScopes(MASTER)), ...env },
    inputs
  )
}

/** A pull request against the default branch whose base commit is `baseSha`. */
function onPullRequest(
  baseSha: string,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {}
): Promise<Run> {
  const payload = pullPayload(baseSha)
  const number = (payload.pull_request as { number: number }).number
  const ref = `refs/pull/${number}/merge`
  return runOn(
    'pull_request',
    payload,
    {
      GITHUB_REF: ref,
      GITHUB_SHA: sha(),
      GITHUB_BASE_REF: 'master',
      GITHUB_HEAD_REF: 'changes',
      ...service.env(runScopes(ref, MASTER)),
      ...env
    },
    inputs
  )
}

const key = (commentKey: string, commit: string) => `from-scratch-${commentKey}-${MASTER}-${commit}`

/** A run that did its job: exit 0, no error and no warning lines at all. */
function expectClean(run: Run): void {
  expect(run.errors).toEqual([])
  expect(run.warnings).toEqual([])
  expect(run.exitCode).toBe(0)
}

// The PR adds ca-certificates (≈200 kB) to a ≈1.5 MB image: well over 5%.
const GROWN = { include: 'ca-certificates' }

test('push saves, PR compares and gates against it, a newer push is preferred, an exact base commit wins, comment-keys stay apart', async () => {
  // 1. A push to the default branch: nothing to compare with yet; saves its report.
  const first = sha()
  const push1 = await onPush(first)
  expectClean(push1)
  expect(push1.outputs.report).toContain(
    `No baseline: no report from ${MASTER} was found in the Actions cache (one is saved on each push to it), so there is nothing to compare with and only absolute limits apply.`
  )
  expect(push1.stdout).toContain(`Saved the baseline as ${key(IMAGE_KEY, first)}.`)
  expect(service.saved().map((e) => [e.key, e.scope])).toEqual([[key(IMAGE_KEY, first), MASTER]])
  const baseSize = push1.json.image.size

  // 2. A pull request that grows the image: base, this PR and change, and a relative gate on them.
  const pr1 = await onPullRequest('0'.repeat(40), { ...GROWN, 'max-increase': '5%' })
  const grownSize = pr1.json.image.size
  expect(grownSize).toBeGreaterThan(baseSize * 1.05)
  expect(pr1.json.baseline).toMatchObject({ ref: MASTER, sha: first, imageSize: baseSize })
  expect(pr1.outputs['size-delta']).toBe(`+${grownSize - baseSize}`)
  const report = pr1.outputs.report ?? ''
  expect(report).toContain(`| size | base (\`master@${first.slice(0, 7)}\`) | this PR | change |`)
  expect(report).toMatch(
    /^\| image \| [\d.]+ (kB|MB) \| [\d.]+ (kB|MB) \| \+[\d.]+ kB \(\+\d+(\.\d+)?%\) \|$/m
  )
  expect(report).not.toContain('No baseline')
  expect(pr1.exitCode).toBe(1)
  expect(pr1.errors).toHaveLength(1)
  expect(pr1.errors[0]).toContain('Size gate failed')
  expect(pr1.errors[0]).toContain('max-increase 5%')
  expect(pr1.errors[0]).toContain(`master@${first.slice(0, 7)}`)
  expect(pr1.warnings).toEqual([])
  // Pull requests never save.
  expect(service.saved()).toHaveLength(1)

  // 3. A second push, with the grown image: saved beside the first.
  const second = sha()
  const push2 = await onPush(second, GROWN)
  expectClean(push2)
  expect(push2.json.baseline).toMatchObject({ sha: first })
  expect(service.saved().map((e) => e.key)).toEqual([key(IMAGE_KEY, first), key(IMAGE_KEY, second)])

  // 4. The next pull request compares with the newer one: no change, the gate passes.
  const pr2 = await onPullRequest('0'.repeat(40), { ...GROWN, 'max-increase': '5%' })
  expectClean(pr2)
  expect(pr2.json.baseline).toMatchObject({ sha: second, imageSize: grownSize })
  // The daemonless writer is reproducible to the byte: the same inputs, the same size.
  expect(pr2.json.image.size).toBe(grownSize)
  expect(pr2.outputs['size-delta']).toBe('0')

  // 5. A pull request whose base commit has its own entry gets exactly that one.
  const pr3 = await onPullRequest(first, GROWN)
  expectClean(pr3)
  expect(pr3.json.baseline).toMatchObject({ sha: first, imageSize: baseSize })

  // 6. Another comment-key has its own baselines: none yet, although the image's own key has two.
  const api1 = await onPullRequest('0'.repeat(40), { 'comment-key': 'api' })
  expectClean(api1)
  expect(api1.json.baseline).toBeNull()
  expect(api1.outputs.report).toContain(`No baseline: no report from ${MASTER} was found`)
  const third = sha()
  expectClean(await onPush(third, { 'comment-key': 'api' }))
  const api2 = await onPullRequest('0'.repeat(40), { 'comment-key': 'api' })
  expectClean(api2)
  expect(api2.json.baseline).toMatchObject({ sha: third })
  expect(service.saved().map((e) => e.key)).toEqual([
    key(IMAGE_KEY, first),
    key(IMAGE_KEY, second),
    key('api', third)
  ])
  // The cached file never lands in the workspace: each cache call runs in a temporary folder.
  expect(existsSync(join(repoRoot, BASELINE_FOLDER))).toBe(false)
  expect(existsSync(join(repoRoot, 'examples', 'hello-go', BASELINE_FOLDER))).toBe(false)
  // The two entries under the image's key, saved from runs with different RUNNER_TEMPs, have one version:
  // the cached path is relative. (`api` caches another file, so another version.)
  const [v1, v2, v3] = service.saved().map((e) => e.version)
  expect(v1).toBe(v2)
  expect(v3).not.toBe(v1)
}, 600_000)

test('a baseline v1 saved as `default` (no comment-key then) is still found until a push saves one under the image name', async () => {
  const old = sha()
  // What v1 did without comment-key: key `default`, file default.json.
  expectClean(await onPush(old, { 'comment-key': 'default' }))
  const pr1 = await onPullRequest('0'.repeat(40))
  expectClean(pr1)
  expect(pr1.json.baseline).toMatchObject({ ref: MASTER, sha: old })
  expect(pr1.stdout).toContain(`Baseline: ${key('default', old)}.`)
  const newer = sha()
  expectClean(await onPush(newer))
  const pr2 = await onPullRequest('0'.repeat(40))
  expect(pr2.json.baseline).toMatchObject({ sha: newer })
  // A step that names its key never falls back to `default`.
  const named = await onPullRequest('0'.repeat(40), { 'comment-key': 'api' })
  expect(named.json.baseline).toBeNull()
}, 600_000)

describe('the unhappy paths are warnings, never a failed job', () => {
  test('a re-run of the same push finds its key taken; ACTIONS_CACHE_MODE=none on a PR says so in the report', async () => {
    const commit = sha()
    expectClean(await onPush(commit))
    const rerun = await onPush(commit)
    expect(rerun.exitCode).toBe(0)
    expect(rerun.errors).toEqual([])
    expect(rerun.warnings).toEqual([
      `Baseline not saved: the Actions cache already holds ${key(IMAGE_KEY, commit)} and its entries cannot be replaced (a re-run of this commit?); the report saved first stays the baseline.`
    ])

    const none = await onPullRequest(commit, {}, { ACTIONS_CACHE_MODE: 'none' })
    expect(none.exitCode).toBe(0)
    expect(none.errors).toEqual([])
    expect(none.warnings).toEqual([
      "No baseline: ACTIONS_CACHE_MODE is 'none', which does not let this run read the Actions cache. Only absolute limits apply."
    ])
    expect(none.json.baseline).toBeNull()
    expect(none.outputs.report).toContain(
      "No baseline: ACTIONS\\_CACHE\\_MODE is 'none', which does not let this run read the Actions cache, so there is nothing to compare with and only absolute limits apply."
    )
  }, 300_000)

  test('a service that answers 429, or is down: the PR is green, with one warning and the reason in the report', async () => {
    const commit = sha()
    expectClean(await onPush(commit))
    service.inject({ operation: 'GetCacheEntryDownloadURL', status: 429, times: 1 })
    const limited = await onPullRequest(commit, { 'max-increase': '5%' })
    expect(limited.exitCode).toBe(0)
    expect(limited.errors).toEqual([])
    expect(limited.warnings).toHaveLength(1)
    expect(limited.warnings[0]).toMatch(
      /^No baseline: the Actions cache could not be read \(.*\(429\) Too Many Requests.*\)\. Only absolute limits apply\.$/
    )
    expect(limited.outputs.report).toContain('No baseline: the Actions cache could not be read (')
    expect(limited.outputs.report).toContain('max-increase 5% skipped')

    const port = await freePort()
    const down = await onPullRequest(
      commit,
      {},
      { ACTIONS_RESULTS_URL: `http://127.0.0.1:${port}/` }
    )
    expect(down.exitCode).toBe(0)
    expect(down.errors).toEqual([])
    expect(down.warnings).toHaveLength(1)
    expect(down.warnings[0]).toContain('ECONNREFUSED')
  }, 300_000)
})
