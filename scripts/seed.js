#!/usr/bin/env node
// `npm run seed`: loads the stories through the public API: the NIA–UNDP MOU, the whole life of the MOST–MOI MOU
// (2009 to 2023, entered as it happened), the 2013 Chiang Mai workshop, and an IASA proposal to NIA that is approved,
// opens a grant, and leverages co-investment; and a confidential draft MOU led by IASA (issue 12), which the IASA
// accounts, admins and auditors see and the NMCO accounts do not.
// Every request carries a fixed Idempotency-Key, so running it twice changes nothing.
// First it makes the demo accounts (one per role, and a second staff account in NMCO) in DATA_DIR/accounts.sqlite and
// prints their passwords; a demo account that exists already keeps its password (`npm run user -- password <email>`
// sets a new one) and, if it has no team yet (made before teams existed), gets its demo teams.
const { randomBytes } = require('node:crypto');
const { openAccounts, dataDir } = require('./accounts');
const { signToken } = require('./jwt-secret');

const base = process.env.API_URL || `http://localhost:${process.env.PORT || 3000}/api/v1`;
const token = signToken({ sub: 'seed@partnership-office.example', roles: ['admin'] }, '1h');

async function post(path, body, key, occurredAt) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': `seed:${key}`,
      // history entered after the fact keeps the dates it happened on, so `asOf` shows it as it stood then
      ...(occurredAt && { 'occurred-at': occurredAt }),
    },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

async function organisation(key, body) {
  const org = await post('/organisations', body, `org:${key}`);
  console.log(`organisation ${org.name} ${org.id}`);
  return org;
}

/** `dates` (optional) backdates an MOU signed long ago: when it was drafted, sent for signature and signed. */
async function signedMou(key, body, signedAt, dates = {}) {
  let mou = await post('/mous', body, `mou:${key}`, dates.drafted);
  if (mou.status === 'draft') mou = await post(`/mous/${mou.id}/signature-request`, {}, `mou:${key}:request`, dates.requested);
  for (const party of body.parties) {
    mou = await post(`/mous/${mou.id}/signatures`, { organisationId: party.organisationId, signedAt }, `mou:${key}:sign:${party.organisationId}`, dates.signed);
  }
  console.log(`MOU "${mou.title}" ${mou.id} is ${mou.status} (version ${mou.version})`);
  return mou;
}

const DEMO_ACCOUNTS = [
  { email: 'admin@demo.local', roles: ['admin'], teams: ['IASA'], name: 'Demo Admin' },
  { email: 'staff@demo.local', roles: ['staff'], teams: ['IASA'], name: 'Demo Staff' },
  // another team's staff member: the confidential IASA MOU is "not found" for them
  { email: 'nmco@demo.local', roles: ['staff'], teams: ['NMCO'], name: 'Demo NMCO Staff' },
  { email: 'auditor@demo.local', roles: ['auditor'], teams: [], name: 'Demo Auditor' },
  { email: 'viewer@demo.local', roles: ['viewer'], teams: ['NMCO'], name: 'Demo Viewer' },
];

async function demoAccounts() {
  const { store } = openAccounts();
  try {
    console.log(`demo accounts (sign in at the console; stored in ${dataDir()}/accounts.sqlite):`);
    for (const account of DEMO_ACCOUNTS) {
      const existing = store.find(account.email);
      if (existing) {
        // only an account without teams is given its demo teams: teams someone set on purpose are kept
        const teamsAdded = existing.teams.length === 0 && account.teams.length > 0 && giveTeams(store, account);
        const teams = teamsAdded ? ` (teams set to ${account.teams.join(',')})` : '';
        console.log(`  ${account.email.padEnd(20)} exists already${teams} (new password: npm run user -- password ${account.email})`);
        continue;
      }
      const password = randomBytes(12).toString('base64url');
      await store.add({ ...account, password });
      console.log(`  ${account.email.padEnd(20)} password ${password}   roles ${account.roles.join(',')}   teams ${account.teams.join(',') || '-'}`);
    }
  } finally {
    store.close();
  }
}

/**
 * Gives an existing account without teams the demo account's teams. The account store has no command for this, so it
 * is one UPDATE on the store's own database that changes nothing when the account has teams meanwhile; sessions read
 * teams from the account, so a signed-in user has them with their next request.
 */
function giveTeams(store, account) {
  const changed = store.db.prepare("UPDATE accounts SET teams = ? WHERE email = ? AND teams = '[]'").run(JSON.stringify(account.teams), account.email).changes;
  return changed === 1;
}

async function main() {
  await demoAccounts();
  const nia = await organisation('nia', {
    name: 'สำนักงานนวัตกรรมแห่งชาติ (องค์การมหาชน)',
    nameEn: 'National Innovation Agency (NIA)',
    kind: 'government',
    country: 'TH',
    sectors: ['innovation', 'public-sector'],
    contacts: [{ name: 'Partnership desk', email: 'partnership@nia.example', role: 'coordinator' }],
  });
  const undp = await organisation('undp', {
    name: 'United Nations Development Programme Thailand',
    kind: 'international',
    country: 'TH',
    sectors: ['development', 'youth', 'social-innovation'],
    contacts: [{ name: 'Programme officer', email: 'programme@undp-th.example' }],
  });
  const most = await organisation('most', {
    name: 'กระทรวงวิทยาศาสตร์และเทคโนโลยี',
    nameEn: 'Ministry of Science and Technology (MOST)',
    kind: 'government',
    country: 'TH',
    sectors: ['science', 'technology'],
    contacts: [],
  });
  const moi = await organisation('moi', {
    name: 'กระทรวงมหาดไทย',
    nameEn: 'Ministry of Interior (MOI)',
    kind: 'government',
    country: 'TH',
    sectors: ['provincial-administration'],
    contacts: [],
  });

  const today = new Date().toISOString().slice(0, 10);
  await signedMou(
    'nia-undp',
    {
      title: 'บันทึกความเข้าใจ NIA–UNDP ว่าด้วยความร่วมมือด้านนวัตกรรม',
      parties: [
        { organisationId: nia.id, signatoryName: 'Executive Director', signatoryTitle: 'ผู้อำนวยการ' },
        { organisationId: undp.id, signatoryName: 'Resident Representative', signatoryTitle: 'Resident Representative' },
      ],
      cooperationAreas: [
        'Innovation networks across the public and private sectors',
        'Public-sector innovation driven by SMEs, startups and youth groups',
        'A Regional Innovation Centre in Thailand serving the CLMV countries',
      ],
      collaborationLevel: 'strategic',
      effectiveFrom: today,
      termMonths: 36,
      kpis: [
        { name: 'Youth Co:Lab prototypes built', target: 20, unit: 'prototypes' },
        { name: 'Trainings and knowledge sessions held', target: 12, unit: 'sessions' },
        { name: 'Social impact assessments completed', target: 1, unit: 'assessments' },
      ],
    },
    `${today}T03:00:00Z`,
  );

  await mostMoiLife(most, moi);

  const step = await organisation('step', {
    name: 'อุทยานวิทยาศาสตร์และเทคโนโลยี มหาวิทยาลัยเชียงใหม่',
    nameEn: 'Chiang Mai University Science and Technology Park (STeP)',
    kind: 'academic',
    country: 'TH',
    sectors: ['science-park', 'innovation'],
    contacts: [{ name: 'IASA team', email: 'iasa@step.example', role: 'proposals' }],
  });
  const ceramics = await organisation('lampang-ceramics', {
    name: 'Lampang Ceramics Co.',
    kind: 'private',
    country: 'TH',
    sectors: ['ceramics'],
    contacts: [],
  });
  const activity = await workshop(step);
  await fundedProposal(nia, step, ceramics, activity);
  await confidentialMou(step, ceramics);
}

/** Issue 12: a draft MOU only IASA (staff@ and admin@demo.local), admins and auditors see; nmco@ and viewer@ get 404. */
async function confidentialMou(step, ceramics) {
  const mou = await post(
    '/mous',
    {
      title: 'IASA–Lampang Ceramics: kiln technology licensing (confidential draft)',
      parties: [
        { organisationId: step.id, signatoryName: 'Director', signatoryTitle: 'ผู้อำนวยการอุทยานวิทยาศาสตร์' },
        { organisationId: ceramics.id, signatoryName: 'Managing Director', signatoryTitle: 'Managing Director' },
      ],
      cooperationAreas: ['Licensing of the low-energy kiln design', 'Commercial terms under negotiation'],
      collaborationLevel: 'operational',
      effectiveFrom: new Date().toISOString().slice(0, 10),
      termMonths: 24,
      leadTeam: 'IASA',
      confidential: true,
    },
    'mou:iasa-confidential',
  );
  const hidden = mou.confidential === true ? 'confidential: team IASA, admins and auditors only' : 'NOT confidential: this mous service does not record it yet';
  console.log(`MOU "${mou.title}" ${mou.id} is ${mou.status} (${hidden})`);
}

/**
 * Story 3: the MOST–MOI MOU, entered today as it happened. Each change carries `Occurred-At`, so the MOU is "being
 * backfilled" and the mous scheduler leaves it alone (it would otherwise expire it in 2014 before its renewals are
 * in): drafted and signed in 2009 (2552 BE) for five years, KPI reports over the years, renewed in 2014 and 2019,
 * terminated in 2023. `history?asOf=` then shows it as it stood on any date.
 */
async function mostMoiLife(most, moi) {
  let mou = await signedMou(
    'most-moi',
    {
      title: 'บันทึกความเข้าใจว่าด้วยการพัฒนาจังหวัดด้วยวิทยาศาสตร์และเทคโนโลยี',
      parties: [
        { organisationId: most.id, signatoryName: 'Permanent Secretary', signatoryTitle: 'ปลัดกระทรวงวิทยาศาสตร์และเทคโนโลยี' },
        { organisationId: moi.id, signatoryName: 'Permanent Secretary', signatoryTitle: 'ปลัดกระทรวงมหาดไทย' },
      ],
      cooperationAreas: [
        'A Provincial Chief Science Officer named in every province',
        'Regional coordination centres in Chiang Mai, Khon Kaen, Songkhla and Chonburi',
      ],
      collaborationLevel: 'strategic',
      effectiveFrom: '2009-04-20',
      termMonths: 60,
      kpis: [
        { name: 'Regional coordination centres set up', target: 4, unit: 'centres' },
        { name: 'Provinces with a Provincial Chief Science Officer', target: 76, unit: 'provinces' },
      ],
    },
    '2009-04-20T03:00:00Z',
    { drafted: '2009-03-02T02:00:00Z', requested: '2009-04-01T02:00:00Z', signed: '2009-04-20T03:00:00Z' },
  );
  const [centres, officers] = mou.kpis.map((k) => k.id);
  const life = [
    ['kpi-2009', 'kpi-progress', { kpiId: centres, value: 2, reportedOn: '2009-12-30', note: 'Chiang Mai and Khon Kaen open' }, '2009-12-30T03:00:00Z'],
    ['kpi-2010', 'kpi-progress', { kpiId: centres, value: 4, reportedOn: '2010-09-30', note: 'Songkhla and Chonburi open' }, '2010-09-30T03:00:00Z'],
    ['kpi-2011', 'kpi-progress', { kpiId: officers, value: 52, reportedOn: '2011-09-30' }, '2011-09-30T03:00:00Z'],
    ['kpi-2013', 'kpi-progress', { kpiId: officers, value: 76, reportedOn: '2013-09-30', note: 'every province' }, '2013-09-30T03:00:00Z'],
    ['renewal-2014', 'renewal', { termMonths: 60 }, '2014-03-20T03:00:00Z'],
    ['kpi-2017', 'kpi-progress', { kpiId: officers, value: 76, reportedOn: '2017-09-29' }, '2017-09-29T03:00:00Z'],
    ['renewal-2019', 'renewal', { termMonths: 60 }, '2019-03-20T03:00:00Z'],
    ['kpi-2021', 'kpi-progress', { kpiId: officers, value: 76, reportedOn: '2021-09-30' }, '2021-09-30T03:00:00Z'],
    ['termination-2023', 'termination', { reason: 'superseded by the ministry reorganisation', effectiveOn: '2023-09-30' }, '2023-09-29T03:00:00Z'],
  ];
  for (const [key, command, body, occurredAt] of life) mou = await post(`/mous/${mou.id}/${command}`, body, `mou:most-moi:${key}`, occurredAt);
  console.log(`MOU "${mou.title}" ${mou.id}: renewed twice, ${mou.status} on ${mou.terminatedOn} (version ${mou.version})`);
  return mou;
}

async function get(path) {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

const baht = (n) => ({ amount: n * 100, currency: 'THB' });

/** Story 4: the Chiang Mai workshop of 1 November 2013, held, with each province's stated need. */
async function workshop(step) {
  const at = '2013-10-01T02:00:00Z';
  let activity = await post(
    '/activities',
    {
      title: 'เวทีความต้องการด้านวิทยาศาสตร์และเทคโนโลยี 8 จังหวัดภาคเหนือตอนบน',
      kind: 'workshop',
      organisationIds: [step.id],
      startsAt: '2013-11-01T02:00:00Z',
      endsAt: '2013-11-01T10:00:00Z',
      location: 'Chiang Mai',
      leadTeam: 'NMCO',
    },
    'activity:workshop-2013',
    at,
  );
  if (activity.status !== 'held') {
    const needs = [
      ['Chiang Mai', 'food safety (Chiang Mai Food Valley)'],
      ['Lampang', 'ceramics and energy'],
      ['Chiang Rai', 'rice seed'],
      ['Lamphun', 'longan'],
      ['Mae Hong Son', 'farm-product processing'],
      ['Phayao', 'farm-product processing'],
      ['Nan', 'silverware'],
      ['Phrae', 'wood-waste processing'],
    ];
    activity = await post(
      `/activities/${activity.id}/completion`,
      { attendance: 130, outcomes: needs.map(([province, need]) => ({ title: `${province}: ${need}` })) },
      'activity:workshop-2013:held',
      '2013-11-01T10:00:00Z',
    );
  }
  console.log(`activity "${activity.title}" ${activity.id} is ${activity.status} (${activity.attendance} people)`);
  return activity;
}

/** Stories 1 and 6: an IASA proposal to NIA, approved; the grant it opens, money disbursed and investment leveraged. */
async function fundedProposal(nia, step, ceramics, activity) {
  const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  let proposal = await post(
    '/proposals',
    {
      title: 'Lampang ceramics: low-energy kilns for community producers',
      leadTeam: 'IASA',
      funderId: nia.id,
      partnerIds: [step.id, ceramics.id],
      requestedAmount: baht(2_500_000),
      submissionDeadline: deadline,
      programme: 'Social innovation',
      activityId: activity.id,
    },
    'proposal:lampang-kilns',
  );
  if (proposal.status === 'draft') proposal = await post(`/proposals/${proposal.id}/submission`, {}, 'proposal:lampang-kilns:submit');
  if (proposal.status === 'submitted') {
    proposal = await post(`/proposals/${proposal.id}/decision`, { outcome: 'approved', awardedAmount: baht(2_000_000) }, 'proposal:lampang-kilns:decide');
  }
  console.log(`proposal "${proposal.title}" ${proposal.id} is ${proposal.status}`);

  // funding opens the grant by itself when it hears of the approval
  let grant;
  for (let i = 0; i < 50 && !grant; i++) {
    grant = (await get(`/grants?proposalId=${proposal.id}`)).items[0];
    if (!grant) await new Promise((r) => setTimeout(r, 200));
  }
  if (!grant) throw new Error('the grant of the approved proposal did not open; is the funding service running?');
  await post(
    `/grants/${grant.id}/disbursements`,
    { amount: baht(1_000_000), disbursedOn: new Date().toISOString().slice(0, 10) },
    'grant:lampang-kilns:disburse-1',
  );
  grant = await post(`/grants/${grant.id}/co-investments`, { organisationId: ceramics.id, amount: baht(5_000_000) }, 'grant:lampang-kilns:co-invest');
  console.log(`grant ${grant.id}: awarded ${grant.awardedAmount.amount / 100} THB, disbursed ${grant.totals.disbursed.amount / 100} THB`);
}

main().catch((error) => {
  console.error(error.message);
  if (/fetch failed|ECONNREFUSED/.test(String(error.cause || error)))
    console.error(`is the product running? start it with npm start (API expected at ${base})`);
  process.exit(1);
});
