import { UserError } from '../../src/ground/errors.js'
import {
  formatBytes,
  formatDelta,
  formatPercentChange,
  parseIncrease,
  parseSize,
  formatExact
} from '../../src/report/units.js'

describe('parseSize', () => {
  test.each([
    ['8MB', 8_000_000],
    ['8mb', 8_000_000],
    ['8 MB', 8_000_000],
    ['200KB', 200_000],
    ['200kB', 200_000],
    ['1.5MiB', 1_572_864],
    ['1KiB', 1024],
    ['2GiB', 2 * 1024 ** 3],
    ['1GB', 1_000_000_000],
    ['585B', 585],
    ['0.5KB', 500],
    ['.5KiB', 512],
    ['1.2345KB', 1235],
    ['  7MB ', 7_000_000]
  ])('%s → %d bytes', (text, bytes) => {
    expect(parseSize(text, 'max-size')).toBe(bytes)
  })

  test.each([
    ['', 'expected a number'],
    ['MB', 'expected a number'],
    ['-1MB', 'negative'],
    ['8M', 'ambiguous'],
    ['8k', 'ambiguous'],
    ['8 megabytes', 'unknown unit'],
    ['8TB', 'unknown unit'],
    ['1.5', 'needs a unit'],
    ['20', 'needs a unit: write 20B for bytes, or 20KB, 20MB'],
    ['0', 'needs a unit'],
    ['8MB,9MB', 'expected a number'],
    ['1e3', 'expected a number']
  ])('%j is refused (%s)', (text, why) => {
    const error = captured(() => parseSize(text, 'max-size'))
    expect(error).toBeInstanceOf(UserError)
    expect(error.message).toContain('max-size')
    expect(error.message).toContain(why)
    expect(error.details.join('\n')).toContain('8MB, 200KB, 1.5MiB')
  })
})

describe('parseIncrease', () => {
  test.each([
    ['5%', 50_000, null, '5%'],
    ['2.5%', 25_000, null, '2.5%'],
    ['+5%', 50_000, null, '5%'],
    ['0%', 0, null, '0%'],
    ['0.0001%', 1, null, '0.0001%'],
    ['200KB', null, 200_000, '200KB'],
    ['+200KB', null, 200_000, '200KB'],
    ['5%,200KB', 50_000, 200_000, '5%, 200KB'],
    ['200KB, 5%', 50_000, 200_000, '5%, 200KB'],
    ['5 %', 50_000, null, '5%']
  ])('%j → percent %p, bytes %p', (text, percentScaled, bytes, normal) => {
    expect(parseIncrease(text, 'max-increase')).toEqual({ percentScaled, bytes, text: normal })
  })

  test.each([
    ['', 'empty'],
    [',', 'empty'],
    ['5%,6%', 'two percentages'],
    ['1KB,2KB', 'two sizes'],
    ['5%,1KB,2KB', 'at most one'],
    ['five%', 'not a percentage'],
    ['-5%', 'not a percentage'],
    ['0.00001%', 'not a percentage'],
    ['lots', 'neither a percentage nor a size'],
    ['5', '"5" has no unit: write 5% for a percentage'],
    ['5%,200', '"200" has no unit']
  ])('%j is refused (%s)', (text, why) => {
    const error = captured(() => parseIncrease(text, 'warn-increase'))
    expect(error).toBeInstanceOf(UserError)
    expect(error.message).toContain('warn-increase')
    expect(error.message).toContain(why)
    expect(error.details.join('\n')).toContain('5%,200KB')
  })
})

describe('formatBytes', () => {
  test.each([
    [0, '0 B'],
    [585, '585 B'],
    [999, '999 B'],
    [1000, '1.00 kB'],
    [13_400, '13.4 kB'],
    [123_456, '123 kB'],
    [999_499, '999 kB'],
    [999_960, '1.00 MB'],
    [1_234_567, '1.23 MB'],
    [7_310_000, '7.31 MB'],
    [3_600_000, '3.60 MB'],
    [2_500_000_000, '2.50 GB'],
    [-1234, '-1.23 kB'],
    [-12, '-12 B']
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})

describe('formatDelta / formatPercentChange', () => {
  test.each([
    [1000, 1000, 'no change', '0%'],
    [100_000, 101_234, '+1.23 kB (+1.2%)', '+1.2%'],
    [100_000, 50_000, '-50.0 kB (-50%)', '-50%'],
    [10_000_000, 10_000_001, '+1 B (+<0.1%)', '+<0.1%'],
    [0, 585, '+585 B', null],
    [1000, 1045, '+45 B (+4.5%)', '+4.5%']
  ])('%d → %d', (base, current, delta, percent) => {
    expect(formatDelta(base, current)).toBe(delta)
    expect(formatPercentChange(base, current)).toBe(percent)
  })
})

function captured(work: () => unknown): UserError {
  try {
    work()
  } catch (error) {
    if (error instanceof UserError) return error
    throw error
  }
  throw new Error('expected a UserError')
}

describe('formatExact', () => {
  test.each([0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 2_346_371, 104_857_600, -4_096, -12])(
    '%d groups its digits as en-US does',
    (bytes) => {
      expect(formatExact(bytes)).toBe(bytes.toLocaleString('en-US'))
    }
  )
})
