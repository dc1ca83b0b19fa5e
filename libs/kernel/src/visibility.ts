import { CodedError } from './errors';

/**
 * Who may see a confidential record (API.md: MOUs, proposals, grants and activities may be `confidential: true`;
 * then only their `leadTeam`'s members, admins and auditors see them anywhere, and everyone else gets the answer
 * they would get for an id that does not exist).
 */

/** The person a request is made for, as the gateway tells every service. */
export interface Viewer {
  roles: readonly string[];
  teams: readonly string[];
}

/** What a record says about who may see it; a record without these fields is open to every reader. */
export interface Visibility {
  confidential?: boolean;
  leadTeam?: string | null;
}

/** Roles that see every record, confidential or not. */
export const SEES_EVERYTHING: readonly string[] = ['admin', 'auditor'];

/**
 * `undefined` is a service's own caller (a workflow, the scheduler, a mirror): NATS permissions let only the gateway
 * send commands and queries from outside, and the gateway always names the viewer.
 */
export function seesEverything(viewer: Viewer | undefined): boolean {
  return viewer === undefined || viewer.roles.some((r) => SEES_EVERYTHING.includes(r));
}

export function canSee(viewer: Viewer | undefined, record: Visibility | null | undefined): boolean {
  if (!record || record.confidential !== true || seesEverything(viewer)) return true;
  return typeof record.leadTeam === 'string' && (viewer as Viewer).teams.includes(record.leadTeam);
}

/**
 * The read-model filter (read-model.port.ts's operators) that keeps a list to what the viewer may see, or null when
 * it sees everything. `$ne: true` also keeps documents written before the field existed.
 */
export function visibleFilter(viewer: Viewer | undefined): Record<string, unknown> | null {
  if (seesEverything(viewer)) return null;
  const teams = [...(viewer as Viewer).teams];
  return { $or: [{ confidential: { $ne: true } }, ...(teams.length > 0 ? [{ leadTeam: { $in: teams } }] : [])] };
}

/** `filter` narrowed to what the viewer may see. */
export function withVisibility(filter: Record<string, unknown>, viewer: Viewer | undefined): Record<string, unknown> {
  const visible = visibleFilter(viewer);
  if (!visible) return filter;
  return Object.keys(filter).length === 0 ? visible : { $and: [filter, visible] };
}

/**
 * The viewer a message names, read strictly: a message from the gateway always carries one; anything malformed is
 * treated as a viewer with no roles and no teams (sees only open records), never as a service's own call.
 */
export function viewerOf(message: { viewer?: unknown } | null | undefined): Viewer | undefined {
  const v = message?.viewer;
  if (v === undefined) return undefined;
  const strings = (x: unknown) => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
  const o = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  return { roles: strings(o.roles), teams: strings(o.teams) };
}

/** Who asks to change a record's confidentiality, as every aggregate's `SetConfidentiality` command carries it. */
export interface ConfidentialityAuthor {
  seesEverything: boolean;
  teams: readonly string[];
}

/**
 * 403 `<code>` unless `by` may make a record led by `leadTeam` confidential: a member of that team, or someone who
 * sees everything (staff of another team would hide it from themselves, and from its own team's view of who asked).
 */
export function assertMayMakeConfidential(code: string, noun: string, leadTeam: string, by: ConfidentialityAuthor): void {
  if (by.seesEverything || by.teams.includes(leadTeam)) return;
  throw new CodedError(code, 'forbidden', `Only the lead team (${leadTeam}) or an admin may make this ${noun} confidential`, { leadTeam });
}
