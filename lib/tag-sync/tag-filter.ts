/**
 * Which EC2 instance tags tag sync copies to a DRS source server, and which
 * of them need writing. Pure functions: the tasks read and write, these decide.
 */

/** The settings that choose tags. Empty includePrefixes means every tag. */
export interface TagSelection {
  readonly includePrefixes: readonly string[];
  readonly excludePrefixes: readonly string[];
}

/** AWS reserves the aws: prefix (case-insensitive): such tags can be neither written nor copied. */
export const RESERVED_PREFIX = 'aws:';
/** DRS keeps at most 50 tags on a resource. */
export const DRS_MAX_TAGS = 50;
/** DRS tag keys and values are at most 256 characters (TagKey, TagValue). */
export const DRS_MAX_TAG_LENGTH = 256;

const isReserved = (key: string) => key.toLowerCase().startsWith(RESERVED_PREFIX);

/** The instance tags the settings select: never aws: tags; an exclude prefix wins over an include prefix. */
export function selectTags(instanceTags: Readonly<Record<string, string>>, selection: TagSelection): Record<string, string> {
  const selected: Record<string, string> = {};
  for (const [key, value] of Object.entries(instanceTags)) {
    if (isReserved(key)) continue;
    if (selection.includePrefixes.length > 0 && !selection.includePrefixes.some((p) => key.startsWith(p))) continue;
    if (selection.excludePrefixes.some((p) => key.startsWith(p))) continue;
    if (key.length > DRS_MAX_TAG_LENGTH || value.length > DRS_MAX_TAG_LENGTH) continue;
    selected[key] = value;
  }
  return selected;
}

export type TagPlan =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'write'; readonly tags: Record<string, string> }
  | { readonly kind: 'over-limit'; readonly wouldHave: number };

/**
 * The tags to write so the server carries every selected tag: only missing or
 * different ones, so an unchanged server costs no TagResource call. Tags the
 * server has beyond them are left alone (DRS and operators add their own).
 */
export function planTags(current: Readonly<Record<string, string>>, selected: Readonly<Record<string, string>>): TagPlan {
  const changes: Record<string, string> = {};
  for (const [key, value] of Object.entries(selected)) if (current[key] !== value) changes[key] = value;
  if (Object.keys(changes).length === 0) return { kind: 'unchanged' };
  const wouldHave = Object.keys({ ...current, ...changes }).length;
  if (wouldHave > DRS_MAX_TAGS) return { kind: 'over-limit', wouldHave };
  return { kind: 'write', tags: changes };
}
