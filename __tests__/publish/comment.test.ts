import {
  DEFAULT_RETRY,
  commentDecision,
  isOurs,
  nextLink,
  publishComment,
  pullRequestTarget,
  retryDelay,
  withMarker,
  type CommentLike,
  type CommentTarget,
  type Identity,
  type PublishOptions
} from '../../src/publish/comment.js'
import { normalizeCommentKey } from '../../src/report/key.js'
import { commentMarker } from '../../src/report/markdown.js'
import {
  ACTIONS_BOT,
  FakeGitHub,
  HUBOT,
  INSTALLATION_TOKEN,
  OCTOCAT,
  PAT_TOKEN
} from '../support/github-api.js'
import {
  forkPullRequestEvent,
  pullRequestEvent,
  webhookExamples
} from '../support/github-events.js'
import { freePort } from '../support/registry.js'

const target = pullRequestTarget(pullRequestEvent()) as CommentTarget
const { owner, repo, issueNumber } = target
const marker = commentMarker('default')

let github: FakeGitHub

beforeEach(async () => {
  github = await FakeGitHub.start()
})

afterEach(async () => {
  await github.close()
  // Every request our code made (and every answer the fake gave) matched GitHub's description.
  expect(github.violations).toEqual([])
})

interface Run {
  readonly options: PublishOptions
  readonly infos: string[]
  readonly warnings: string[]
  readonly waits: number[]
}

function run(overrides: Partial<PublishOptions> = {}): Run {
  const infos: string[] = []
  const warnings: string[] = []
  const waits: number[] = []
  const options: PublishOptions = {
    token: INSTALLATION_TOKEN,
    target,
    commentKey: 'default',
    body: `${marker}\n### report\n\nrun body`,
    log: { info: (m) => infos.push(m), warning: (m) => warnings.push(m) },
    baseUrl: github.url,
    sleep: async (ms) => {
      waits.push(ms)
    },
    ...overrides
  }
  return { options, infos, warnings, waits }
}

const comments = () => github.commentsOn(owner, repo, issueNumber)

describe('publishComment against a fake api.github.com', () => {
  test('the event payload names the pull request', () => {
    expect(target).toEqual({
      owner: 'Codertocat',
      repo: 'Hello-World',
      issueNumber: 2,
      fork: false
    })
  })

  test('first run creates one comment and returns its html_url', async () => {
    const first = run()
    const result = await publishComment(first.options)
    expect(result.status).toBe('created')
    expect(comments()).toHaveLength(1)
    const [comment] = comments()
    expect(comment?.user).toEqual(ACTIONS_BOT)
    expect(comment?.body.split('\n')[0]).toBe(marker)
    expect(result.url).toBe(
      `https://github.com/Codertocat/Hello-World/pull/2#issuecomment-${comment?.id}`
    )
    expect(first.warnings).toEqual([])
    // GITHUB_TOKEN is refused by GET /user; that is expected, not retried.
    expect(github.count('users/get-authenticated')).toBe(1)
  })

  test('second run updates the same comment in place', async () => {
    const first = await publishComment(run({ body: 'first' }).options)
    const second = await publishComment(run({ body: 'second' }).options)
    expect(second).toEqual({ ...first, status: 'updated' })
    expect(comments()).toHaveLength(1)
    expect(comments()[0]?.body).toBe(`${marker}\nsecond`)
    expect(github.count('issues/create-comment')).toBe(1)
  })

  test('re-run with the same body changes nothing', async () => {
    await publishComment(run().options)
    const again = await publishComment(run().options)
    expect(again.status).toBe('updated')
    expect(github.count('issues/update-comment')).toBe(0)
    expect(comments()).toHaveLength(1)
  })

  test('150 comments, ours on page 2: found through Link and updated, not duplicated', async () => {
    const people = Array.from({ length: 150 }, (_, i) => ({
      user: i % 2 === 0 ? OCTOCAT : HUBOT,
      body: `comment ${i}`
    }))
    github.seed(owner, repo, issueNumber, people.slice(0, 120))
    github.seed(owner, repo, issueNumber, [{ user: ACTIONS_BOT, body: `${marker}\nold report` }])
    github.seed(owner, repo, issueNumber, people.slice(120))
    const ours = comments()[120]

    const result = await publishComment(run({ body: 'new report' }).options)

    expect(result).toMatchObject({ status: 'updated', id: ours?.id })
    expect(comments()).toHaveLength(151)
    expect(comments()[120]?.body).toBe(`${marker}\nnew report`)
    expect(github.count('issues/create-comment')).toBe(0)
    const pages = github.requests
      .filter((r) => r.operation === 'issues/list-comments')
      .map((r) => r.query)
    expect(pages).toEqual([
      { per_page: '100', page: '1' },
      { per_page: '100', page: '2' }
    ])
  })

  test("someone else's comment quoting or copying our marker is left alone", async () => {
    const quoted = `> ${marker}\n> the bot said this`
    const copied = `${marker}\nI pasted the bot's report`
    github.seed(owner, repo, issueNumber, [
      { user: HUBOT, body: quoted },
      { user: OCTOCAT, body: copied },
      // A user named like the bot but not a Bot account is not us either.
      { user: { login: 'github-actions[bot]', id: 5, type: 'User' }, body: copied }
    ])
    const result = await publishComment(run().options)
    expect(result.status).toBe('created')
    expect(comments().map((c) => c.body)).toEqual([
      quoted,
      copied,
      copied,
      `${marker}\n### report\n\nrun body`
    ])
  })

  test('another comment-key is another comment', async () => {
    await publishComment(run({ commentKey: 'api', body: 'api' }).options)
    await publishComment(run({ commentKey: 'api-v2', body: 'v2' }).options)
    await publishComment(run({ commentKey: 'api', body: 'api again' }).options)
    expect(comments().map((c) => c.body)).toEqual([
      '<!-- from-scratch:api -->\napi again',
      '<!-- from-scratch:api-v2 -->\nv2'
    ])
  })

  test('two runs at once end with one comment, holding a run body', async () => {
    // Both creates wait before they land, so both runs list an empty PR and both create.
    github.inject({ operation: 'issues/create-comment', times: 2, delayMs: 300 })
    const [a, b] = await Promise.all([
      publishComment(run({ body: 'run A' }).options),
      publishComment(run({ body: 'run B' }).options)
    ])
    expect(github.count('issues/create-comment')).toBe(2)
    expect(comments()).toHaveLength(1)
    const [kept] = comments()
    expect(a.url).toBe(b.url)
    expect(kept?.id).toBe(a.status === 'skipped' ? -1 : a.id)
    expect([`${marker}\nrun A`, `${marker}\nrun B`]).toContain(kept?.body)
  })

  test('leftover duplicates from an earlier race: the oldest is kept, the rest deleted', async () => {
    github.seed(owner, repo, issueNumber, [
      { user: ACTIONS_BOT, body: `${marker}\none` },
      { user: OCTOCAT, body: 'lgtm' },
      { user: ACTIONS_BOT, body: `${marker}\ntwo` }
    ])
    const oldest = comments()[0]
    const result = await publishComment(run({ body: 'three' }).options)
    expect(result).toMatchObject({ status: 'updated', id: oldest?.id })
    expect(comments().map((c) => c.body)).toEqual([`${marker}\nthree`, 'lgtm'])
  })

  test('fork PR: create answers 403 → a warning, no throw, nothing written', async () => {
    const fork = pullRequestTarget(forkPullRequestEvent()) as CommentTarget
    expect(fork.fork).toBe(true)
    github.inject({ operation: 'issues/create-comment', times: 1, status: 403 })
    const r = run({ target: fork })
    const result = await publishComment(r.options)
    expect(result.status).toBe('skipped')
    expect(result.url).toBe('')
    expect(r.warnings).toHaveLength(1)
    expect(r.warnings[0]).toContain('403')
    expect(r.warnings[0]).toContain('comes from a fork')
    expect(r.warnings[0]).toContain('job summary')
    expect(comments()).toHaveLength(0)
    expect(r.waits).toEqual([])
  })

  test('403 on update (not a fork): a warning that names the missing permission', async () => {
    await publishComment(run({ body: 'one' }).options)
    github.inject({ operation: 'issues/update-comment', times: 1, status: 403 })
    const r = run({ body: 'two' })
    const result = await publishComment(r.options)
    expect(result.status).toBe('skipped')
    expect(r.warnings[0]).toContain('pull-requests: write')
    expect(comments()).toHaveLength(1)
  })

  test('502 twice then OK, on listing and on creating → one comment, with backoff', async () => {
    github.inject({ operation: 'issues/list-comments', times: 2, status: 502 })
    github.inject({ operation: 'issues/create-comment', times: 2, status: 502 })
    const r = run()
    const result = await publishComment(r.options)
    expect(result.status).toBe('created')
    expect(comments()).toHaveLength(1)
    expect(r.waits).toEqual([1000, 2000, 1000, 2000])
    expect(r.warnings).toEqual([])
  })

  test('secondary rate limit: 403 with retry-after is waited out, then written', async () => {
    github.inject({
      operation: 'issues/create-comment',
      times: 1,
      status: 403,
      headers: { 'retry-after': '3' },
      body: { message: 'You have exceeded a secondary rate limit.' }
    })
    github.inject({
      operation: 'issues/list-comments',
      times: 1,
      status: 429,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' }
    })
    const r = run()
    const result = await publishComment(r.options)
    expect(result.status).toBe('created')
    expect(r.waits).toEqual([1000, 3000])
    expect(comments()).toHaveLength(1)
  })

  test('5xx that never ends: gives up after the attempts with a warning', async () => {
    github.inject({ operation: 'issues/list-comments', times: 10, status: 503 })
    const r = run()
    const result = await publishComment(r.options)
    expect(result.status).toBe('skipped')
    expect(r.waits).toEqual([1000, 2000, 4000])
    expect(r.warnings[0]).toContain('503')
  })

  test('a PAT: identity from GET /user; the bot’s marked comment is not ours', async () => {
    github.seed(owner, repo, issueNumber, [{ user: ACTIONS_BOT, body: `${marker}\nbot` }])
    const first = await publishComment(run({ token: PAT_TOKEN, body: 'mine' }).options)
    const second = await publishComment(run({ token: PAT_TOKEN, body: 'mine again' }).options)
    expect(first.status).toBe('created')
    expect(second.status).toBe('updated')
    expect(comments().map((c) => [c.user.login, c.body])).toEqual([
      ['github-actions[bot]', `${marker}\nbot`],
      ['octocat', `${marker}\nmine again`]
    ])
  })

  test('a bad token: a warning, no throw', async () => {
    const r = run({ token: 'ghp_wrong' })
    const result = await publishComment(r.options)
    expect(result.status).toBe('skipped')
    expect(r.warnings[0]).toContain('401')
  })
})

describe('pure helpers', () => {
  const bot: Identity = { login: 'github-actions[bot]', type: 'Bot', confirmed: false }
  const pat: Identity = { login: 'octocat', type: 'User', confirmed: true }
  const comment = (login: string, type: string, body: string | null): CommentLike => ({
    id: 1,
    body,
    html_url: '',
    user: { login, type }
  })

  test.each<[string, CommentLike, Identity, boolean]>([
    ['bot, marker first', comment('github-actions[bot]', 'Bot', `${marker}\nx`), bot, true],
    ['bot, leading blank line', comment('github-actions[bot]', 'Bot', `\n${marker}\nx`), bot, true],
    ['bot, CRLF', comment('github-actions[bot]', 'Bot', `${marker}\r\nx`), bot, true],
    ['bot, marker later', comment('github-actions[bot]', 'Bot', `x\n${marker}`), bot, false],
    ['bot, quoted', comment('github-actions[bot]', 'Bot', `> ${marker}`), bot, false],
    [
      'bot, other key',
      comment('github-actions[bot]', 'Bot', '<!-- from-scratch:api -->'),
      bot,
      false
    ],
    ['user named like the bot', comment('github-actions[bot]', 'User', marker), bot, false],
    ['other bot', comment('dependabot[bot]', 'Bot', marker), bot, false],
    ['no body', comment('github-actions[bot]', 'Bot', null), bot, false],
    ['PAT user', comment('octocat', 'User', marker), pat, true],
    ['PAT, other user', comment('hubot', 'User', marker), pat, false]
  ])('isOurs: %s', (_name, c, identity, ours) => {
    expect(isOurs(c, identity, 'default')).toBe(ours)
  })

  test.each<[number, Record<string, string>, number, number | null]>([
    [502, {}, 1, 1000],
    [500, {}, 2, 2000],
    [503, {}, 3, 4000],
    [502, {}, 4, null],
    [403, {}, 1, null],
    [404, {}, 1, null],
    [422, {}, 1, null],
    [403, { 'retry-after': '5' }, 1, 5000],
    [429, { 'retry-after': '2' }, 1, 2000],
    [429, {}, 1, 60_000],
    [403, { 'retry-after': '120' }, 1, null],
    [403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1010' }, 1, 11_000],
    [403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '5000' }, 1, null],
    [403, { 'x-ratelimit-remaining': '12' }, 1, null]
  ])('retryDelay(%d, %j, attempt %d) → %p', (status, headers, attempt, wait) => {
    expect(retryDelay(status, headers, attempt, DEFAULT_RETRY, 1_000_000)).toBe(wait)
  })

  test.each([
    [undefined, null],
    ['', null],
    ['<https://x/a?page=2>; rel="next", <https://x/a?page=5>; rel="last"', 'https://x/a?page=2'],
    ['<https://x/a?page=1>; rel="prev", <https://x/a?page=1>; rel="first"', null]
  ])('nextLink(%j) → %j', (link, next) => {
    expect(nextLink(link)).toBe(next)
  })

  test('every pull_request example from @octokit/webhooks-examples gives a target', () => {
    for (const event of webhookExamples('pull_request')) {
      const t = pullRequestTarget(event)
      const pr = event.pull_request as { number: number }
      expect(t).toMatchObject({ issueNumber: pr.number, fork: false })
    }
  })

  test('events that are not about a pull request give no target', () => {
    expect(pullRequestTarget(webhookExamples('push')[0])).toBeNull()
    expect(pullRequestTarget(null)).toBeNull()
    expect(pullRequestTarget({})).toBeNull()
  })

  test.each<[Parameters<typeof commentDecision>[0], string, boolean, boolean]>([
    ['auto', 'pull_request', true, true],
    ['auto', 'pull_request_target', true, true],
    ['auto', 'push', false, false],
    ['auto', 'issue_comment', true, false],
    ['always', 'issue_comment', true, true],
    ['always', 'push', false, false],
    ['never', 'pull_request', true, false]
  ])('comment: %s on %s (has PR: %p) → %p', (mode, event, hasTarget, comment) => {
    expect(commentDecision(mode, event, hasTarget ? target : null).comment).toBe(comment)
  })

  test('withMarker adds the marker once', () => {
    expect(withMarker('body', 'default')).toBe(`${marker}\nbody`)
    expect(withMarker(`${marker}\nbody`, 'default')).toBe(`${marker}\nbody`)
    expect(withMarker('x'.repeat(70_000), 'default')).toHaveLength(65_536)
  })

  test.each([
    ['', 'default'],
    ['  api ', 'api'],
    ['cmd/worker', 'cmd/worker'],
    ['v1.2_x-y', 'v1.2_x-y']
  ])('normalizeCommentKey(%j) → %j', (raw, key) => {
    expect(normalizeCommentKey(raw)).toBe(key)
  })

  test.each(['a--b', 'a b', 'a,b', '-->', 'x'.repeat(65)])(
    'normalizeCommentKey(%j) is refused',
    (raw) => {
      expect(() => normalizeCommentKey(raw)).toThrow('comment-key')
    }
  )
})

describe('publishComment when nothing answers', () => {
  test('the warning says GitHub could not be reached, not that it answered', async () => {
    const port = await freePort()
    const r = run({ baseUrl: `http://127.0.0.1:${port}`, retry: { attempts: 1 } })
    const result = await publishComment(r.options)
    expect(result.status).toBe('skipped')
    expect(r.warnings).toHaveLength(1)
    expect(r.warnings[0]).toContain('GitHub could not be reached')
    expect(r.warnings[0]).not.toContain('GitHub answered')
  })
})

describe('publishComment with another GitHub App token', () => {
  const APP_BOT = { login: 'size-bot[bot]', id: 777, type: 'Bot' as const }
  const APP_TOKEN = 'ghs_otherapptoken'
  let app: FakeGitHub

  beforeEach(async () => {
    app = await FakeGitHub.start({
      tokens: { [APP_TOKEN]: { user: APP_BOT, kind: 'installation' } }
    })
  })
  afterEach(async () => {
    await app.close()
    expect(app.violations).toEqual([])
  })

  test('with its bot login a re-run updates its comment, never posting a new one first', async () => {
    const options: PublishOptions = {
      ...run().options,
      baseUrl: app.url,
      token: APP_TOKEN,
      botLogin: APP_BOT.login
    }
    const first = await publishComment(options)
    const before = app.requests.length
    const second = await publishComment({ ...options, body: `${marker}\nsecond` })
    const rerun = app.requests.slice(before).map((r) => r.method)
    expect(rerun).not.toContain('POST')
    expect(rerun).not.toContain('DELETE')
    expect(first.status).toBe('created')
    expect(second).toMatchObject({ status: 'updated', url: first.url })
    const left = app.commentsOn(owner, repo, issueNumber)
    expect(left).toHaveLength(1)
    expect(left[0]?.body).toContain('second')
  })
})
