import {
  publishSection,
  pullRequestTarget,
  type CommentTarget,
  type SectionOptions
} from '../../src/publish/comment.js'
import {
  composeGroupBody,
  encodeSection,
  groupMarker,
  parseGroupComment
} from '../../src/publish/comment-sections.js'
import type { ImageSection } from '../../src/report/group-markdown.js'
import { ACTIONS_BOT, FakeGitHub, INSTALLATION_TOKEN, OCTOCAT } from '../support/github-api.js'
import { pullRequestEvent } from '../support/github-events.js'

/*
 * publishSection, the grouped comment's write protocol, in-process against
 * the fake api.github.com (every request checked against GitHub's OpenAPI
 * description), with a recorded clock instead of real waits. The racing
 * matrix jobs themselves run through dist/index.js in
 * __tests__/integration/action-comment-group.test.ts.
 */

const target = pullRequestTarget(pullRequestEvent()) as CommentTarget
const { owner, repo, issueNumber } = target
const MARKER = groupMarker('CI')

let github: FakeGitHub

beforeEach(async () => {
  github = await FakeGitHub.start()
})

afterEach(async () => {
  await github.close()
  expect(github.violations).toEqual([])
})

function section(key: string, overrides: Partial<ImageSection> = {}): ImageSection {
  return {
    key,
    image: `ghcr.io/acme/${key}`,
    status: 'pass',
    what: 'image',
    size: 1_000_000,
    base: null,
    pull: 400_000,
    pullExact: true,
    cause: null,
    commit: 'b'.repeat(40),
    runId: 200,
    attempt: 1,
    written: 1_000,
    markdown: `### report of ${key}`,
    ...overrides
  }
}

interface Run {
  readonly options: SectionOptions
  readonly infos: string[]
  readonly warnings: string[]
  readonly waits: number[]
}

function run(mine: ImageSection, overrides: Partial<SectionOptions> = {}): Run {
  const infos: string[] = []
  const warnings: string[] = []
  const waits: number[] = []
  const options: SectionOptions = {
    token: INSTALLATION_TOKEN,
    target,
    group: 'CI',
    section: mine,
    legacyKeys: [],
    log: { info: (m) => infos.push(m), warning: (m) => warnings.push(m) },
    baseUrl: github.url,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms)
    },
    ...overrides
  }
  return { options, infos, warnings, waits }
}

const comments = () => github.commentsOn(owner, repo, issueNumber)
const keysIn = (body: string | undefined) =>
  parseGroupComment(body ?? '').sections.map((s) => `${s.key}@${s.attempt}`)

test('first write creates the comment, waits the settle time, checks it, and says so', async () => {
  const r = run(section('api'))
  const result = await publishSection(r.options)
  expect(result).toMatchObject({ status: 'created', id: comments()[0]?.id })
  expect(keysIn(comments()[0]?.body)).toEqual(['api@1'])
  // One settle wait (1.5 s × (1 + 0.5)) before reading back; no second round.
  expect(r.waits).toEqual([2250])
  expect(r.infos).toEqual([`Created the report comment: ${result.url}`])
  expect(r.warnings).toEqual([])
})

test('a second image joins the comment; its body is read fresh right before the write', async () => {
  await publishSection(run(section('api')).options)
  const r = run(section('worker'))
  const result = await publishSection(r.options)
  expect(result.status).toBe('updated')
  expect(comments()).toHaveLength(1)
  expect(keysIn(comments()[0]?.body)).toEqual(['api@1', 'worker@1'])
  const ops = github.requests.map((q) => q.operation)
  const get = ops.lastIndexOf('issues/get-comment')
  expect(ops[get + 1]).toBe('issues/update-comment')
})

test('the same section again changes nothing: no write', async () => {
  await publishSection(run(section('api')).options)
  await publishSection(run(section('api')).options)
  expect(github.count('issues/update-comment')).toBe(0)
})

test('leftover copies from an earlier race are merged into the oldest and deleted', async () => {
  const a = composeGroupBody('CI', [section('a')]).body
  const b = composeGroupBody('CI', [section('b')]).body
  github.seed(owner, repo, issueNumber, [
    { user: ACTIONS_BOT, body: a },
    { user: OCTOCAT, body: 'hello' },
    { user: ACTIONS_BOT, body: b }
  ])
  const [first, person] = comments()
  const r = run(section('c'))
  await publishSection(r.options)
  expect(comments().map((c) => c.id)).toEqual([first?.id, person?.id])
  expect(keysIn(comments()[0]?.body)).toEqual(['a@1', 'b@1', 'c@1'])
})

test('a section lost to a racing writer is written again in the next round', async () => {
  await publishSection(run(section('api')).options)
  // While this job waits to check its write, another job's stale write lands without it.
  const stale = composeGroupBody('CI', [section('api'), section('web')]).body
  const r = run(section('worker'), {
    sleep: async (ms) => {
      r.waits.push(ms)
      if (r.waits.length === 1) {
        const [comment] = comments()
        await fetch(`${github.url}/repos/${owner}/${repo}/issues/comments/${comment?.id}`, {
          method: 'PATCH',
          headers: {
            authorization: `token ${INSTALLATION_TOKEN}`,
            'content-type': 'application/json'
          },
          body: JSON.stringify({ body: stale })
        })
      }
    }
  })
  const result = await publishSection(r.options)
  expect(result.status).toBe('updated')
  expect(r.infos).toContain(
    'Report comment: another job wrote at the same time (sections missing: worker); writing again (round 2 of 8).'
  )
  // The racing job's section is kept too.
  expect(keysIn(comments()[0]?.body)).toEqual(['api@1', 'web@1', 'worker@1'])
})

test('never confirmed within the rounds: a warning, the job goes on', async () => {
  // Every read-back finds the comment without this section: someone keeps writing over it.
  const overwrite = async (): Promise<void> => {
    const [comment] = comments()
    if (comment === undefined) return
    await fetch(`${github.url}/repos/${owner}/${repo}/issues/comments/${comment.id}`, {
      method: 'PATCH',
      headers: { authorization: `token ${INSTALLATION_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: composeGroupBody('CI', [section('api')]).body })
    })
  }
  const r = run(section('worker'), { rounds: 2, sleep: overwrite })
  const result = await publishSection(r.options)
  expect(result.status).toBe('updated')
  expect(r.warnings).toEqual([
    "Could not confirm this image's section in the report comment after 2 rounds of racing writes; the report is in the job summary and the `report` output."
  ])
})

test('a damaged data line is left out with a warning; the others are kept', async () => {
  const body = [
    MARKER,
    encodeSection(section('a')),
    '<!-- from-scratch-section:AAAA -->',
    'x'
  ].join('\n')
  github.seed(owner, repo, issueNumber, [{ user: ACTIONS_BOT, body }])
  const r = run(section('b'))
  await publishSection(r.options)
  expect(keysIn(comments()[0]?.body)).toEqual(['a@1', 'b@1'])
  expect(r.warnings).toEqual([
    'The report comment held 1 section(s) that could not be read (edited by hand?); they are left out.'
  ])
})

test("a person's comment starting with the group marker is never written to", async () => {
  github.seed(owner, repo, issueNumber, [{ user: OCTOCAT, body: `${MARKER}\ncopied` }])
  await publishSection(run(section('api')).options)
  expect(comments()).toHaveLength(2)
  expect(comments()[0]?.body).toBe(`${MARKER}\ncopied`)
})

test('refused (a fork): one warning, skipped, nothing written', async () => {
  github.inject({ operation: 'issues/create-comment', times: 1, status: 403 })
  const r = run(section('api'), { target: { ...target, fork: true } })
  const result = await publishSection(r.options)
  expect(result).toMatchObject({ status: 'skipped', url: '' })
  expect(r.warnings).toHaveLength(1)
  expect(r.warnings[0]).toContain('this pull request comes from a fork')
  expect(comments()).toHaveLength(0)
})
