import { FakeGitHub, INSTALLATION_TOKEN, OCTOCAT, PAT_TOKEN } from '../support/github-api.js'

/*
 * The fake is only worth something if it refuses what GitHub would refuse:
 * these requests are deliberately wrong, and each must leave a violation.
 */

let github: FakeGitHub

beforeEach(async () => {
  github = await FakeGitHub.start()
})

afterEach(() => github.close())

function call(method: string, path: string, body?: unknown, token = INSTALLATION_TOKEN) {
  return fetch(`${github.url}${path}`, {
    method,
    headers: {
      authorization: `token ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' })
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
}

test.each<[string, string, string, unknown, RegExp]>([
  ['unknown path', 'GET', '/repos/o/r/issues/1/commentz', undefined, /no such operation/],
  ['unknown method', 'PUT', '/repos/o/r/issues/1/comments', { body: 'x' }, /no such operation/],
  [
    'body without "body"',
    'POST',
    '/repos/o/r/issues/1/comments',
    { text: 'x' },
    /must have required property 'body'/
  ],
  [
    'body of the wrong type',
    'PATCH',
    '/repos/o/r/issues/comments/1',
    { body: 5 },
    /must be string/
  ],
  [
    'unknown query parameter',
    'GET',
    '/repos/o/r/issues/1/comments?perpage=100',
    undefined,
    /perpage is not accepted/
  ],
  ['non-integer page', 'GET', '/repos/o/r/issues/1/comments?page=two', undefined, /not a integer/],
  [
    'bad since',
    'GET',
    '/repos/o/r/issues/1/comments?since=yesterday',
    undefined,
    /must match format "date-time"/
  ],
  [
    'non-integer issue number',
    'GET',
    '/repos/o/r/issues/one/comments',
    undefined,
    /issue_number: one is not a integer/
  ],
  ['a body on DELETE', 'DELETE', '/repos/o/r/issues/comments/1', { body: 'x' }, /takes no body/]
])('%s is a violation', async (_name, method, path, body, violation) => {
  await call(method, path, body)
  expect(github.violations.join('\n')).toMatch(violation)
})

test('well-formed calls leave no violation and answer like GitHub', async () => {
  github.seed(
    'o',
    'r',
    1,
    Array.from({ length: 3 }, (_, i) => ({ user: OCTOCAT, body: `c${i}` }))
  )
  const me = await call('GET', '/user', undefined, PAT_TOKEN)
  expect(me.status).toBe(200)
  expect(((await me.json()) as { login: string }).login).toBe('octocat')
  const refused = await call('GET', '/user')
  expect(refused.status).toBe(403)

  const page1 = await call('GET', '/repos/o/r/issues/1/comments?per_page=2&page=1')
  expect(page1.headers.get('link')).toBe(
    `<${github.url}/repos/o/r/issues/1/comments?per_page=2&page=2>; rel="next", <${github.url}/repos/o/r/issues/1/comments?per_page=2&page=2>; rel="last"`
  )
  expect(((await page1.json()) as unknown[]).length).toBe(2)
  const page2 = await call('GET', '/repos/o/r/issues/1/comments?per_page=2&page=2')
  expect(page2.headers.get('link')).toContain('rel="prev"')
  expect(page2.headers.get('link')).not.toContain('rel="next"')

  const created = await call('POST', '/repos/o/r/issues/1/comments', { body: 'hello' })
  expect(created.status).toBe(201)
  const json = (await created.json()) as { id: number; user: { login: string; type: string } }
  expect(json.user).toMatchObject({ login: 'github-actions[bot]', type: 'Bot' })
  expect(
    (await call('PATCH', `/repos/o/r/issues/comments/${json.id}`, { body: 'edited' })).status
  ).toBe(200)
  // Only the author may edit: the installation token cannot touch octocat's comment.
  const theirs = github.commentsOn('o', 'r', 1)[0]
  expect(
    (await call('PATCH', `/repos/o/r/issues/comments/${theirs?.id}`, { body: 'x' })).status
  ).toBe(403)
  expect((await call('DELETE', `/repos/o/r/issues/comments/${json.id}`)).status).toBe(204)
  expect((await call('DELETE', `/repos/o/r/issues/comments/${json.id}`)).status).toBe(404)
  expect((await call('GET', '/user', undefined, 'nope')).status).toBe(401)
  expect(github.violations).toEqual([])
})
