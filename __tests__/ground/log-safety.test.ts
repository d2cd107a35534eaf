import {
  escapeControl,
  isWorkflowCommand,
  neutralizeCommands,
  resumeCommandsLine,
  stopCommandsLine,
  stopCommandsToken
} from '../../src/ground/log-safety.js'

describe('neutralizeCommands', () => {
  test.each([
    ['plain text', 'plain text'],
    ['::notice::approved', '\\::notice::approved'],
    ['  ::error title=x::y', '\\  ::error title=x::y'],
    ['\t::warning::w', '\\\t::warning::w'],
    ['\u00a0::notice::nbsp', '\\\u00a0::notice::nbsp'],
    ['\u200b::notice::zwsp', '\\\u200b::notice::zwsp'],
    ['/x\n::notice::approved', '/x\n\\::notice::approved'],
    ['/x\r::notice::cr', '/x\r\\::notice::cr'],
    ['/x\r\n::notice::crlf', '/x\r\n\\::notice::crlf'],
    ['a ##[error]legacy', 'a ##\\[error]legacy'],
    ['x ##[stop-commands]t ##[y', 'x ##\\[stop-commands]t ##\\[y'],
    ['a::b', 'a::b'],
    ['main.c:3:12: error: x', 'main.c:3:12: error: x'],
    ['', '']
  ])('%j → %j', (text, safe) => {
    const out = neutralizeCommands(text)
    expect(out).toBe(safe)
    for (const line of out.split(/\r\n|\r|\n/)) expect(isWorkflowCommand(line)).toBe(false)
  })
})

describe('isWorkflowCommand', () => {
  test.each([
    ['::notice::x', true],
    ['   ::group::g', true],
    ['text ##[error]x', true],
    ['\\::notice::x', false],
    ['error: ::x', false]
  ])('%j → %s', (line, is) => {
    expect(isWorkflowCommand(line)).toBe(is)
  })
})

describe('stop-commands', () => {
  test('each token is fresh and the lines are what GitHub documents', () => {
    const a = stopCommandsToken()
    const b = stopCommandsToken()
    expect(a).not.toBe(b)
    expect(a).toMatch(/^[a-z0-9-]{40,}$/)
    expect(stopCommandsLine(a)).toBe(`::stop-commands::${a}`)
    expect(resumeCommandsLine(a)).toBe(`::${a}::`)
  })
})

describe('escapeControl', () => {
  test.each([
    ['plain\ttext\nnext', 'plain\ttext\nnext'],
    ['crlf\r\nkept', 'crlf\r\nkept'],
    ['\x1b[31mred\x1b[0m', '\\x1b[31mred\\x1b[0m'],
    ['\x1b]0;title\x07', '\\x1b]0;title\\x07'],
    ['over\rwrite', 'over\\x0dwrite'],
    ['back\bspace', 'back\\x08space'],
    ['nul\x00', 'nul\\x00'],
    ['del\x7f', 'del\\x7f'],
    ['csi\u009b2J', 'csi\\x9b2J'],
    ['rtl\u202eevil', 'rtl\\u202eevil'],
    ['ünïcödé ✓', 'ünïcödé ✓']
  ])('%j → %j', (text, escaped) => {
    expect(escapeControl(text)).toBe(escaped)
  })
})
