/** Small readers shared by the resource readers: fields as located flags, values and images. */
import type { Node } from 'yaml';
import type { TextRange } from '../../findings';
import type { FlagKey } from '../flags';
import type { DeclaredFlag } from '../workloads';
import { rangeOf, text } from '../yamlNodes';

/** A flag stated by a field (`parallelism.tensor: 4` → tensor 4), located on its value. */
export function declaredFlag(node: Node | undefined, key: FlagKey, name: string): DeclaredFlag[] {
  const value = text(node);
  const range = rangeOf(node);
  return value !== undefined && range ? [{ key, name, value, range }] : [];
}

/** A scalar as a located value. */
export function located(node: Node | undefined): { value: string; range: TextRange } | undefined {
  const value = text(node);
  const range = rangeOf(node);
  return value !== undefined && range ? { value, range } : undefined;
}

/** An image written as `{repository, tag}` (NIMService, Helm values), located on the repository. */
export function imageFrom(
  repository: Node | undefined,
  tag: Node | undefined,
): { value: string; range: TextRange } | undefined {
  const repo = located(repository);
  if (!repo) return undefined;
  const t = text(tag);
  return { value: t ? `${repo.value}:${t}` : repo.value, range: repo.range };
}
