/**
 * Shared knowledge for the account-level rules (Macie, GuardDuty, Access Analyzer, Storage Lens): which
 * resources of a service the scan creates, whether a service is managed outside it, and GuardDuty detector state.
 */
import { creation, type Creation } from '../../src/graph/creation.js';
import type { ProjectView } from '../../src/graph/project.js';
import type { Framework, ResourceNode, SourceRange, ValueNode } from '../../src/graph/types.js';
import { booleanValue, child, stringValue, type Value } from '../../src/graph/values.js';

/** A resource of an account-wide service in the scan, with whether it is created. */
export interface ServiceResource {
  node: ResourceNode;
  creation: Creation;
}

/** Managed resources of these types anywhere in the scan, in scan order. */
export function serviceResources(project: ProjectView, types: readonly string[]): ServiceResource[] {
  const wanted = new Set(types);
  return project.resources
    .filter((node) => node.mode === 'resource' && wanted.has(node.type))
    .map((node) => ({ node, creation: creation(node) }));
}

/** Data sources of these types: the service is managed outside the scanned code, which is unknown, not missing. */
export function externalServices(project: ProjectView, types: readonly string[]): ResourceNode[] {
  const wanted = new Set(types);
  return project.resources.filter((node) => node.mode === 'data' && wanted.has(node.type));
}

/** A setting's key as each framework spells it. */
export function setting(node: ResourceNode, names: Readonly<Record<Framework, string>>): ValueNode | undefined {
  return child(node.body, names[node.framework]);
}

/** A string setting with a default for when it is absent: `status` defaults to `ENABLED`, `type` to `ACCOUNT`. */
export function stringWithDefault(node: ValueNode | undefined, absentAt: SourceRange, fallback: string): Value<string> {
  const value = stringValue(node, absentAt);
  return value.state === 'absent' ? { state: 'known', value: fallback, range: absentAt } : value;
}


/** Something a rule could not decide, kept until the rule knows whether it has a finding or a pass instead. */
export interface Undecided {
  range: SourceRange;
  reason: string;
}

export const GUARDDUTY_DETECTOR_TYPES = ['aws_guardduty_detector', 'AWS::GuardDuty::Detector'] as const;

/**
 * Whether a GuardDuty detector is on. Terraform's `enable` defaults to true; CloudFormation's `Enable` is
 * required, so a template without it does not deploy and says nothing about intent.
 */
export function detectorEnabled(detector: ResourceNode): Value<boolean> {
  if (detector.framework === 'terraform') {
    const value = booleanValue(child(detector.body, 'enable'), detector.headerRange);
    return value.state === 'absent' ? { state: 'known', value: true, range: detector.headerRange } : value;
  }
  const value = booleanValue(child(detector.body, 'Enable'), detector.headerRange);
  return value.state === 'absent' ? { state: 'unknown', expression: 'Enable (required) is missing', range: detector.headerRange } : value;
}
