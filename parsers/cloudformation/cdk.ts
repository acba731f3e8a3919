/**
 * What s3lint knows of AWS CDK output. `cdk synth` writes a cloud assembly (`cdk.out/` by default): one template
 * per stack (`<Stack>.template.json`, nested stacks as `<Id>.nested.template.json`), which are scanned like any
 * template, beside files that are not templates and are not scanned: `manifest.json`, `tree.json`,
 * `<Stack>.assets.json` and the `asset.<hash>/` folders of bundled Lambda code and files.
 *
 * Templates need nothing special: asset parameters (`AssetParameters…`, CDK v1) have no `Default` and the
 * bootstrap version parameter is an SSM parameter type, so both stay unknown. Each resource's construct path
 * (`Metadata: { aws:cdk:path: Stack/Bucket/Resource }`) names it in the CDK app's own terms.
 */

import type { ObjectNode } from '../../src/graph/types.js';
import { literalString } from './evaluate.js';

/** The default output folder of `cdk synth`. */
export const CDK_OUTPUT_FOLDER = 'cdk.out';

/** The construct path the CDK writes in a resource's `Metadata`, when it is a string. */
export function constructPathOf(definition: ObjectNode): string | undefined {
  const metadata = definition.entries.get('Metadata')?.value;
  if (metadata?.kind !== 'object') return undefined;
  return literalString(metadata.entries.get('aws:cdk:path')?.value);
}

/**
 * Whether a folder is a cloud assembly: named `cdk.out`, or holding the `cdk.out` version file and a
 * `manifest.json` (an `--output` folder of another name, an integration test snapshot).
 */
export function isCloudAssembly(folderName: string, entryNames: ReadonlySet<string>): boolean {
  return folderName === CDK_OUTPUT_FOLDER || (entryNames.has(CDK_OUTPUT_FOLDER) && entryNames.has('manifest.json'));
}

/** Whether an entry of a cloud assembly (or of a folder inside one) is never a template: assets and manifests. */
export function isCloudAssemblyNonTemplate(name: string, isDirectory: boolean): boolean {
  if (isDirectory) return name.startsWith('asset.');
  return name === 'manifest.json' || name === 'tree.json' || name.endsWith('.assets.json');
}
