import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideManaged, MANAGED_REASONS, VIRTUAL_DESKTOP_ACCESS, type ManagementAttributes } from './rule.ts';

const NONE: ManagementAttributes = {
  domainJoined: false,
  requiresAuthentication: false,
  enforcedAgent: false,
  groupPolicyEnforced: false,
  configuredByOrganization: false,
  virtualDesktopAccess: 'none',
  portableWorkspaceOnThirdPartyDevice: false,
};
const FLAGS = ['domainJoined', 'requiresAuthentication', 'enforcedAgent', 'groupPolicyEnforced', 'configuredByOrganization'] as const;

/** Every combination of the attributes SPEC §6 names: 2^5 flags × 3 kinds of VD access × portable workspace or not. */
function everyCombination(): ManagementAttributes[] {
  const all: ManagementAttributes[] = [];
  for (let bits = 0; bits < 1 << FLAGS.length; bits++) {
    for (const virtualDesktopAccess of VIRTUAL_DESKTOP_ACCESS) {
      for (const portableWorkspaceOnThirdPartyDevice of [false, true]) {
        const device = { ...NONE, virtualDesktopAccess, portableWorkspaceOnThirdPartyDevice };
        FLAGS.forEach((flag, i) => (device[flag] = (bits & (1 << i)) !== 0));
        all.push(device);
      }
    }
  }
  return all;
}

describe('each attribute of SPEC §6 on its own', () => {
  const single: [Partial<ManagementAttributes>, string][] = [
    [{ domainJoined: true }, 'DOMAIN_JOINED'],
    [{ requiresAuthentication: true }, 'REQUIRES_AUTHENTICATION'],
    [{ enforcedAgent: true }, 'ENFORCED_AGENT'],
    [{ groupPolicyEnforced: true }, 'GROUP_POLICY_ENFORCED'],
    [{ configuredByOrganization: true }, 'CONFIGURED_BY_ORGANIZATION'],
    [{ virtualDesktopAccess: 'without_roaming_rights' }, 'VIRTUAL_DESKTOP_WITHOUT_ROAMING_RIGHTS'],
  ];
  for (const [attributes, reason] of single) {
    it(`${reason} alone makes a device managed`, () => {
      assert.deepEqual(decideManaged({ ...NONE, ...attributes }), { managed: true, reasons: [reason], exception: null });
    });
  }
  it('none of them: not managed, no exception involved', () => {
    assert.deepEqual(decideManaged(NONE), { managed: false, reasons: [], exception: null });
  });
});

describe('the two exceptions', () => {
  it('virtual desktops only under roaming rights: not managed', () => {
    assert.deepEqual(decideManaged({ ...NONE, virtualDesktopAccess: 'only_under_roaming_rights' }), { managed: false, reasons: [], exception: 'ROAMING_RIGHTS_ONLY' });
  });
  it('roaming rights add nothing to a device managed for another reason', () => {
    assert.deepEqual(decideManaged({ ...NONE, domainJoined: true, virtualDesktopAccess: 'only_under_roaming_rights' }), { managed: true, reasons: ['DOMAIN_JOINED'], exception: null });
  });
  it('a portable workspace on a qualifying third-party device: not managed, even with everything else set', () => {
    const everything: ManagementAttributes = { ...NONE, domainJoined: true, requiresAuthentication: true, enforcedAgent: true, groupPolicyEnforced: true, configuredByOrganization: true, virtualDesktopAccess: 'without_roaming_rights' };
    assert.equal(decideManaged(everything).managed, true);
    assert.deepEqual(decideManaged({ ...everything, portableWorkspaceOnThirdPartyDevice: true }), { managed: false, reasons: [], exception: 'PORTABLE_WORKSPACE_ON_THIRD_PARTY_DEVICE' });
  });
});

describe('every combination of the attributes (192)', () => {
  const all = everyCombination();
  it('is every combination, each once', () => {
    assert.equal(new Set(all.map((d) => JSON.stringify(d))).size, 2 ** 5 * 3 * 2);
  });
  it('a portable workspace on a third-party device is never managed', () => {
    for (const device of all.filter((d) => d.portableWorkspaceOnThirdPartyDevice)) {
      assert.deepEqual(decideManaged(device), { managed: false, reasons: [], exception: 'PORTABLE_WORKSPACE_ON_THIRD_PARTY_DEVICE' }, JSON.stringify(device));
    }
  });
  it('otherwise: managed exactly when one of the six listed attributes holds, and the reasons name exactly those, in the spec\'s order', () => {
    for (const device of all.filter((d) => !d.portableWorkspaceOnThirdPartyDevice)) {
      const held = FLAGS.filter((flag) => device[flag]).length + (device.virtualDesktopAccess === 'without_roaming_rights' ? 1 : 0);
      const decision = decideManaged(device);
      assert.equal(decision.managed, held > 0, JSON.stringify(device));
      assert.equal(decision.reasons.length, held);
      assert.deepEqual([...decision.reasons].sort((a, b) => MANAGED_REASONS.indexOf(a) - MANAGED_REASONS.indexOf(b)), decision.reasons);
      const roamingOnly = held === 0 && device.virtualDesktopAccess === 'only_under_roaming_rights';
      assert.equal(decision.exception, roamingOnly ? 'ROAMING_RIGHTS_ONLY' : null, JSON.stringify(device));
    }
  });
});
