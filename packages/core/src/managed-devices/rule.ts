// SPEC §6 "Managed devices": whether an organization manages a device, from the attributes the
// spec names. A device is managed if it is domain-joined, requires authentication to use the
// apps, runs an agent the organization enforces, has group policy enforced, is configured or
// instructed by the organization, or reaches virtual desktops without roaming rights. Two
// exceptions, each decided as follows:
// - a portable workspace on a qualifying third-party device: never managed. What is observed on
//   such a device (sign-in, policies, an agent) belongs to the workspace the organization hands
//   out, not to the device, which the organization does not own; so this exception wins over
//   every attribute.
// - virtual desktops reached *only* under roaming rights: not managed. "Only": a device that is
//   also, say, domain-joined is managed for that reason; roaming use just adds nothing.

export const VIRTUAL_DESKTOP_ACCESS = ['none', 'without_roaming_rights', 'only_under_roaming_rights'] as const;
export type VirtualDesktopAccess = (typeof VIRTUAL_DESKTOP_ACCESS)[number];

export interface ManagementAttributes {
  domainJoined: boolean;
  /** Authentication is required to use the organization's apps on it. */
  requiresAuthentication: boolean;
  /** It runs a management agent the organization enforces. */
  enforcedAgent: boolean;
  groupPolicyEnforced: boolean;
  /** The organization configured it, or instructs its user how it must be configured. */
  configuredByOrganization: boolean;
  virtualDesktopAccess: VirtualDesktopAccess;
  /** It runs a portable workspace (e.g. a bootable corporate image) on a qualifying third-party device. */
  portableWorkspaceOnThirdPartyDevice: boolean;
}

export const MANAGED_REASONS = [
  'DOMAIN_JOINED',
  'REQUIRES_AUTHENTICATION',
  'ENFORCED_AGENT',
  'GROUP_POLICY_ENFORCED',
  'CONFIGURED_BY_ORGANIZATION',
  'VIRTUAL_DESKTOP_WITHOUT_ROAMING_RIGHTS',
] as const;
export type ManagedReason = (typeof MANAGED_REASONS)[number];

export const MANAGEMENT_EXCEPTIONS = ['PORTABLE_WORKSPACE_ON_THIRD_PARTY_DEVICE', 'ROAMING_RIGHTS_ONLY'] as const;
export type ManagementException = (typeof MANAGEMENT_EXCEPTIONS)[number];

export interface ManagedDecision {
  managed: boolean;
  /** The attributes that make it managed, in the spec's order (empty when it is not). */
  reasons: ManagedReason[];
  /** The exception that applied, if one did. */
  exception: ManagementException | null;
}

export function decideManaged(device: ManagementAttributes): ManagedDecision {
  if (device.portableWorkspaceOnThirdPartyDevice) return { managed: false, reasons: [], exception: 'PORTABLE_WORKSPACE_ON_THIRD_PARTY_DEVICE' };
  const reasons: ManagedReason[] = [];
  if (device.domainJoined) reasons.push('DOMAIN_JOINED');
  if (device.requiresAuthentication) reasons.push('REQUIRES_AUTHENTICATION');
  if (device.enforcedAgent) reasons.push('ENFORCED_AGENT');
  if (device.groupPolicyEnforced) reasons.push('GROUP_POLICY_ENFORCED');
  if (device.configuredByOrganization) reasons.push('CONFIGURED_BY_ORGANIZATION');
  if (device.virtualDesktopAccess === 'without_roaming_rights') reasons.push('VIRTUAL_DESKTOP_WITHOUT_ROAMING_RIGHTS');
  if (reasons.length > 0) return { managed: true, reasons, exception: null };
  const exception = device.virtualDesktopAccess === 'only_under_roaming_rights' ? 'ROAMING_RIGHTS_ONLY' : null;
  return { managed: false, reasons, exception };
}
