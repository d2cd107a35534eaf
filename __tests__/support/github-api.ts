import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { repoRoot } from './paths.js'

/*
 * A local server on 127.0.0.1 that answers like api.github.com for the issue
 * comment operations (list, get, create, update, delete) and `GET /user`. Every request is checked against
 * GitHub's own OpenAPI description (the subset cut by
 * scripts/github-openapi-fixture.mjs): unknown path or method, a query
 * parameter the operation does not take, a body that does not match the
 * schema. Every response it sends is checked against the documented response
 * schema too, so the fake cannot drift from the real shapes. Problems are
 * recorded in `violations`; tests assert it stays empty.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

interface Spec {
  paths: Record<string, Record<string, JsonObject>>
  components: Record<string, Record<string, JsonObject>>
}

const spec = JSON.parse(
  readFileSync(join(repoRoot, '__tests__', 'fixtures', 'github', 'openapi-subset.json'), 'utf8')
) as Spec

// ajv-formats is CommonJS with a default export; under ESM it may arrive wrapped once more.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv) => Ajv

// OpenAPI 3.0 schemas: `nullable` is understood by Ajv; `example`, `x-github`,
// `discriminator` and friends are annotations, so unknown keywords are allowed.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true })
addFormats(ajv)
ajv.addSchema({ $id: 'github', components: spec.components } as JsonObject)

/** A copy of a schema whose local `#/components/…` refs point into the registered spec. */
function rebased(node: Json): Json {
  if (Array.isArray(node)) return node.map(rebased)
  if (node === null || typeof node !== 'object') return node
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? `github${value}`
        : rebased(value)
  }
  return out
}

const compiled = new Map<string, ValidateFunction>()
function validator(id: string, schema: Json): ValidateFunction {
  let validate = compiled.get(id)
  if (!validate) {
    validate = ajv.compile(rebased(schema) as JsonObject)
    compiled.set(id, validate)
  }
  return validate
}

/** Follows one `$ref` into the spec's components. */
function deref(node: JsonObject): JsonObject {
  const ref = node.$ref
  if (typeof ref !== 'string') return node
  const [, , kind = '', name = ''] = ref.split('/')
  const target = spec.components[kind]?.[name]
  if (!target)
    throw new Error(`fixture lacks ${ref}; regenerate it with scripts/github-openapi-fixture.mjs`)
  return deref(target)
}

function example(name: string): JsonObject {
  const value = spec.components.examples?.[name]?.value
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`no example ${name}`)
  return structuredClone(value)
}

export interface FakeUser {
  readonly login: string
  readonly id: number
  readonly type: 'User' | 'Bot'
}

/** The user GITHUB_TOKEN writes as. */
export const ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }
export const OCTOCAT: FakeUser = { login: 'octocat', id: 1, type: 'User' }
export const HUBOT: FakeUser = { login: 'hubot', id: 2, type: 'User' }

/** What kind of token a bearer is: installation tokens are refused by `GET /user`. */
export interface FakeToken {
  readonly user: FakeUser
  readonly kind: 'installation' | 'pat'
}

export const INSTALLATION_TOKEN = 'ghs_fakeinstallationtoken'
export const PAT_TOKEN = 'ghp_fakepersonaltoken'

type OperationId =
  | 'users/get-authenticated'
  | 'issues/list-comments'
  | 'issues/create-comment'
  | 'issues/get-comment'
  | 'issues/update-comment'
  | 'issues/delete-comment'

/** Answer the next `times` matching requests with `status` instead of handling them. */
export interface Fault {
  readonly operation: OperationId
  readonly times: number
  readonly status?: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: JsonObject
  /** Instead of failing: wait this long before handling the request (forces races). */
  readonly delayMs?: number
}

export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly operation: string | null
  readonly status: number
}

interface StoredComment {
  id: number
  owner: string
  repo: string
  issue: number
  user: FakeUser
  body: string
  created: string
  updated: string
}

interface Route {
  readonly template: string
  readonly method: string
  readonly operation: JsonObject
  readonly params: Record<string, string>
}

const templates = Object.keys(spec.paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{([^}]+)\}/g, '(?<$1>[^/]+)')}$`)
}))

function route(method: string, path: string): Route | null {
  for (const { template, pattern } of templates) {
    const match = pattern.exec(path)
    if (!match) continue
    const operation = spec.paths[template]?.[method]
    if (!operation) return null
    const params: Record<string, string> = {}
    for (const [key, value] of Object.entries(match.groups ?? {}))
      params[key] = decodeURIComponent(value)
    return { template, method, operation, params }
  }
  return null
}

function userJson(user: FakeUser): JsonObject {
  const base = example('issue-comment').user as JsonObject
  const login = user.login
  const bot = user.type === 'Bot'
  return {
    ...base,
    login,
    id: user.id,
    node_id: Buffer.from(`${bot ? '03:Bot' : '04:User'}${user.id}`).toString('base64'),
    avatar_url: bot
      ? 'https://avatars.githubusercontent.com/in/15368?v=4'
      : `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    url: `https://api.github.com/users/${encodeURIComponent(login)}`,
    html_url: bot
      ? `https://github.com/apps/${login.replace(/\[bot\]$/, '')}`
      : `https://github.com/${encodeURIComponent(login)}`,
    type: user.type,
    site_admin: false
  }
}

export interface FakeGitHubOptions {
  readonly tokens?: Readonly<Record<string, FakeToken>>
}

export class FakeGitHub {
  readonly violations: string[] = []
  readonly requests: RecordedRequest[] = []
  private readonly comments: StoredComment[] = []
  private readonly faults: { fault: Fault; left: number }[] = []
  private readonly tokens: Record<string, FakeToken>
  private nextId = 1_000_001
  private clock = Date.parse('2024-05-01T12:00:00Z')

  private constructor(
    private readonly server: Server,
    readonly url: string,
    options: FakeGitHubOptions
  ) {
    this.tokens = {
      [INSTALLATION_TOKEN]: { user: ACTIONS_BOT, kind: 'installation' },
      [PAT_TOKEN]: { user: OCTOCAT, kind: 'pat' },
      ...options.tokens
    }
  }

  static async start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    let fake: FakeGitHub | null = null
    const server = createServer((req, res) => {
      if (fake) void fake.handle(req, res)
    })
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
    const { port } = server.address() as AddressInfo
    fake = new FakeGitHub(server, `http://127.0.0.1:${port}`, options)
    return fake
  }

  close(): Promise<void> {
    return new Promise((done) => this.server.close(() => done()))
  }

  inject(fault: Fault): void {
    this.faults.push({ fault, left: fault.times })
  }

  /** Puts comments on an issue as if people had written them, oldest first. */
  seed(
    owner: string,
    repo: string,
    issue: number,
    items: readonly { user: FakeUser; body: string }[]
  ): void {
    for (const item of items) this.store(owner, repo, issue, item.user, item.body)
  }

  /** The issue's comments, oldest first, as stored. */
  commentsOn(owner: string, repo: string, issue: number): readonly StoredComment[] {
    return this.comments.filter((c) => c.owner === owner && c.repo === repo && c.issue === issue)
  }

  count(operation: OperationId): number {
    return this.requests.filter((r) => r.operation === operation).length
  }

  private store(
    owner: string,
    repo: string,
    issue: number,
    user: FakeUser,
    body: string
  ): StoredComment {
    this.clock += 1000
    const at = new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z')
    const comment = { id: this.nextId++, owner, repo, issue, user, body, created: at, updated: at }
    this.comments.push(comment)
    return comment
  }

  private commentJson(c: StoredComment): JsonObject {
    const repoPath = `${encodeURIComponent(c.owner)}/${encodeURIComponent(c.repo)}`
    return {
      ...example('issue-comment'),
      id: c.id,
      node_id: Buffer.from(`012:IssueComment${c.id}`).toString('base64'),
      url: `${this.url}/repos/${repoPath}/issues/comments/${c.id}`,
      html_url: `https://github.com/${repoPath}/pull/${c.issue}#issuecomment-${c.id}`,
      body: c.body,
      user: userJson(c.user),
      created_at: c.created,
      updated_at: c.updated,
      issue_url: `${this.url}/repos/${repoPath}/issues/${c.issue}`,
      author_association: c.user.type === 'Bot' ? 'NONE' : 'MEMBER',
      performed_via_github_app: null,
      reactions: {
        url: `${this.url}/repos/${repoPath}/issues/comments/${c.id}/reactions`,
        total_count: 0,
        '+1': 0,
        '-1': 0,
        laugh: 0,
        confused: 0,
        heart: 0,
        hooray: 0,
        eyes: 0,
        rocket: 0
      }
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const method = (req.method ?? 'GET').toLowerCase()
    const url = new URL(req.url ?? '/', this.url)
    const query = Object.fromEntries(url.searchParams)
    const found = route(method, url.pathname)
    const operationId = found ? String(found.operation.operationId) : null
    const answer = (
      status: number,
      body: Json | undefined,
      headers: Record<string, string> = {}
    ): void => {
      if (found) this.checkResponse(found, status, body)
      this.requests.push({
        method: method.toUpperCase(),
        path: url.pathname,
        query,
        operation: operationId,
        status
      })
      res.writeHead(status, {
        ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
        'x-github-api-version-selected': '2022-11-28',
        'x-github-request-id': `FAKE:${this.requests.length}`,
        ...headers
      })
      res.end(body === undefined ? undefined : JSON.stringify(body))
    }
    const error = (status: number, message: string, headers: Record<string, string> = {}): void =>
      answer(
        status,
        { message, documentation_url: 'https://docs.github.com/rest', status: String(status) },
        headers
      )

    if (!found) {
      this.violations.push(
        `${method.toUpperCase()} ${url.pathname}: no such operation in GitHub's REST API`
      )
      error(404, 'Not Found')
      return
    }
    const body = this.checkRequest(found, req, url, raw)

    const auth = /^(?:token|bearer) (\S+)$/i.exec(req.headers.authorization ?? '')
    const token = auth ? this.tokens[auth[1] ?? ''] : undefined
    if (!token) {
      error(401, 'Bad credentials')
      return
    }

    const fault = this.faults.find((f) => f.fault.operation === operationId && f.left > 0)
    if (fault) {
      fault.left -= 1
      if (fault.fault.delayMs !== undefined) {
        await new Promise((done) => setTimeout(done, fault.fault.delayMs))
      } else {
        const status = fault.fault.status ?? 502
        const payload = fault.fault.body ?? {
          message: status >= 500 ? 'Server Error' : 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest',
          status: String(status)
        }
        answer(status, payload, { ...fault.fault.headers })
        return
      }
    }

    const { owner = '', repo = '' } = found.params
    switch (operationId) {
      case 'users/get-authenticated': {
        if (token.kind === 'installation') {
          error(403, 'Resource not accessible by integration')
          return
        }
        const user = {
          ...example('private-user-response-with-public-and-private-profile-information'),
          ...userJson(token.user)
        }
        answer(200, user)
        return
      }
      case 'issues/list-comments': {
        const issue = Number(found.params.issue_number)
        const perPage = Math.min(100, Number(query.per_page ?? 30))
        const page = Number(query.page ?? 1)
        const all = this.commentsOn(owner, repo, issue)
        const items = all
          .slice((page - 1) * perPage, page * perPage)
          .map((c) => this.commentJson(c))
        const last = Math.max(1, Math.ceil(all.length / perPage))
        answer(200, items, this.linkHeader(url, page, last, perPage))
        return
      }
      case 'issues/create-comment': {
        const issue = Number(found.params.issue_number)
        const text = isObject(body) && typeof body.body === 'string' ? body.body : ''
        const comment = this.store(owner, repo, issue, token.user, text)
        const json = this.commentJson(comment)
        answer(201, json, { location: String(json.url) })
        return
      }
      case 'issues/get-comment':
      case 'issues/update-comment':
      case 'issues/delete-comment': {
        const id = Number(found.params.comment_id)
        const index = this.comments.findIndex(
          (c) => c.id === id && c.owner === owner && c.repo === repo
        )
        const comment = this.comments[index]
        if (comment === undefined) {
          error(404, 'Not Found')
          return
        }
        if (operationId === 'issues/get-comment') {
          answer(200, this.commentJson(comment))
          return
        }
        if (comment.user.login !== token.user.login) {
          error(403, 'Resource not accessible by integration')
          return
        }
        if (operationId === 'issues/delete-comment') {
          this.comments.splice(index, 1)
          answer(204, undefined)
          return
        }
        this.clock += 1000
        comment.body = isObject(body) && typeof body.body === 'string' ? body.body : comment.body
        comment.updated = new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z')
        answer(200, this.commentJson(comment))
        return
      }
      default:
        error(501, `the fake does not implement ${operationId}`)
    }
  }

  /** GitHub's `Link` header: next/last, and prev/first past page 1. */
  private linkHeader(
    url: URL,
    page: number,
    last: number,
    perPage: number
  ): Record<string, string> {
    const at = (n: number): string => {
      const next = new URL(url.toString())
      next.searchParams.set('per_page', String(perPage))
      next.searchParams.set('page', String(n))
      return `<${next.toString()}>`
    }
    const links: string[] = []
    if (page > 1) links.push(`${at(page - 1)}; rel="prev"`)
    if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`)
    if (page > 1) links.push(`${at(1)}; rel="first"`)
    return links.length > 0 ? { link: links.join(', ') } : {}
  }

  /** Checks parameters and body against the operation; returns the parsed body. */
  private checkRequest(
    found: Route,
    req: IncomingMessage,
    url: URL,
    raw: string
  ): Json | undefined {
    const where = `${found.method.toUpperCase()} ${found.template}`
    const params = ((found.operation.parameters ?? []) as JsonObject[]).map(deref)
    for (const [name, value] of Object.entries(found.params)) {
      const param = params.find((p) => p.in === 'path' && p.name === name)
      if (!param) this.violations.push(`${where}: path parameter ${name} is not documented`)
      else this.checkValue(`${where} path ${name}`, param, value)
    }
    for (const [name, value] of url.searchParams) {
      const param = params.find((p) => p.in === 'query' && p.name === name)
      if (!param) this.violations.push(`${where}: query parameter ${name} is not accepted`)
      else this.checkValue(`${where} query ${name}`, param, value)
    }
    for (const param of params) {
      if (
        param.required === true &&
        param.in === 'query' &&
        !url.searchParams.has(String(param.name))
      )
        this.violations.push(`${where}: required query parameter ${String(param.name)} is missing`)
    }
    const requestBody = found.operation.requestBody as JsonObject | undefined
    if (requestBody === undefined) {
      if (raw !== '') this.violations.push(`${where}: takes no body, got ${raw.slice(0, 80)}`)
      return undefined
    }
    const content = (requestBody.content as JsonObject)['application/json'] as JsonObject
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      this.violations.push(
        `${where}: content-type ${req.headers['content-type']} is not application/json`
      )
    let body: Json
    try {
      body = JSON.parse(raw) as Json
    } catch {
      this.violations.push(`${where}: body is not JSON: ${raw.slice(0, 80)}`)
      return undefined
    }
    const validate = validator(`${where} request`, content.schema ?? {})
    if (!validate(body)) {
      this.violations.push(
        `${where}: body does not match the schema: ${ajv.errorsText(validate.errors)}`
      )
    }
    return body
  }

  private checkValue(what: string, param: JsonObject, text: string): void {
    const schema = (param.schema ?? {}) as JsonObject
    const type = schema.type
    let value: Json = text
    if (type === 'integer' || type === 'number') {
      if (!/^-?\d+(\.\d+)?$/.test(text)) {
        this.violations.push(`${what}: ${text} is not a ${String(type)}`)
        return
      }
      value = Number(text)
    } else if (type === 'boolean') {
      value = text === 'true' ? true : text === 'false' ? false : text
    }
    const validate = validator(`${what} schema`, schema)
    if (!validate(value)) this.violations.push(`${what}: ${ajv.errorsText(validate.errors)}`)
  }

  /** The fake's own answers must match what GitHub documents for that status. */
  private checkResponse(found: Route, status: number, body: Json | undefined): void {
    const where = `${found.method.toUpperCase()} ${found.template} → ${status}`
    const responses = (found.operation.responses ?? {}) as JsonObject
    const documented = responses[String(status)] as JsonObject | undefined
    const schema = documented
      ? (((
          (deref(documented).content as JsonObject | undefined)?.['application/json'] as
            JsonObject | undefined
        )?.schema as Json | undefined) ?? null)
      : // Undocumented statuses (502, a 403 where none is listed) carry GitHub's basic error.
        ({ $ref: '#/components/schemas/basic-error' } as Json)
    if (status >= 500 || !documented) {
      if (status < 500 && status !== 403 && status !== 404 && status !== 401 && status !== 429)
        this.violations.push(`${where}: status is not documented for this operation`)
    }
    if (schema === null) {
      if (body !== undefined)
        this.violations.push(`${where}: documented without a body, fake sent one`)
      return
    }
    if (body === undefined) {
      this.violations.push(`${where}: documented with a body, fake sent none`)
      return
    }
    const validate = validator(`${where} response`, schema)
    if (!validate(body)) {
      this.violations.push(
        `fake answer for ${where} does not match the schema: ${ajv.errorsText(validate.errors)}`
      )
    }
  }
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
