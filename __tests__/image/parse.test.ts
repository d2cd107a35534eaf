import { UserError } from '../../src/ground/errors.js'
import {
  parseEntrypointArgs,
  parseExpose,
  parseLabels,
  parseSmokeTest
} from '../../src/image/parse.js'

describe('parseLabels', () => {
  test.each([
    ['', {}],
    [
      'org.opencontainers.image.title=api\norg.opencontainers.image.description=An API, with = signs\n',
      {
        'org.opencontainers.image.title': 'api',
        'org.opencontainers.image.description': 'An API, with = signs'
      }
    ],
    ['empty=', { empty: '' }]
  ])('%j', (value, expected) => {
    expect(parseLabels(value)).toEqual(expected)
  })
  test.each(['novalue', '=x', 'bad key=x', 'a=b\rc'])('%j is rejected', (value) => {
    expect(() => parseLabels(value)).toThrow(UserError)
  })
})

describe('parseExpose', () => {
  test('list', () => {
    expect(parseExpose('8080, 53/udp\n9090')).toEqual(['8080', '53/udp', '9090'])
  })
  test('not a port', () => {
    expect(() => parseExpose('http')).toThrow(/not a port/)
  })
})

describe('parseEntrypointArgs', () => {
  test.each([
    ['', []],
    ['--port 8080', ['--port', '8080']],
    ['--msg "hello world"', ['--msg', 'hello world']],
    ['["--msg", "a b", "$HOME"]', ['--msg', 'a b', '$HOME']],
    ['--a\n--b', ['--a', '--b']]
  ])('%j', (value, expected) => {
    expect(parseEntrypointArgs(value)).toEqual(expected)
  })
  test.each([
    ['[not json', /not a JSON array/],
    ['[1, 2]', /only strings/],
    ['["a\\nb"]', /line break/]
  ])('%j is rejected', (value, why) => {
    expect(() => parseEntrypointArgs(value)).toThrow(why)
  })
})

describe('parseSmokeTest', () => {
  test.each([
    ['', null],
    ['false', null],
    ['true', []],
    ['--version', ['--version']],
    ["-e 'a b'", ['-e', 'a b']]
  ])('%j', (value, expected) => {
    expect(parseSmokeTest(value)).toEqual(expected)
  })
})
