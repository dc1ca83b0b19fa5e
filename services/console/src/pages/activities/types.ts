// An activity as GET /activities/{id} answers it (services/events activity.resource.ts), as far as the console reads it.
export const ACTIVITY_KINDS = ['workshop', 'training', 'networking', 'signing-ceremony', 'kickoff', 'review', 'competition', 'other'] as const;
export const ACTIVITY_STATUSES = ['planned', 'scheduled', 'held', 'cancelled'] as const;

export interface ActivityDetail {
  id: string;
  version: number;
  status: string;
  title: string;
  kind: string;
  mouId: string | null;
  proposalId: string | null;
  organisationIds: string[];
  leadTeam: string | null;
  /** Only the lead team, admins and auditors see it (absent on records from before confidentiality: not confidential). */
  confidential?: boolean;
  startsAt: string | null;
  endsAt: string | null;
  location: string | null;
  attendance: number | null;
  outcomes: { title: string; organisationId?: string | null; detail?: string | null }[];
  completedAt: string | null;
  cancellation: { reason: string; at: string } | null;
  followUpTasks: { id: string; title: string; owner: string; dueOn: string; status: string; completedAt?: string | null }[];
  createdAt: string;
  updatedAt: string;
}
