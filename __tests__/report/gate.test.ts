import fc from 'fast-check'
import { UserError } from '../../src/ground/errors.js'
import {
  evaluateGates,
  increaseCeiling,
  parseGateSettings,
  sizeDelta,
  type GateInputs
} from '../../src/report/gate.js'
import type { BaselineJson } from '../../src/report/schema.js'
import { parseIncrease } from '../../src/report/units.js'
import { baseline, image, report } from './sample.js'

const base = (size: number): BaselineJson => ({ ...baseline, imageSize: size })
const at = (imageSize: number, baseSize: number | null) =>
  report({
    image: { ...image, size: imageSize },
    baseline: baseSize === null ? null : base(baseSize)
  })

describe('parseGateSettings', () => {
  test('empty inputs: no gates, image metric', () => {
    expect(parseGateSettings({})).toEqual({
      maxSize: null,
      maxIncrease: null,
      warnIncrease: null,
      metric: 'image'
    })
  })
  test('all set', () => {
    const settings = parseGateSettings({
      'max-size': '8MB',
      'max-increase': '5%,200KB',
      'warn-increase': '1%',
      'size-metric': 'Pull'
    })
    expect(settings.maxSize).toEqual({ bytes: 8_000_000, text: '8MB' })
    expect(settings.maxIncrease).toEqual({
      percentScaled: 50_000,
      bytes: 200_000,
      text: '5%, 200KB'
    })
    expect(settings.metric).toBe('pull')
  })
  test.each<[GateInputs, string]>([
    [{ 'size-metric': 'layers' }, 'size-metric'],
    [{ 'max-size': '0' }, 'max-size'],
    [{ 'max-size': '8M' }, 'max-size'],
    [{ 'max-increase': 'x' }, 'max-increase']
  ])('%j is refused naming %s', (inputs, name) => {
    expect(() => parseGateSettings(inputs)).toThrow(UserError)
    expect(() => parseGateSettings(inputs)).toThrow(name)
  })
})

describe('increaseCeiling', () => {
  test.each([
    [1000, '5%', 1050],
    [1001, '5%', 1051], // 50.05 allowed → 50 whole bytes
    [1000, '0%', 1000],
    [1000, '200B', 1200],
    [1000, '5%,200B', 1050], // both must hold: the smaller allowance wins
    [10_000, '5%,200B', 10_200],
    [0, '5%', 0],
    [3, '33.3333%', 3],
    [7_470_000, '2.5%', 7_656_750],
    [Number.MAX_SAFE_INTEGER - 10, '0.0001%', Number.MAX_SAFE_INTEGER - 10 + 9007199254]
  ])('base %d with %s → %d', (b, rule, ceiling) => {
    const limit = increaseCeiling(b, parseIncrease(rule, 'max-increase'))
    expect(limit).toBe(ceiling)
  })
})

describe('evaluateGates', () => {
  const settings = (inputs: GateInputs) => parseGateSettings(inputs)

  test.each([
    // [inputs, image size, baseline image size, failed, warned]
    ['at max-size passes', { 'max-size': '8MB' }, 8_000_000, 7_000_000, false, false],
    ['one byte over max-size fails', { 'max-size': '8MB' }, 8_000_001, 7_000_000, true, false],
    [
      'max-size without baseline still applies',
      { 'max-size': '8MB' },
      8_000_001,
      null,
      true,
      false
    ],
    ['exactly +5% passes', { 'max-increase': '5%' }, 1050, 1000, false, false],
    ['one byte over +5% fails', { 'max-increase': '5%' }, 1051, 1000, true, false],
    ['exactly +200KB passes', { 'max-increase': '200KB' }, 1_200_000, 1_000_000, false, false],
    ['over +200KB fails', { 'max-increase': '200KB' }, 1_200_001, 1_000_000, true, false],
    [
      'both: within % but over bytes fails',
      { 'max-increase': '5%,200KB' },
      10_300_000,
      10_000_000,
      true,
      false
    ],
    [
      'both: within bytes but over % fails',
      { 'max-increase': '5%,200KB' },
      1_060_000,
      1_000_000,
      true,
      false
    ],
    [
      'both: within both passes',
      { 'max-increase': '5%,200KB' },
      1_050_000,
      1_000_000,
      false,
      false
    ],
    ['shrinking passes', { 'max-increase': '0%' }, 900, 1000, false, false],
    ['same size passes 0%', { 'max-increase': '0%' }, 1000, 1000, false, false],
    ['warn-increase only warns', { 'warn-increase': '1%' }, 2000, 1000, false, true],
    ['warn-increase within', { 'warn-increase': '1%' }, 1010, 1000, false, false]
  ])('%s', (_name, inputs, size, baseSize, failed, warned) => {
    const result = evaluateGates(settings(inputs), at(size, baseSize))
    expect(result.failed).toBe(failed)
    expect(result.failureMessage !== null).toBe(failed)
    expect(result.warnings.length > 0).toBe(warned)
    expect(result.notes).toEqual([])
  })

  test('no baseline: increase gates are skipped with a note, absolute ones still run', () => {
    const result = evaluateGates(
      settings({ 'max-size': '8MB', 'max-increase': '5%', 'warn-increase': '1%' }),
      at(7_000_000, null)
    )
    expect(result.gates.map((gate) => gate.gate)).toEqual(['max-size'])
    expect(result.failed).toBe(false)
    expect(result.sizeDelta).toBe('')
    expect(result.notes).toEqual([
      'max-increase 5% skipped: no baseline to compare with (the default branch has no saved report yet); only absolute limits apply.',
      'warn-increase 1% skipped: no baseline to compare with (the default branch has no saved report yet); only absolute limits apply.'
    ])
  })

  test('a failure names the limit, the measured value and the baseline', () => {
    const result = evaluateGates(
      settings({ 'max-size': '8MB', 'max-increase': '5%' }),
      at(8_400_000, 7_900_000)
    )
    expect(result.gates).toEqual([
      {
        gate: 'max-size',
        metric: 'image',
        rule: '8MB',
        limit: 8_000_000,
        actual: 8_400_000,
        baseline: 7_900_000,
        passed: false,
        warned: false
      },
      {
        gate: 'max-increase',
        metric: 'image',
        rule: '5%',
        limit: 8_295_000,
        actual: 8_400_000,
        baseline: 7_900_000,
        passed: false,
        warned: false
      }
    ])
    expect(result.failureMessage).toBe(
      [
        'Size gate failed: image size 8.40 MB (8,400,000 bytes) is over max-size 8MB (8,000,000 bytes); baseline main@0123456: 7.90 MB (7,900,000 bytes).',
        'Size gate failed: image size 8.40 MB (8,400,000 bytes), +500 kB (+6.3%), is over max-increase 5%: limit 8.29 MB (8,295,000 bytes); baseline main@0123456: 7.90 MB (7,900,000 bytes).'
      ].join('\n')
    )
    expect(result.sizeDelta).toBe('+500000')
  })

  test('metrics: pull and binary read their own sizes', () => {
    const pull = evaluateGates(settings({ 'max-size': '3MB', 'size-metric': 'pull' }), report())
    expect(pull.gates[0]).toMatchObject({ metric: 'pull', actual: 3_100_000, passed: false })
    expect(pull.sizeDelta).toBe('+20000')
    const binary = evaluateGates(
      settings({ 'max-increase': '1KB', 'size-metric': 'binary' }),
      report()
    )
    expect(binary.gates[0]).toMatchObject({ metric: 'binary', actual: 7_300_000, limit: 7_251_000 })
    expect(binary.failed).toBe(true)
  })

  test('no image: image gates are skipped with a note that says what to do', () => {
    const result = evaluateGates(settings({ 'max-size': '8MB' }), report({ image: null }))
    expect(result.gates).toEqual([])
    expect(result.failed).toBe(false)
    expect(result.notes[0]).toContain('set size-metric: binary')
  })

  test('baseline without an image size: increase skipped, says why', () => {
    const result = evaluateGates(
      settings({ 'max-increase': '5%' }),
      report({ baseline: { ...baseline, imageSize: null } })
    )
    expect(result.notes).toEqual([
      'max-increase 5% skipped: the baseline main@0123456 has no image size.'
    ])
  })
})

describe('sizeDelta', () => {
  test.each([
    [1234, 0, '+1234'],
    [0, 56, '-56'],
    [5, 5, '0'],
    [5, null, ''],
    [null, 5, '']
  ])('%p vs %p → %j', (actual, b, text) => {
    expect(sizeDelta(actual, b)).toBe(text)
  })
})

describe('increase limits, for any sizes (property)', () => {
  test('the ceiling passes, one byte more fails, and both rules hold at once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50_000_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
        (base, percentScaled, bytes) => {
          const rule = { percentScaled, bytes, text: 'rule' }
          const limit = increaseCeiling(base, rule)
          const fits = (size: number): boolean => {
            const growth = BigInt(size - base)
            const percentOk = growth * 100n * 10_000n <= BigInt(base) * BigInt(percentScaled)
            return percentOk && (bytes === null || size - base <= bytes)
          }
          return fits(limit) && !fits(limit + 1) && limit >= base
        }
      )
    )
  })
})
