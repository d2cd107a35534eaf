import { findingWarnings } from '../../src/elf/verify.js'
import type { Finding, Inspection } from '../../src/elf/types.js'
import { logExtras } from '../../src/image/engine-steps.js'
import type { ExtraReport } from '../../src/image/types.js'
import { memoryLog } from '../support/docker.js'

// include: auto answers a finding by adding the file: that is a notice naming
// what was added, and a warning only when the image lacks it.

const CA: Finding = {
  id: 'ca-certificates',
  message: 'makes TLS connections…',
  evidence: ['crypto/x509.SystemCertPool']
}
const NSS: Finding = {
  id: 'cgo-calls',
  message: 'calls C through cgo…',
  evidence: ['main._Cfunc_x']
}
const inspection = { findings: [CA, NSS] } as unknown as Inspection
const caExtra: ExtraReport = {
  kind: 'ca-certificates',
  reasons: [{ by: 'finding', finding: 'ca-certificates' }],
  bytes: 219_000,
  paths: ['/etc/ssl/certs/ca-certificates.crt']
}

test('verify warns only for findings no image file answers', () => {
  expect(findingWarnings(inspection)).toEqual([`${NSS.message} (evidence: main._Cfunc_x)`])
})

test('a finding the image answers is a notice naming what was added, not a warning', () => {
  const log = memoryLog()
  logExtras([caExtra], inspection, log)
  expect(log.lines.filter((line) => line.startsWith('warning'))).toEqual([])
  const notices = log.lines.filter((line) => line.startsWith('notice'))
  expect(notices).toHaveLength(1)
  expect(notices[0]).toContain(
    'ca-certificates: satisfied, the image has ca-certificates (/etc/ssl/certs/ca-certificates.crt, 219000 bytes)'
  )
})

test('the image lacks it (include: none): a warning', () => {
  const log = memoryLog()
  logExtras([], inspection, log)
  expect(log.lines.filter((line) => line.startsWith('warning'))).toEqual([
    expect.stringContaining('include leaves out what the binary looks for: ca-certificates')
  ])
  expect(log.lines.filter((line) => line.startsWith('notice'))).toEqual([])
})
