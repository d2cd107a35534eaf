/**
 * `WWW-Authenticate` parsing (RFC 7235). One header may carry several
 * challenges, and quoted values may hold commas and spaces (`scope="a b"`,
 * `realm="x,y"`), so splitting on commas is wrong; this is a small scanner.
 */

/** One challenge: the scheme lowercased, parameter names lowercased, values unquoted. */
export interface Challenge {
  readonly scheme: string
  readonly params: Readonly<Record<string, string>>
}

const TOKEN_CHAR = /[!#$%&'*+.^_`|~0-9A-Za-z-]/
// token68 may end in '=' padding; used only to step over `Basic dXNlcg==`-style values.
const TOKEN68_CHAR = /[0-9A-Za-z._~+/-]/

class Scanner {
  position = 0
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.position >= this.text.length
  }

  peek(): string {
    return this.text.charAt(this.position)
  }

  skipSpace(): void {
    while (!this.done && /[ \t]/.test(this.peek())) this.position++
  }

  skipSpaceAndCommas(): void {
    while (!this.done && /[ \t,]/.test(this.peek())) this.position++
  }

  token(): string {
    const start = this.position
    while (!this.done && TOKEN_CHAR.test(this.peek())) this.position++
    return this.text.slice(start, this.position)
  }

  quoted(): string {
    // Called on the opening quote; an unterminated string runs to the end of the header.
    this.position++
    let value = ''
    while (!this.done) {
      const char = this.peek()
      this.position++
      if (char === '"') return value
      if (char === '\\' && !this.done) {
        value += this.peek()
        this.position++
      } else {
        value += char
      }
    }
    return value
  }
}

/** Reads `name=value` pairs after a scheme until the next scheme or the end. */
function readParams(scanner: Scanner): Record<string, string> {
  const params: Record<string, string> = {}
  for (;;) {
    const mark = scanner.position
    scanner.skipSpaceAndCommas()
    if (scanner.done) return params
    const name = scanner.token()
    scanner.skipSpace()
    if (name === '' || scanner.peek() !== '=') {
      // Not a parameter: the start of the next challenge (or junk it will skip).
      scanner.position = mark
      return params
    }
    scanner.position++
    scanner.skipSpace()
    const value = scanner.peek() === '"' ? scanner.quoted() : scanner.token()
    const key = name.toLowerCase()
    // The first occurrence wins, so a later duplicate cannot redirect the realm.
    if (!(key in params)) params[key] = value
  }
}

/**
 * Steps over a token68 credential blob (`Negotiate abc==`), which carries no
 * parameters we use. It is a token68 only when it runs to a comma or the end;
 * `realm=x` is a parameter.
 */
function skipToken68(scanner: Scanner): boolean {
  const mark = scanner.position
  scanner.skipSpace()
  const start = scanner.position
  while (!scanner.done && TOKEN68_CHAR.test(scanner.peek())) scanner.position++
  if (scanner.position > start) {
    while (!scanner.done && scanner.peek() === '=') scanner.position++
    scanner.skipSpace()
    if (scanner.done || scanner.peek() === ',') return true
  }
  scanner.position = mark
  return false
}

/** Every challenge in a `WWW-Authenticate` value, in order; junk is skipped, never thrown on. */
export function parseChallenges(header: string): Challenge[] {
  const scanner = new Scanner(header)
  const challenges: Challenge[] = []
  while (!scanner.done) {
    scanner.skipSpaceAndCommas()
    if (scanner.done) break
    const scheme = scanner.token()
    if (scheme === '') {
      scanner.position++
      continue
    }
    const params = skipToken68(scanner) ? {} : readParams(scanner)
    challenges.push({ scheme: scheme.toLowerCase(), params })
  }
  return challenges
}

/** What a Bearer challenge asks for: where to get a token and for which scopes. */
export interface BearerChallenge {
  readonly realm: string
  readonly service: string | null
  /** Space-separated in the header; one entry per scope here. */
  readonly scopes: readonly string[]
}

/** The first usable Bearer challenge, or null (none, or one without a realm). */
export function bearerChallenge(challenges: readonly Challenge[]): BearerChallenge | null {
  for (const challenge of challenges) {
    if (challenge.scheme !== 'bearer') continue
    const realm = challenge.params.realm
    if (!realm) continue
    const scope = challenge.params.scope ?? ''
    return {
      realm,
      service: challenge.params.service ?? null,
      scopes: scope.split(' ').filter((s) => s !== '')
    }
  }
  return null
}

export function hasBasicChallenge(challenges: readonly Challenge[]): boolean {
  return challenges.some((c) => c.scheme === 'basic')
}
