import {
  DEFAULT_BUILD_TIMEOUT_MS,
  formatDuration,
  parseDuration
} from '../../src/ground/input-parse.js'
import { inputSpec } from '../../src/input-spec.js'

describe('parseDuration', () => {
  test.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['500ms', 500],
    ['2m30s', 150_000],
    [' 30m ', 1_800_000]
  ])('%j → %d ms', (text, ms) => {
    expect(parseDuration('build-timeout', text)).toBe(ms)
  })

  test.each(['30', '', '0s', 'ten minutes', '10 m', '-5m', '5d', '1h-', 'm', '5m junk', '1e3s'])(
    '%j is refused with the input named',
    (text) => {
      expect(() => parseDuration('build-timeout', text)).toThrow(
        `Input \`build-timeout\` is "${text}", but it must be a duration with a unit, such as \`90s\`, \`10m\`, \`1h\` or \`1h30m\`.`
      )
    }
  )

  test('the documented default is the one the compile stage falls back to', () => {
    expect(parseDuration('build-timeout', inputSpec('build-timeout').default)).toBe(
      DEFAULT_BUILD_TIMEOUT_MS
    )
  })
})

describe('formatDuration', () => {
  test.each([
    [2_000, '2s'],
    [90_000, '1m30s'],
    [1_800_000, '30m'],
    [5_400_000, '1h30m'],
    [250, '250ms']
  ])('%d ms → %s, which reads back', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
    expect(parseDuration('x', text)).toBe(ms)
  })
})
