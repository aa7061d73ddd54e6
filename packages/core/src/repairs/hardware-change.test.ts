import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  HARDWARE_CHANGES,
  LICENSE_COLUMNS,
  REACTIVATION_OUTCOMES,
  REACTIVATION_PATHS,
  REPAIR_KINDS,
  changeOfRepair,
  classifyHardwareChange,
  licenseColumn,
  reactivationPath,
  settleReactivation,
  type HardwareComponents,
} from './hardware-change.ts';
import { REACTIVATION_OUTCOME_MESSAGES } from './messages.ts';

describe("SPEC §6's table, cell by cell", () => {
  // Transcribed from the spec, not computed: row = change, columns = business / linked / not linked.
  const SPEC_TABLE = {
    os_or_disk: ['self_service', 'sign_in', 'self_service'],
    board: ['support_code', 'sign_in', 'support_code'],
    none: ['nothing_to_do', 'nothing_to_do', 'nothing_to_do'],
  } as const;

  for (const change of HARDWARE_CHANGES) {
    LICENSE_COLUMNS.forEach((column, index) => {
      it(`${change} on a ${column} license → ${SPEC_TABLE[change][index]}`, () => {
        assert.equal(reactivationPath(column, change), SPEC_TABLE[change][index]);
      });
    });
  }

  it('every path of the table is reachable', () => {
    const reached = new Set(HARDWARE_CHANGES.flatMap((change) => LICENSE_COLUMNS.map((column) => reactivationPath(column, change))));
    assert.deepEqual([...reached].sort(), [...REACTIVATION_PATHS].sort());
  });
});

describe('classifyHardwareChange', () => {
  const VALUES = [undefined, 'hash-a', 'hash-b'] as const;
  const cases: { known: HardwareComponents; reported: HardwareComponents; fingerprintChanged: boolean }[] = [];
  for (const kb of VALUES) for (const rb of VALUES) for (const kd of VALUES) for (const rd of VALUES) for (const ko of VALUES) for (const ro of VALUES) {
    for (const fingerprintChanged of [false, true]) {
      cases.push({ known: { board: kb, disk: kd, osInstall: ko }, reported: { board: rb, disk: rd, osInstall: ro }, fingerprintChanged });
    }
  }

  it(`a new board is a board change, whatever else changed (${cases.length} combinations)`, () => {
    for (const input of cases) {
      const boardReplaced = input.known.board !== undefined && input.reported.board !== undefined && input.known.board !== input.reported.board;
      if (boardReplaced) assert.equal(classifyHardwareChange(input), 'board', JSON.stringify(input));
      else assert.notEqual(classifyHardwareChange(input), 'board', JSON.stringify(input));
    }
  });

  it('same (or unknown) board: a new OS install, a new disk or a new fingerprint is an OS/disk change; nothing else is', () => {
    for (const input of cases) {
      if (classifyHardwareChange(input) === 'board') continue;
      const changed = (name: 'disk' | 'osInstall') => input.known[name] !== undefined && input.reported[name] !== undefined && input.known[name] !== input.reported[name];
      const expected = input.fingerprintChanged || changed('disk') || changed('osInstall') ? 'os_or_disk' : 'none';
      assert.equal(classifyHardwareChange(input), expected, JSON.stringify(input));
    }
  });

  it('an unreported component is unknown, never a change', () => {
    assert.equal(classifyHardwareChange({ known: { board: 'a', disk: 'd' }, reported: {}, fingerprintChanged: false }), 'none');
    assert.equal(classifyHardwareChange({ known: {}, reported: { board: 'b', disk: 'e' }, fingerprintChanged: false }), 'none');
  });

  it('CPU and network card changes are "anything else": nothing to do', () => {
    const known = { board: 'b', disk: 'd', osInstall: 'o', cpu: 'c1', mac: 'm1' };
    assert.equal(classifyHardwareChange({ known, reported: { ...known, cpu: 'c2', mac: 'm2' }, fingerprintChanged: false }), 'none');
  });
});

describe('licenseColumn: how kind = key / seat map onto the columns', () => {
  const SEGMENTS = ['commercial', 'government', 'education', 'personal'];
  it('a key of a commercial, government or education organization is a business license, linked or not', () => {
    for (const segment of SEGMENTS.filter((s) => s !== 'personal')) {
      for (const linkedToAccount of [false, true]) assert.equal(licenseColumn({ kind: 'key', segment, linkedToAccount }), 'business');
    }
  });
  it('a key of a personal organization: linked or not linked, as its holder chose', () => {
    assert.equal(licenseColumn({ kind: 'key', segment: 'personal', linkedToAccount: true }), 'personal_linked');
    assert.equal(licenseColumn({ kind: 'key', segment: 'personal', linkedToAccount: false }), 'personal_unlinked');
  });
  it('a seat is bound to its person\'s account: the linked column in every segment', () => {
    for (const segment of SEGMENTS) for (const linkedToAccount of [false, true]) assert.equal(licenseColumn({ kind: 'seat', segment, linkedToAccount }), 'personal_linked');
  });
});

describe('settleReactivation', () => {
  const presented = [
    { signedInAsLinkedAccount: false, reactivationCode: false },
    { signedInAsLinkedAccount: true, reactivationCode: false },
    { signedInAsLinkedAccount: false, reactivationCode: true },
    { signedInAsLinkedAccount: true, reactivationCode: true },
  ];
  // path → outcome for each of the four credentials above.
  const EXPECTED = {
    nothing_to_do: ['NO_HARDWARE_CHANGE', 'NO_HARDWARE_CHANGE', 'NO_HARDWARE_CHANGE', 'NO_HARDWARE_CHANGE'],
    self_service: ['SELF_SERVICE_REACTIVATION', 'SELF_SERVICE_REACTIVATION', 'SELF_SERVICE_REACTIVATION', 'SELF_SERVICE_REACTIVATION'],
    sign_in: ['REACTIVATION_SIGN_IN_REQUIRED', 'REACTIVATED_BY_SIGN_IN', 'REACTIVATED_BY_CODE', 'REACTIVATED_BY_SIGN_IN'],
    support_code: ['REACTIVATION_CODE_REQUIRED', 'REACTIVATION_CODE_REQUIRED', 'REACTIVATED_BY_CODE', 'REACTIVATED_BY_CODE'],
  } as const;
  for (const path of REACTIVATION_PATHS) {
    it(`${path}: each combination of sign-in and code`, () => {
      presented.forEach((credentials, index) => {
        const settlement = settleReactivation(path, credentials);
        assert.equal(settlement.outcome, EXPECTED[path][index], `${path} ${JSON.stringify(credentials)}`);
        assert.equal(settlement.proceed, !settlement.outcome.endsWith('_REQUIRED'));
      });
    });
  }

  it('every outcome has a message in both languages', () => {
    for (const outcome of REACTIVATION_OUTCOMES) {
      const message = REACTIVATION_OUTCOME_MESSAGES[outcome];
      assert.ok(message.en.length > 20 && /[\u3040-\u30ff\u4e00-\u9fff]/.test(message.ja), outcome);
    }
  });
});

describe('changeOfRepair', () => {
  it('maps each repair a customer reports onto a row of the table', () => {
    assert.deepEqual(
      REPAIR_KINDS.map((repair) => [repair, changeOfRepair(repair)]),
      [['os_reinstall', 'os_or_disk'], ['disk_replacement', 'os_or_disk'], ['motherboard_replacement', 'board'], ['other', 'none']],
    );
  });
});
