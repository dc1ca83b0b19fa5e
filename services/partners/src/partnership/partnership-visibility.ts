import { canSee, seesEverything, type Viewer } from '@pmt/kernel';
import { laterInstant } from './event-data';
import type { GrantFacts, Partnership, ProposalFacts, Share } from './partnership';
import { portfolioOf, type Portfolio, type PortfolioQuery } from './portfolio';
import { applyShare, emptyPartnership } from './shares';

/**
 * A confidential MOU, proposal, grant or activity counts in an organisation's partnership only for those who may
 * see it (API.md: its lead team, admins and auditors). The `partnerships` document stays the sum over every
 * record, the answer for those who see everything; beside it, per organisation, the confidential records' part of
 * that sum, one per lead team. Anyone else's answer is the sum less the parts of the teams they are not in: one
 * more document read, and no work at all for an organisation without confidential records.
 */

/** Whose eyes a record's share is for: null when open to every reader, else the lead team (null when it has none). */
export type Scope = { leadTeam: string | null } | null;

export const scopeOf = (facts: { confidential?: boolean; leadTeam?: string | null }): Scope =>
  facts.confidential === true ? { leadTeam: typeof facts.leadTeam === 'string' ? facts.leadTeam : null } : null;

export const sameScope = (a: Scope, b: Scope): boolean => (a === null ? b === null : b !== null && a.leadTeam === b.leadTeam);

/** The confidential records of one lead team: their part of the summary, and the last time it changed. */
export interface ConfidentialPart {
  leadTeam: string | null;
  part: Partnership;
  updatedAt: string | null;
}

/**
 * The `partnership_confidential_parts` document of an organisation, written once it has had a confidential record.
 * `openUpdatedAt` is the last change the open records made to its summary. Parts are a list, not an object keyed
 * by team: a team's name is whatever the token says, `__proto__` included.
 */
export interface ConfidentialParts {
  id: string;
  openUpdatedAt: string | null;
  parts: ConfidentialPart[];
}

/**
 * The parts after one record's share of `org` moved from `old` (in scope `was`) to `now` (in scope `is`) at `at`.
 * `summaryUpdatedAt` is the summary's time before the change: when the first confidential record comes, every
 * earlier change was an open record's. Null when the organisation still has no confidential record to keep apart.
 */
export function moveParts(
  doc: ConfidentialParts | null,
  org: string,
  summaryUpdatedAt: string | null,
  change: { old?: Share; was: Scope; now?: Share; is: Scope; at: string },
): ConfidentialParts | null {
  const { old, was, now, is, at } = change;
  const confidential = (old && was) || (now && is);
  if (!doc && !confidential) return null;
  let openUpdatedAt = doc ? doc.openUpdatedAt : summaryUpdatedAt;
  const parts = doc ? doc.parts.map((p) => ({ ...p })) : [];
  const partOf = (scope: { leadTeam: string | null }): ConfidentialPart => {
    let found = parts.find((p) => p.leadTeam === scope.leadTeam);
    if (!found) parts.push((found = { leadTeam: scope.leadTeam, part: emptyPartnership(org), updatedAt: null }));
    return found;
  };
  for (const [share, scope, sign] of [
    [old, was, -1],
    [now, is, 1],
  ] as const) {
    if (!share) continue;
    if (scope === null) {
      openUpdatedAt = laterInstant(openUpdatedAt, at);
      continue;
    }
    const p = partOf(scope);
    p.part = applyShare(p.part, share, sign);
    p.updatedAt = laterInstant(p.updatedAt, at);
  }
  parts.sort((a, b) => compareTeams(a.leadTeam, b.leadTeam));
  return { id: org, openUpdatedAt, parts };
}

const compareTeams = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);

/**
 * The summary as `viewer` may see it: the whole of it for one who sees everything (or when there is nothing
 * confidential), else without the parts of teams the viewer is not in; its `updatedAt` the last change the viewer
 * could have seen.
 */
export function partnershipFor(summary: Partnership, doc: ConfidentialParts | null, viewer: Viewer | undefined): Partnership {
  if (!doc || seesEverything(viewer)) return summary;
  let p = summary;
  let updatedAt = doc.openUpdatedAt;
  for (const { leadTeam, part, updatedAt: at } of doc.parts) {
    if (!canSee(viewer, { confidential: true, leadTeam })) p = applyShare(p, part, -1);
    else if (at !== null) updatedAt = laterInstant(updatedAt, at);
  }
  return { ...p, updatedAt };
}

/** The portfolio of the proposals and grants `viewer` may see: every group and total leaves out the rest. */
export function portfolioFor(query: PortfolioQuery, proposals: readonly ProposalFacts[], grants: readonly GrantFacts[], viewer: Viewer | undefined): Portfolio {
  if (seesEverything(viewer)) return portfolioOf(query, proposals, grants);
  const visible = (f: ProposalFacts | GrantFacts) => canSee(viewer, f);
  return portfolioOf(query, proposals.filter(visible), grants.filter(visible));
}
