import { invalid, seesEverything, viewerOf, type ConfidentialityAuthor } from '@pmt/kernel';

export function confidentialityAuthor(message: { viewer?: unknown }): ConfidentialityAuthor {
  const viewer = viewerOf(message);
  return { seesEverything: seesEverything(viewer), teams: [...(viewer?.teams ?? [])] };
}

/**
 * Staff may create a confidential record only for a team of their own: one led by another team would vanish from
 * their sight the moment it is stored. Admins, auditors and the services' own calls (no viewer) may name any team;
 * a confidential record without a lead team is the decider's to refuse ("needs a lead team"). `code` is the
 * aggregate's validation code (`MOU.INVALID_TERMS`), so the 400 reads like its other field errors.
 */
export function assertMayKeepConfidential(code: string, message: { viewer?: unknown }, data: { confidential?: boolean; leadTeam?: string | null }): void {
  const viewer = viewerOf(message);
  if (data.confidential !== true || typeof data.leadTeam !== 'string' || seesEverything(viewer)) return;
  if (viewer?.teams.includes(data.leadTeam)) return;
  throw invalid(code, 'leadTeam must be one of your teams to keep it confidential', [
    { path: 'leadTeam', message: 'must be one of your teams to keep it confidential' },
  ]);
}
