import { copyFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseGroupComment } from '../../src/publish/comment-sections.js'
import { startBarrier } from '../support/action-report-barrier.js'
import { runAction, type ActionRun } from '../support/action-run.js'
import { SLOW, helloSource, integrationFixture } from '../support/fixture.js'
import {
  ACTIONS_BOT,
  FakeGitHub,
  HUBOT,
  INSTALLATION_TOKEN,
  OCTOCAT
} from '../support/github-api.js'
import { forkPullRequestEvent, pullRequestEvent } from '../support/github-events.js'
import { startLatencyProxy } from '../support/latency-proxy.js'

/*
 * Several images, one pull-request comment (issue 21), through the bundled
 * action (dist/index.js) against the fake api.github.com that checks every
 * request against GitHub's OpenAPI description. Each "job" is one run of the
 * bundle with its own image (a static musl hello, built into a FROM scratch
 * image by the daemonless writer); jobs of one matrix share the workflow
 * (comment-group), the run id and attempt, and race on the same comment.
 */

const GROUP_MARKER = '<!-- from-scratch-group:CI -->'
const event = pullRequestEvent('opened')
const repository = event.repository as { name: string; owner: { login: string } }
const pr = {
  owner: repository.owner.login,
  repo: repository.name,
  number: (event.pull_request as { number: number }).number,
  baseRef: (event.pull_request as { base: { ref: string } }).base.ref
}
const COMMIT_A = 'a'.repeat(40)
const COMMIT_B = 'b'.repeat(40)

const fixture = integrationFixture({ name: 'action-comment-group', helloC: helloSource('group') })
let github: FakeGitHub
let workspace = ''

beforeAll(async () => {
  // The binary lives in the job's workspace, as a checkout's would.
  workspace = await fixture.folder('workspace')
  await copyFile(fixture.hello, join(workspace, 'hello'))
})

beforeEach(async () => {
  github = await FakeGitHub.start()
})

afterEach(async () => {
  await github.close()
  expect(github.violations).toEqual([])
})

interface Job {
  /** The service: the image is from-scratch-test/group-<name>, its section key the same. */
  readonly name: string
  readonly inputs?: Readonly<Record<string, string>>
  readonly runId?: number
  readonly attempt?: number
  /** The pull request's head commit this run built. */
  readonly commit?: string
  readonly payload?: Record<string, unknown>
  readonly apiUrl?: string
  readonly workflow?: string
}

const imageOf = (name: string): string => `from-scratch-test/group-${name}`

async function runJob(job: Job): Promise<ActionRun> {
  const payload = structuredClone(job.payload ?? event)
  const head = (payload.pull_request as { head: { sha: string } }).head
  head.sha = job.commit ?? COMMIT_B
  const dir = await fixture.folder('event')
  const eventPath = join(dir, 'event.json')
  await writeFile(eventPath, JSON.stringify(payload))
  const run = await runAction(
    {
      'working-directory': '.',
      binary: 'hello',
      builder: 'oci',
      image: imageOf(job.name),
      'github-token': INSTALLATION_TOKEN,
      ...job.inputs
    },
    {
      GITHUB_WORKSPACE: workspace,
      GITHUB_WORKFLOW: job.workflow ?? 'CI',
      GITHUB_RUN_ID: String(job.runId ?? 1000),
      GITHUB_RUN_ATTEMPT: String(job.attempt ?? 1),
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REF: `refs/pull/${pr.number}/merge`,
      GITHUB_BASE_REF: pr.baseRef,
      GITHUB_HEAD_REF: 'changes',
      GITHUB_REPOSITORY: `${pr.owner}/${pr.repo}`,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: job.apiUrl ?? github.url,
      ACTIONS_CACHE_URL: '',
      ACTIONS_RESULTS_URL: '',
      ACTIONS_RUNTIME_TOKEN: ''
    }
  )
  for (const tag of (run.outputs.tags ?? '').split('\n')) if (tag !== '') fixture.removeAfter(tag)
  return run
}

const comments = () => github.commentsOn(pr.owner, pr.repo, pr.number)
const ours = () => comments().filter((c) => c.user.login === ACTIONS_BOT.login)
const htmlUrl = (id: number | undefined): string =>
  `https://github.com/${pr.owner}/${pr.repo}/pull/${pr.number}#issuecomment-${id}`

function expectGreen(run: ActionRun): void {
  expect(run.errors).toEqual([])
  expect(run.warnings).toEqual([])
  expect(run.exitCode).toBe(0)
}

/** The one comment of ours, its stored sections and its visible lines. */
function theComment() {
  const list = ours()
  expect(list).toHaveLength(1)
  const [comment] = list
  if (comment === undefined) throw new Error('no comment')
  expect(comment.body.split('\n')[0]).toBe(GROUP_MARKER)
  const { sections, damaged } = parseGroupComment(comment.body)
  expect(damaged).toBe(0)
  return { comment, sections, lines: comment.body.split('\n') }
}

/** The table row of one image (status cell first). */
function row(lines: readonly string[], name: string): string | undefined {
  return lines.find((line) => line.startsWith('| ') && line.includes(`| \`${imageOf(name)}\``))
}

test(
  'two steps in one job: one comment with both images, a table first; another comment-group keeps its own comment',
  async () => {
    const api = await runJob({ name: 'api' })
    expectGreen(api)
    // One image so far: its comment is its own report, with the data line above it.
    const first = theComment()
    expect(first.sections.map((s) => s.key)).toEqual([imageOf('api')])
    expect(first.comment.body.endsWith(api.outputs.report ?? '-')).toBe(true)

    const worker = await runJob({ name: 'worker', inputs: { 'max-size': '1B' } })
    // The worker's own gate fails its own step only.
    expect(worker.exitCode).toBe(1)
    expect(worker.errors).toHaveLength(1)
    expect(worker.errors[0]).toContain('Size gate failed')
    const { comment, sections, lines } = theComment()
    expect(comment.id).toBe(first.comment.id)
    expect(worker.outputs['comment-url']).toBe(htmlUrl(comment.id))
    expect(api.outputs['comment-url']).toBe(htmlUrl(comment.id))
    expect(sections.map((s) => [s.key, s.status])).toEqual([
      [imageOf('api'), 'pass'],
      [imageOf('worker'), 'fail']
    ])
    // What a reviewer reads first: the headline counting failures, then the table.
    const visible = lines.filter((line) => !line.startsWith('<!--'))
    expect(visible[0]).toBe('### ❌ from-scratch: 1 of 2 images over their limits')
    expect(visible[2]).toBe('| | image | size | change | pull | top cause |')
    expect(row(lines, 'api')).toMatch(
      /^\| ✅ \| `from-scratch-test\/group-api` \| [\d.]+\u00a0(B|kB) \| no\u00a0baseline \| [\d.]+\u00a0(B|kB) \| — \|$/
    )
    expect(row(lines, 'worker')).toMatch(/^\| ❌ \| `from-scratch-test\/group-worker` \|/)
    // The failing section is open, the passing one collapsed; each holds its job's report.
    expect(
      lines.filter((l) => l.startsWith('<details') && l.includes('<b>')).map((l) => l.slice(0, 14))
    ).toEqual(['<details><summ', '<details open>'])
    expect(comment.body).toContain(worker.outputs.report?.trim() ?? '-')
    expect(comment.body).toContain(api.outputs.report?.trim() ?? '-')
    // Each job's summary holds its own report.
    expect(worker.summary).toContain(worker.outputs.report?.trim() ?? '-')

    // A step with a comment-group of its own writes a comment of its own.
    const tool = await runJob({ name: 'tool', inputs: { 'comment-group': 'tools' } })
    expectGreen(tool)
    expect(ours()).toHaveLength(2)
    const toolComment = ours().find((c) => c.body.startsWith('<!-- from-scratch-group:tools -->'))
    expect(tool.outputs['comment-url']).toBe(htmlUrl(toolComment?.id))
    expect(parseGroupComment(toolComment?.body ?? '').sections.map((s) => s.key)).toEqual([
      imageOf('tool')
    ])
    expect(github.count('issues/delete-comment')).toBe(0)
  },
  SLOW
)

const SERVICES = ['api', 'auth', 'billing', 'gateway', 'mailer', 'search', 'web', 'worker']

test(
  '8 matrix jobs racing on a PR with 120 human comments, 5 runs in a row with random timing: one comment, every section the newest of its job',
  async () => {
    github.seed(
      pr.owner,
      pr.repo,
      pr.number,
      Array.from({ length: 120 }, (_, i) => ({
        user: i % 2 === 0 ? OCTOCAT : HUBOT,
        body: `comment ${i}`
      }))
    )
    const humans = comments().map((c) => ({ id: c.id, body: c.body }))
    let rounds = 0
    for (let repetition = 1; repetition <= 5; repetition += 1) {
      const runId = 7000 + repetition
      // The first run: every job's listing of the last page is held until all eight arrive, so
      // all eight see no comment and create one. Later runs: every job's read of the comment is held
      // until all eight arrive, so all eight write over each other's (lost updates, forced).
      const listing = `/repos/${pr.owner}/${pr.repo}/issues/${pr.number}/comments`
      const barrier = await startBarrier(
        github.url,
        (method, path, url) =>
          method === 'GET' &&
          (repetition === 1
            ? path === listing && /[?&]page=2(&|$)/.test(url)
            : /\/issues\/comments\/\d+$/.test(path)),
        SERVICES.length,
        // Eight builds share a busy machine: wait long for the last one.
        240_000
      )
      const latency = await startLatencyProxy(barrier.url, 250)
      try {
        const runs = await Promise.all(
          SERVICES.map(async (name) => {
            // Jobs start at different moments, as runners pick them up.
            await new Promise((done) => setTimeout(done, Math.floor(Math.random() * 1500)))
            return runJob({ name, runId, apiUrl: latency.url })
          })
        )
        for (const run of runs) expectGreen(run)
        expect(barrier.released()).toBe(SERVICES.length)
        rounds += runs.filter((run) => run.stdout.includes('writing again')).length

        const { comment, sections, lines } = theComment()
        // Every job's section, each from this run (the newest of its job), by key.
        expect(sections.map((s) => [s.key, s.runId])).toEqual(
          SERVICES.map((name) => [imageOf(name), runId])
        )
        for (const [i, run] of runs.entries()) {
          expect(run.outputs['comment-url']).toBe(htmlUrl(comment.id))
          expect(sections[i]?.markdown).toBe(run.outputs.report)
          expect(row(lines, SERVICES[i] ?? '')).toMatch(/^\| ✅ \|/)
        }
        expect(lines.find((l) => l.startsWith('### '))).toMatch(
          /^### ✅ from-scratch: 8 images, all within their limits, /
        )
        // The people's 120 comments are untouched, first, in order.
        expect(
          comments()
            .slice(0, 120)
            .map((c) => ({ id: c.id, body: c.body }))
        ).toEqual(humans)
        expect(comments()).toHaveLength(121)
      } finally {
        await latency.close()
        await barrier.close()
      }
    }
    // The races happened: eight creates in the first run, lost writes put back afterwards.
    expect(github.count('issues/create-comment')).toBe(8)
    expect(github.count('issues/delete-comment')).toBeGreaterThanOrEqual(7)
    expect(rounds).toBeGreaterThan(0)
  },
  SLOW * 3
)

test(
  'a re-run of one job replaces only its own section',
  async () => {
    for (const name of ['api', 'worker', 'web']) expectGreen(await runJob({ name, runId: 500 }))
    const before = theComment()
    const rerun = await runJob({
      name: 'worker',
      runId: 500,
      attempt: 2,
      inputs: { 'max-size': '1B' }
    })
    expect(rerun.exitCode).toBe(1)
    const after = theComment()
    expect(after.comment.id).toBe(before.comment.id)
    const by = (list: typeof before.sections, name: string) =>
      list.find((s) => s.key === imageOf(name))
    // The others are exactly as they were; the worker's is the re-run's.
    expect(by(after.sections, 'api')).toEqual(by(before.sections, 'api'))
    expect(by(after.sections, 'web')).toEqual(by(before.sections, 'web'))
    expect(by(after.sections, 'worker')).toMatchObject({ attempt: 2, status: 'fail' })
    expect(after.lines.find((l) => l.startsWith('### '))).toBe(
      '### ❌ from-scratch: 1 of 3 images over their limits'
    )
    // An older attempt finishing late never replaces the newer section.
    const late = await runJob({ name: 'worker', runId: 500, attempt: 1 })
    expectGreen(late)
    expect(by(theComment().sections, 'worker')).toMatchObject({ attempt: 2, status: 'fail' })
  },
  SLOW
)

test(
  'an image removed from the matrix: its section is marked not built in this commit, with its commit',
  async () => {
    for (const name of ['api', 'worker', 'helper'])
      expectGreen(await runJob({ name, runId: 600, commit: COMMIT_A }))
    for (const name of ['api', 'worker'])
      expectGreen(await runJob({ name, runId: 601, commit: COMMIT_B }))
    const { lines, sections } = theComment()
    expect(sections.map((s) => [s.key, s.commit])).toEqual([
      [imageOf('api'), COMMIT_B],
      [imageOf('helper'), COMMIT_A],
      [imageOf('worker'), COMMIT_B]
    ])
    expect(row(lines, 'helper')).toMatch(
      /^\| ➖ \| `from-scratch-test\/group-helper`<br><sub>not built in this commit \(built for `aaaaaaa`\)<\/sub> \|/
    )
    expect(lines.find((l) => l.startsWith('### '))).toMatch(
      /^### ✅ from-scratch: 2 images, all within their limits, .* · 1 not built in this commit$/
    )
    expect(lines.find((l) => l.includes('<b>from-scratch-test/group-helper</b>'))).toContain(
      'not built in this commit (built for aaaaaaa)'
    )
  },
  SLOW
)

test(
  'fork PR: the token cannot write; every job is green with a warning and its own report in its summary',
  async () => {
    github.inject({ operation: 'issues/create-comment', times: 2, status: 403 })
    const runs = await Promise.all(
      ['api', 'worker'].map((name) => runJob({ name, payload: forkPullRequestEvent() }))
    )
    for (const run of runs) {
      expect(run.exitCode).toBe(0)
      expect(run.errors).toEqual([])
      expect(run.warnings).toHaveLength(1)
      expect(run.warnings[0]).toContain('this pull request comes from a fork')
      expect(run.outputs['comment-url']).toBe('')
      expect(run.summary).toContain(run.outputs.report?.trim() ?? '-')
    }
    expect(runs[0]?.summary).toContain(imageOf('api'))
    expect(runs[0]?.summary).not.toContain(imageOf('worker'))
    expect(comments()).toHaveLength(0)
  },
  SLOW
)

test(
  'comments from before comment-group (one per comment-key) are taken over: the oldest becomes the group comment, the other is removed',
  async () => {
    github.seed(pr.owner, pr.repo, pr.number, [
      { user: OCTOCAT, body: 'looks good' },
      { user: ACTIONS_BOT, body: '<!-- from-scratch:default -->\nold report of the api' },
      { user: HUBOT, body: '<!-- from-scratch:worker -->\nquoted by a person' },
      { user: ACTIONS_BOT, body: '<!-- from-scratch:worker -->\nold report of the worker' }
    ])
    const [person, oldApi, quoted, oldWorker] = comments()
    // The api step had no comment-key (v1 wrote `default`), the worker step had `worker`.
    expectGreen(await runJob({ name: 'api' }))
    expectGreen(await runJob({ name: 'worker', inputs: { 'comment-key': 'worker' } }))
    const { comment, sections } = theComment()
    expect(comment.id).toBe(oldApi?.id)
    expect(sections.map((s) => s.key)).toEqual([imageOf('api'), 'worker'])
    expect(comments().map((c) => c.id)).toEqual([person?.id, oldApi?.id, quoted?.id])
    expect(comments().find((c) => c.id === oldWorker?.id)).toBeUndefined()
    expect(comments()[2]?.body).toBe('<!-- from-scratch:worker -->\nquoted by a person')
  },
  SLOW
)
