// Shared by the MOU specs: story 2 of STORIES.md, NIA and UNDP Thailand.
import type { MouEvent, MouDrafted } from './mou';
import type { CreateMouData } from './mou.decide';

export const NIA = 'org-nia';
export const UNDP = 'org-undp';
export const OUTSIDER = 'org-outsider';
export const MOU_ID = 'mou-0001';

/** The platform's stamp for a command issued on `today`, at 10:00 in Bangkok. */
export const on = (today: string) => ({ today, now: `${today}T03:00:00.000Z` });

export const createData: CreateMouData = {
  id: MOU_ID,
  title: 'ความร่วมมือด้านนวัตกรรม NIA–UNDP',
  parties: [
    { organisationId: NIA, signatoryName: 'ผู้อำนวยการ NIA', signatoryTitle: 'Executive Director' },
    { organisationId: UNDP, signatoryName: 'UNDP Resident Representative', signatoryTitle: 'Resident Representative' },
  ],
  cooperationAreas: ['innovation networks', 'public-sector innovation', 'Regional Innovation Centre (CLMV)'],
  collaborationLevel: 'strategic',
  effectiveFrom: '2025-02-01',
  termMonths: 36,
  kpis: [
    { id: 'kpi-prototypes', name: 'Youth Co:Lab prototypes', target: 20, unit: 'prototypes', owner: 'IASA', dueOn: '2026-12-31' },
    { id: 'kpi-sessions', name: 'knowledge sessions', target: 8 },
  ],
  leadTeam: 'IASA',
};

export const drafted: MouDrafted = {
  type: 'MouDrafted',
  data: {
    id: MOU_ID,
    title: createData.title,
    description: null,
    parties: createData.parties,
    cooperationAreas: createData.cooperationAreas,
    collaborationLevel: 'strategic',
    effectiveFrom: '2025-02-01',
    termMonths: 36,
    endsOn: '2028-01-31',
    kpis: [
      { id: 'kpi-prototypes', name: 'Youth Co:Lab prototypes', target: 20, unit: 'prototypes', owner: 'IASA', dueOn: '2026-12-31' },
      { id: 'kpi-sessions', name: 'knowledge sessions', target: 8, unit: null, owner: null, dueOn: null },
    ],
    leadTeam: 'IASA',
    confidential: false,
    at: on('2025-01-07').now,
  },
};

export const signatureRequested: MouEvent = { type: 'MouSignatureRequested', data: { at: on('2025-01-08').now } };
export const signedBy = (organisationId: string, day = '2025-01-20'): MouEvent => ({
  type: 'MouSigned',
  data: { organisationId, signedAt: `${day}T02:00:00.000Z`, at: on(day).now },
});
export const fullySigned = (signedOn = '2025-01-20'): MouEvent => ({
  type: 'MouFullySigned',
  data: { signedOn, at: on(signedOn).now },
});
export const activated = (activatedOn = '2025-02-01'): MouEvent => ({
  type: 'MouActivated',
  data: { activatedOn, at: on(activatedOn).now },
});

export const draft: MouEvent[] = [drafted];
export const awaiting: MouEvent[] = [drafted, signatureRequested];
export const signed: MouEvent[] = [...awaiting, signedBy(NIA), signedBy(UNDP), fullySigned()];
export const active: MouEvent[] = [...signed, activated()];
export const expired: MouEvent[] = [...active, { type: 'MouExpired', data: { expiredOn: '2028-02-01', at: on('2028-02-01').now } }];
export const terminated: MouEvent[] = [
  ...active,
  { type: 'MouTerminated', data: { reason: 'funding ended', effectiveOn: '2026-06-30', at: on('2026-05-01').now } },
];

/** Every state a command can meet, by name, for the "refuses in each other state" tables. */
export const histories: Record<string, MouEvent[]> = {
  draft,
  'awaiting-signatures': awaiting,
  signed,
  active,
  expired,
  terminated,
};
export const statesOtherThan = (...allowed: string[]) => Object.entries(histories).filter(([status]) => !allowed.includes(status));
