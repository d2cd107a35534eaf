import type { Finding, FindingId } from '../../src/elf/types.js'
import { UserError } from '../../src/ground/errors.js'
import { chooseExtras, describeReasons, parseInclude } from '../../src/image/include.js'
import type { IncludeItem } from '../../src/image/types.js'

describe('parseInclude', () => {
  test.each<[string, IncludeItem[]]>([
    ['', [{ kind: 'auto' }]],
    ['auto', [{ kind: 'auto' }]],
    ['none', [{ kind: 'none' }]],
    ['ca-certificates, tmp', [{ kind: 'ca-certificates' }, { kind: 'tmp' }]],
    ['CA-Certificates\npasswd', [{ kind: 'ca-certificates' }, { kind: 'passwd' }]],
    ['tzdata', [{ kind: 'tzdata', zones: [] }]],
    ['tzdata:Europe/Berlin,UTC', [{ kind: 'tzdata', zones: ['Europe/Berlin', 'UTC'] }]],
    [
      'auto,tzdata:America/New_York,Etc/GMT+5,tmp',
      [
        { kind: 'auto' },
        { kind: 'tzdata', zones: ['America/New_York', 'Etc/GMT+5'] },
        { kind: 'tmp' }
      ]
    ],
    [
      'tzdata:Europe/Berlin Asia/Tokyo',
      [{ kind: 'tzdata', zones: ['Europe/Berlin', 'Asia/Tokyo'] }]
    ]
  ])('%j', (value, expected) => {
    expect(parseInclude(value)).toEqual(expected)
  })

  test.each<[string, RegExp]>([
    ['certs', /"certs" is not something/],
    ['tzdata:Europe/Berlin,certs', /"certs" is not something/],
    ['UTC', /"UTC" is not something/],
    ['none,tmp', /cannot be combined/],
    ['tzdata:', /names no zone/],
    ['tzdata:../../etc/shadow', /not a time zone/],
    ['tzdata:Europe/Berlin,/etc/passwd', /not a time zone/]
  ])('%j is rejected', (value, why) => {
    expect(() => parseInclude(value)).toThrow(UserError)
    expect(() => parseInclude(value)).toThrow(why)
  })
})

const finding = (id: FindingId): Finding => ({ id, message: id, evidence: [] })

describe('chooseExtras', () => {
  test.each<[string, FindingId[], { kind: string; why: string; zones?: string[] }[]]>([
    ['auto', [], []],
    ['auto', ['cgo-calls'], []],
    [
      'auto',
      ['tmp', 'user-lookup', 'tzdata', 'ca-certificates', 'nss'],
      [
        { kind: 'ca-certificates', why: 'finding ca-certificates' },
        { kind: 'tzdata', why: 'finding tzdata' },
        { kind: 'passwd', why: 'finding user-lookup, finding nss' },
        { kind: 'tmp', why: 'finding tmp' }
      ]
    ],
    ['none', ['ca-certificates', 'tzdata'], []],
    [
      'tmp,passwd',
      ['ca-certificates'],
      [
        { kind: 'passwd', why: 'asked for' },
        { kind: 'tmp', why: 'asked for' }
      ]
    ],
    [
      'auto,ca-certificates',
      ['ca-certificates'],
      [{ kind: 'ca-certificates', why: 'finding ca-certificates, asked for' }]
    ],
    [
      'auto,tzdata:UTC',
      ['tzdata'],
      [{ kind: 'tzdata', why: 'finding tzdata, asked for', zones: ['UTC'] }]
    ],
    ['tzdata:UTC,tzdata', [], [{ kind: 'tzdata', why: 'asked for' }]]
  ])('%s with %j', (include, ids, expected) => {
    const chosen = chooseExtras(parseInclude(include), ids.map(finding))
    expect(
      chosen.map((c) => ({
        kind: c.kind,
        why: describeReasons(c.reasons),
        ...(c.kind === 'tzdata' && c.zones.length > 0 ? { zones: [...c.zones] } : {})
      }))
    ).toEqual(expected.map((e) => ({ ...e })))
  })
})
