import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { REPORT_SCHEMA } from '../../src/report/schema.js'
import { formatExact } from '../../src/report/units.js'
import { runAction, type ActionRun } from '../support/action-run.js'
import { startBarrier } from '../support/action-report-barrier.js'
import { integrationFixture } from '../support/fixture.js'
import {
  ACTIONS_BOT,
  FakeGitHub,
  HUBOT,
  INSTALLATION_TOKEN,
  OCTOCAT
} from '../support/github-api.js'
import { forkPullRequestEvent, pullRequestEvent } from '../support/github-events.js'

/*
 * The bundled action (dist/index.js, run as the runner runs it) on
 * examples/hello-go for a pull_request event, talking to a fake
 * api.github.com that checks every request against GitHub's OpenAPI
 * description. What is asserted is what a user sees: the comments on the PR,
 * the job summary, the outputs, the exit code and the warnings in the log.
 * These runs have no Actions cache service, so every run has no baseline and
 * says why (action-baseline.test.ts runs them against a local one).
 */

const IMAGE = 'from-scratch-test/report-hello-go'
const MARKER = '<!-- from-scratch-group:CI -->'
/** What v1 wrote: one comment per comment-key, `default` without one. */
const V1_MARKER = '<!-- from-scratch:default -->'

/**
 * A comment of ours as a reader sees it: after the marker line and the hidden
 * data lines (docs/comment-protocol.md), the report; one image alone is shown
 * as its own report.
 */
function shown(body: string | undefined): string {
  const lines = (body ?? '').split('\n')
  if (lines[0] !== MARKER) return `not ours: ${lines[0]}`
  let at = 1
  while (lines[at]?.startsWith('<!-- from-scratch-section:')) at += 1
  return at === 1 ? 'no data line' : lines.slice(at).join('\n')
}
const TABLE_HEAD = '| size | base | this PR | change |'
const NO_BASELINE =
  'No baseline: this run has no Actions cache service (neither ACTIONS\\_RESULTS\\_URL nor ACTIONS\\_CACHE\\_URL is set), so there is nothing to compare with and only absolute limits apply.'

/** Where the event's pull request lives, read from the payload the way a reader of it would. */
interface PullRequest {
  readonly owner: string
  readonly repo: string
  readonly number: number
  readonly baseRef: string
}

function pullRequestOf(event: Record<string, unknown>): PullRequest {
  const repository = event.repository as { name: string; owner: { login: string } }
  const pr = event.pull_request as { number: number; base: { ref: string } }
  return {
    owner: repository.owner.login,
    repo: repository.name,
    number: pr.number,
    baseRef: pr.base.ref
  }
}

const event = pullRequestEvent('opened')
const pr = pullRequestOf(event)

const fixture = integrationFixture({ name: 'action-report' })
let github: FakeGitHub

beforeEach(async () => {
  github = await FakeGitHub.start()
})

afterEach(async () => {
  await github.close()
  // Every request the action made (and every answer the fake gave) matched GitHub's description.
  expect(github.violations).toEqual([])
})

interface RunOptions {
  readonly inputs?: Readonly<Record<string, string>>
  readonly payload?: Record<string, unknown>
  /** Defaults to the fake server; a proxy in front of it for the race. */
  readonly apiUrl?: string
}

/** One run of the bundled action for the pull request in `payload`. */
async function runOnPullRequest(options: RunOptions = {}): Promise<ActionRun> {
  const payload = options.payload ?? event
  const target = pullRequestOf(payload)
  const dir = await fixture.folder('event')
  const eventPath = join(dir, 'event.json')
  await writeFile(eventPath, JSON.stringify(payload))
  const run = await runAction(
    {
      'working-directory': 'examples/hello-go',
      image: IMAGE,
      'github-token': INSTALLATION_TOKEN,
      ...options.inputs
    },
    {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REF: `refs/pull/${target.number}/merge`,
      GITHUB_BASE_REF: target.baseRef,
      GITHUB_HEAD_REF: 'changes',
      GITHUB_REPOSITORY: `${target.owner}/${target.repo}`,
      GITHUB_API_URL: options.apiUrl ?? github.url,
      GITHUB_WORKFLOW: 'CI',
      // No cache service in tests, even if the machine running them has one configured.
      ACTIONS_CACHE_URL: '',
      ACTIONS_RESULTS_URL: '',
      ACTIONS_RUNTIME_TOKEN: ''
    }
  )
  for (const tag of (run.outputs.tags ?? '').split('\n')) if (tag !== '') fixture.removeAfter(tag)
  return run
}

const comments = () => github.commentsOn(pr.owner, pr.repo, pr.number)

/** The html_url GitHub gives a comment on this PR. */
const htmlUrl = (id: number | undefined): string =>
  `https://github.com/${pr.owner}/${pr.repo}/pull/${pr.number}#issuecomment-${id}`

/** A green run that wrote its report: no errors, no warnings, report in summary and outputs. */
function expectGreen(run: ActionRun): void {
  expect(run.errors).toEqual([])
  expect(run.warnings).toEqual([])
  expect(run.exitCode).toBe(0)
  expect(run.summary.trim()).toBe(run.outputs.report?.trim())
}

/** The image size the first run measured; later gate tests set limits around it. */
let measuredImageSize: number | null = null

async function imageSize(): Promise<number> {
  if (measuredImageSize === null) {
    const run = await runOnPullRequest({ inputs: { comment: 'never' } })
    expect(run.exitCode).toBe(0)
    measuredImageSize = Number(run.outputs['image-size'])
  }
  return measuredImageSize
}

describe('the bundled action on a pull request', () => {
  test('first run: one comment with the report, the same report in the summary and outputs, no baseline said plainly', async () => {
    const run = await runOnPullRequest()
    expectGreen(run)
    measuredImageSize = Number(run.outputs['image-size'])
    expect(measuredImageSize).toBeGreaterThanOrEqual(Number(run.outputs['binary-size']))

    expect(comments()).toHaveLength(1)
    const [comment] = comments()
    expect(comment?.user).toEqual(ACTIONS_BOT)
    expect(run.outputs['comment-url']).toBe(htmlUrl(comment?.id))

    const report = run.outputs.report ?? ''
    // The comment is the report with the hidden marker as its first line.
    expect(shown(comment?.body)).toBe(report)
    expect(report).toMatch(/^### ✅ from-scratch: `from-scratch-test\/report-hello-go` — /)
    expect(report).toContain(TABLE_HEAD)
    expect(report).toMatch(/^\| binary \| — \| \d[\d.]* (B|kB|MB) \| — \|$/m)
    expect(report).toMatch(/^\| image \| — \| \d[\d.]* (B|kB|MB) \| — \|$/m)
    expect(report).toContain('no baseline to compare with')
    expect(report).toContain(NO_BASELINE)
    expect(report).toContain(`- image size: ${formatExact(measuredImageSize)} bytes (unpacked)`)
    // No baseline is not a problem: no size-delta, no failure, no warning (checked above).
    expect(run.outputs['size-delta']).toBe('')
    expect(run.stdout).toContain('No baseline: this run has no Actions cache service')
    // The comment's URL is logged once, in one wording.
    expect(run.stdout.split('\n').filter((line) => line.includes(htmlUrl(comment?.id)))).toEqual([
      `Created the report comment: ${htmlUrl(comment?.id)}`
    ])

    // The job summary holds the same report (the summary is the report, without the marker).
    expect(run.summary).toContain(report.trim())
    expect(run.summary).not.toContain(MARKER)

    const reportFile = run.outputs['report-json'] ?? ''
    const json = JSON.parse(await readFile(reportFile, 'utf8')) as {
      schema: number
      baseline: unknown
      image: { size: number; name: string }
      binary: { size: number }
      source: { ref: string }
    }
    expect(json.schema).toBe(REPORT_SCHEMA)
    expect(json.schema).toBe(1)
    expect(json.baseline).toBeNull()
    expect(json.image.size).toBe(measuredImageSize)
    expect(json.image.name).toBe(IMAGE)
    expect(json.binary.size).toBe(Number(run.outputs['binary-size']))
    expect(json.source.ref).toBe(`refs/pull/${pr.number}/merge`)

    // GITHUB_TOKEN is refused by GET /user; the action assumed github-actions[bot] and went on.
    expect(github.count('issues/create-comment')).toBe(1)
  })

  test('second run updates the same comment in place: still one, with the new body', async () => {
    const first = await runOnPullRequest()
    expectGreen(first)
    const [before] = comments()
    const firstBody = before?.body

    const second = await runOnPullRequest()
    expectGreen(second)
    expect(comments()).toHaveLength(1)
    const [after] = comments()
    expect(after?.id).toBe(before?.id)
    expect(second.outputs['comment-url']).toBe(first.outputs['comment-url'])
    expect(second.outputs['comment-url']).toBe(htmlUrl(after?.id))
    // Each run has its own commit, so its own image id: the body changed and was written.
    expect(shown(after?.body)).toBe(second.outputs.report)
    expect(after?.body).not.toBe(firstBody)
    expect(github.count('issues/create-comment')).toBe(1)
    expect(github.count('issues/update-comment')).toBe(1)
    expect(github.count('issues/delete-comment')).toBe(0)
  })

  test('150 comments by others and ours on page 2: found and updated, not duplicated', async () => {
    const people = Array.from({ length: 150 }, (_, i) => ({
      user: i % 2 === 0 ? OCTOCAT : HUBOT,
      body: `comment ${i}`
    }))
    github.seed(pr.owner, pr.repo, pr.number, people.slice(0, 120))
    github.seed(pr.owner, pr.repo, pr.number, [
      { user: ACTIONS_BOT, body: `${V1_MARKER}\nan old report` }
    ])
    github.seed(pr.owner, pr.repo, pr.number, people.slice(120))
    const ours = comments()[120]

    const run = await runOnPullRequest()
    expectGreen(run)
    expect(comments()).toHaveLength(151)
    expect(comments()[120]?.id).toBe(ours?.id)
    // v1's comment for this image was taken over: the same comment, now the group's.
    expect(shown(comments()[120]?.body)).toBe(run.outputs.report)
    expect(run.outputs['comment-url']).toBe(htmlUrl(ours?.id))
    // The others are untouched.
    expect(comments().filter((c) => c.id !== ours?.id)).toEqual(
      people.map((p) => expect.objectContaining({ user: p.user, body: p.body }))
    )
    expect(github.count('issues/create-comment')).toBe(0)
    const pages = github.requests
      .filter((r) => r.operation === 'issues/list-comments')
      .map((r) => r.query.page)
    // Listed to find it, and again to check the write.
    expect(pages).toEqual(['1', '2', '1', '2'])
  })

  test("someone else's comment quoting or copying our marker is left alone; ours is separate", async () => {
    const quoted = `> ${MARKER}\n> the bot said this`
    const copied = `${MARKER}\nI pasted the bot's report here`
    github.seed(pr.owner, pr.repo, pr.number, [
      { user: HUBOT, body: quoted },
      { user: OCTOCAT, body: copied }
    ])

    const first = await runOnPullRequest()
    expectGreen(first)
    expect(comments()).toHaveLength(3)
    const ours = comments()[2]
    expect(ours?.user).toEqual(ACTIONS_BOT)
    expect(first.outputs['comment-url']).toBe(htmlUrl(ours?.id))

    const second = await runOnPullRequest()
    expectGreen(second)
    expect(comments().map((c) => [c.user.login, c.body])).toEqual([
      [HUBOT.login, quoted],
      [OCTOCAT.login, copied],
      [ACTIONS_BOT.login, expect.stringContaining(`\n${second.outputs.report}`)]
    ])
    expect(second.outputs['comment-url']).toBe(htmlUrl(ours?.id))
    // Nothing was ever written to the others' comments.
    const touched = github.requests.filter(
      (r) => r.operation === 'issues/update-comment' || r.operation === 'issues/delete-comment'
    )
    expect(touched.map((r) => r.path)).toEqual([
      `/repos/${pr.owner}/${pr.repo}/issues/comments/${ours?.id}`
    ])
  })

  test('two runs at once, both finding no comment, end with one', async () => {
    // Both runs' first listing is held until the other's arrives: both see no comment and create one.
    const listing = `/repos/${pr.owner}/${pr.repo}/issues/${pr.number}/comments`
    const barrier = await startBarrier(
      github.url,
      (method, path) => method === 'GET' && path === listing
    )
    try {
      const runs = await Promise.all([
        runOnPullRequest({ apiUrl: barrier.url }),
        runOnPullRequest({ apiUrl: barrier.url })
      ])
      expect(barrier.released()).toBe(2)
      for (const run of runs) expectGreen(run)
      // The race happened: two creates; the newer copy was deleted.
      expect(github.count('issues/create-comment')).toBe(2)
      expect(comments()).toHaveLength(1)
      const [survivor] = comments()
      expect(shown(survivor?.body)).toMatch(/^### ✅ from-scratch: /)
      // Both runs point at the comment that is left.
      expect(runs.map((run) => run.outputs['comment-url'])).toEqual([
        htmlUrl(survivor?.id),
        htmlUrl(survivor?.id)
      ])
    } finally {
      await barrier.close()
    }
  })

  test('fork PR, create answers 403: a warning, a green job, the report in summary and outputs', async () => {
    github.inject({ operation: 'issues/create-comment', times: 1, status: 403 })
    const run = await runOnPullRequest({ payload: forkPullRequestEvent() })
    expect(run.exitCode).toBe(0)
    expect(run.errors).toEqual([])
    const warnings = run.warnings
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(
      `Could not write the report comment on ${pr.owner}/${pr.repo}#${pr.number} (GitHub answered 403`
    )
    expect(warnings[0]).toContain('this pull request comes from a fork')
    expect(warnings[0]).toContain('The report is still in the job summary')
    expect(run.outputs['comment-url']).toBe('')
    expect(comments()).toHaveLength(0)
    const report = run.outputs.report ?? ''
    expect(report).toContain(TABLE_HEAD)
    expect(report).toContain(NO_BASELINE)
    expect(run.summary).toContain(report.trim())
    expect(JSON.parse(await readFile(run.outputs['report-json'] ?? '', 'utf8'))).toMatchObject({
      schema: 1
    })
    // A plain 403 is a refusal, not a rate limit: asked once, not retried.
    expect(github.count('issues/create-comment')).toBe(1)
  })

  test('the API answers 502 twice, then 200: one comment, after backing off', async () => {
    github.inject({ operation: 'issues/create-comment', times: 2, status: 502 })
    const run = await runOnPullRequest()
    expectGreen(run)
    expect(comments()).toHaveLength(1)
    expect(run.outputs['comment-url']).toBe(htmlUrl(comments()[0]?.id))
    expect(
      github.requests.filter((r) => r.operation === 'issues/create-comment').map((r) => r.status)
    ).toEqual([502, 502, 201])
    expect(run.stdout).toContain('create comment: GitHub answered 502; trying again in 1s')
    expect(run.stdout).toContain('create comment: GitHub answered 502; trying again in 2s')
  })
})

describe('size gates through the action', () => {
  test('max-size one byte below the image fails the job, naming the limit and the measured size', async () => {
    const size = await imageSize()
    const limit = size - 1
    const run = await runOnPullRequest({ inputs: { 'max-size': `${limit}B` } })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toHaveLength(1)
    const [error] = run.errors
    expect(error).toContain('Size gate failed: image size')
    expect(error).toContain(`(${formatExact(size)} bytes) is over max-size ${limit}B`)
    expect(error).toContain(`(${formatExact(limit)} bytes)`)
    expect(error).toContain('no baseline')
    expect(run.outputs['image-size']).toBe(String(size))
    // The failing report still reaches the PR and the summary, saying why.
    expect(comments()).toHaveLength(1)
    const report = run.outputs.report ?? ''
    expect(shown(comments()[0]?.body)).toBe(report)
    expect(report).toMatch(/^### ❌ from-scratch: .* image, no baseline to compare with$/m)
    expect(report).toMatch(/^- ❌ image size .*, over max-size \d+B$/m)
    expect(report).toContain('**Size gates: failed, so this job fails.**')
    expect(run.summary).toContain(report.trim())
    expect(run.outputs['comment-url']).toBe(htmlUrl(comments()[0]?.id))
  })

  test('max-size exactly at the image passes, max-increase without a baseline is skipped; comment-key api is a second section of the same comment', async () => {
    const size = await imageSize()
    const first = await runOnPullRequest()
    expectGreen(first)

    // A relative limit as well: with no baseline it is skipped and said so, and does not fail the job.
    const run = await runOnPullRequest({
      inputs: { 'max-size': `${size}B`, 'max-increase': '5%', 'comment-key': 'api' }
    })
    expectGreen(run)
    expect(run.outputs['image-size']).toBe(String(size))
    expect(run.outputs['size-delta']).toBe('')
    const report = run.outputs.report ?? ''
    expect(report).toContain(NO_BASELINE)
    expect(report).toContain(
      '- ➖ max-increase 5% skipped: no baseline to compare with (the default branch has no saved report yet); only absolute limits apply.'
    )
    expect(report).toMatch(new RegExp(`^- ✅ image size .*, within max-size ${size}B$`, 'm'))
    expect(report).toContain(
      `- gate max-size \`${size}B\` on image: actual ${formatExact(size)}, limit ${formatExact(size)} bytes → passed`
    )
    expect(report).toContain('**Size gates: passed.**')

    // Both steps are in one workflow: one comment, a section per comment-key, both reports in it.
    expect(comments()).toHaveLength(1)
    const [both] = comments()
    expect(both?.body).toContain(first.outputs.report?.trim() ?? '-')
    expect(both?.body).toContain(report.trim())
    expect(shown(both?.body)).toMatch(/^### ✅ from-scratch: 2 images, all within their limits, /)
    expect(first.outputs['comment-url']).toBe(htmlUrl(both?.id))
    expect(run.outputs['comment-url']).toBe(htmlUrl(both?.id))
  })
})
