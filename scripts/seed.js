#!/usr/bin/env node
// `npm run seed`: loads the NIA–UNDP and MOST–MOI MOUs of the stories through the public API.
// Every request carries a fixed Idempotency-Key, so running it twice changes nothing.
const jwt = require('jsonwebtoken');

const base = process.env.API_URL || `http://localhost:${process.env.PORT || 3000}/api/v1`;
const secret = process.env.AUTH_JWT_SECRET || 'dev-secret-change-me';
const token = jwt.sign({ sub: 'seed@partnership-office.example', roles: ['admin'] }, secret, { algorithm: 'HS256', expiresIn: '1h' });

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

async function main() {
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

  await signedMou(
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
      termMonths: 240,
      kpis: [{ name: 'Regional coordination centres set up', target: 4, unit: 'centres' }],
    },
    '2009-04-20T03:00:00Z',
    { drafted: '2009-03-02T02:00:00Z', requested: '2009-04-01T02:00:00Z', signed: '2009-04-20T03:00:00Z' },
  );
}

main().catch((error) => {
  console.error(error.message);
  if (/fetch failed|ECONNREFUSED/.test(String(error.cause || error))) console.error(`is the product running? start it with npm start (API expected at ${base})`);
  process.exit(1);
});
