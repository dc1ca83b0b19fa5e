import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { join } from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { addDays, officeDate } from '@pmt/kernel';
import { freePort, tempDir } from '@pmt/testing';
import { startProduct, type Product } from '../support/product';

/** Polls until `done` holds or the time runs out, and returns the last value read (the caller asserts on it). */
async function eventually<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

interface WebhookCall {
  headers: IncomingHttpHeaders;
  body: string;
}

const WEBHOOK_SECRET = 'e2e-webhook-secret-0123456789';

/** Who a parsed mail went to, as plain addresses. */
const toOf = (m: ParsedMail) => [m.to ?? []].flat().flatMap((a: AddressObject) => a.value.map((v) => v.address?.toLowerCase()));

/**
 * The workflows through the running product: a real SMTP server (smtp-server, parsed with mailparser) receives the
 * emails the notifications service sends, a real HTTP server the webhook calls, and the events service's kickoff
 * shows in the activities API. WORKFLOWS_CONFIG points at a file of the test's own: a webhook, and a one-day lead
 * time before proposal deadlines.
 */
describe('workflows across the services', () => {
  let product: Product;
  let smtp: SMTPServer;
  let hooks: Server;
  const dir = tempDir('pmt-workflows-e2e-');
  const mails: ParsedMail[] = [];
  const calls: WebhookCall[] = [];
  const today = officeDate(new Date());
  const org = { nia: '', undp: '', step: '' };
  const api = (method: string, path: string, body?: unknown) => product.api(method, `/api/v1${path}`, body === undefined ? {} : { body });
  const mailsTo = (address: string, subject: string) => mails.filter((m) => toOf(m).includes(address) && m.subject === subject);

  beforeAll(async () => {
    const smtpPort = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream).then(
          (mail) => {
            mails.push(mail);
            callback();
          },
          (e: Error) => callback(e),
        );
      },
    });
    await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));

    const hookPort = await freePort();
    hooks = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        calls.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hooks.listen(hookPort, '127.0.0.1', resolve));

    const config = join(dir.path, 'workflows.json');
    writeFileSync(
      config,
      JSON.stringify({
        leadTimes: { proposalDeadlineDays: [1] },
        webhooks: [{ name: 'partner-crm', url: `http://127.0.0.1:${hookPort}/hooks/pmt`, secret: WEBHOOK_SECRET, topics: ['mou.activated'] }],
      }),
    );
    product = await startProduct({
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      WORKFLOWS_CONFIG: config,
      WORKFLOWS_INTERVAL_MS: '500',
      NOTIFY_INTERVAL_MS: '200',
    });

    const register = async (name: string, kind: string, contacts: Array<{ name: string; email: string }>) => {
      const res = await api('POST', '/organisations', { name, kind, country: 'TH', sectors: [], contacts });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    org.nia = await register('สำนักงานนวัตกรรมแห่งชาติ (องค์การมหาชน)', 'government', [{ name: 'สมชาย ใจดี', email: 'somchai@nia.example' }]);
    org.undp = await register('UNDP Thailand', 'international', [
      { name: 'Ana Pereira', email: 'ana@undp.example' },
      { name: 'Programme desk', email: 'programme@undp.example' },
    ]);
    org.step = await register('Science and Technology Park, Chiang Mai University', 'academic', []);
  }, 90_000);

  afterAll(async () => {
    await product?.stop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (hooks ? hooks.close(() => resolve()) : resolve()));
    dir.remove();
  });

  it('the last signature of an MOU plans its kickoff, emails every party’s contacts and the lead team, and calls the webhook, signed', async () => {
    const title = 'บันทึกความเข้าใจ NIA–UNDP ด้านนวัตกรรมภาครัฐ';
    const created = await api('POST', '/mous', {
      title,
      parties: [
        { organisationId: org.nia, signatoryName: 'Executive Director', signatoryTitle: 'ผู้อำนวยการ' },
        { organisationId: org.undp, signatoryName: 'Resident Representative', signatoryTitle: 'Resident Representative' },
      ],
      cooperationAreas: ['innovation networks', 'public-sector innovation', 'Regional Innovation Centre for CLMV'],
      collaborationLevel: 'strategic',
      effectiveFrom: today,
      termMonths: 24,
      leadTeam: 'IASA',
    });
    expect(created.status).toBe(201);
    const mouId = created.body.id as string;
    expect((await api('POST', `/mous/${mouId}/signature-request`, {})).status).toBe(200);
    expect((await api('POST', `/mous/${mouId}/signatures`, { organisationId: org.nia })).status).toBe(200);
    const signed = await api('POST', `/mous/${mouId}/signatures`, { organisationId: org.undp });
    expect(signed.body.status).toBe('active');

    const activities = await eventually(
      () => api('GET', `/activities?mouId=${mouId}`),
      (r) => r.body?.items?.length === 1,
    );
    expect(activities.body.items).toEqual([
      expect.objectContaining({
        kind: 'kickoff',
        status: 'planned',
        title: `Kickoff: ${title}`,
        mouId,
        organisationIds: [org.nia, org.undp],
        leadTeam: 'IASA',
        origin: expect.objectContaining({ workflow: 'mou-kickoff' }),
      }),
    ]);

    const subject = `MOU มีผลบังคับใช้แล้ว: ${title}`;
    const recipients = ['somchai@nia.example', 'ana@undp.example', 'programme@undp.example', 'iasa@step.example'];
    await eventually(
      () => recipients.map((r) => mailsTo(r, subject).length),
      (counts) => counts.every((n) => n >= 1),
    );
    for (const r of recipients) expect(mailsTo(r, subject)).toHaveLength(1);
    expect(mailsTo('somchai@nia.example', subject)[0].text).toContain(`บันทึกข้อตกลงความร่วมมือ "${title}" มีผลบังคับใช้ตั้งแต่วันที่ ${today}`);

    const call = await eventually(
      () => calls.find((c) => JSON.parse(c.body).link?.id === mouId),
      (c) => c !== undefined,
    );
    expect(call).toBeDefined();
    const { headers, body } = call as WebhookCall;
    const expected = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(`${headers['x-signature-timestamp']}.${body}`, 'utf8').digest('hex')}`;
    expect(headers['x-signature']).toBe(expected);
    expect(JSON.parse(body)).toMatchObject({ topic: 'mou.activated', subject, link: { resource: 'mous', id: mouId } });
  });

  it('reminds the lead team once of a draft proposal due tomorrow (lead time 1 day), also across a restart of the notifications service', async () => {
    const deadline = addDays(today, 1);
    const draft = async (title: string) => {
      const res = await api('POST', '/proposals', {
        title,
        leadTeam: 'IASA',
        funderId: org.nia,
        partnerIds: [org.step],
        requestedAmount: { amount: 2_500_000_00, currency: 'THB' },
        submissionDeadline: deadline,
        programme: 'Youth Co:Lab 2025',
      });
      expect(res.status).toBe(201);
      return `ใกล้ถึงกำหนดส่งข้อเสนอโครงการ (${deadline}): ${title}`;
    };
    const first = await draft('ห้องปฏิบัติการความปลอดภัยอาหาร Chiang Mai Food Valley');
    await eventually(
      () => mailsTo('iasa@step.example', first),
      (m) => m.length >= 1,
    );
    expect(mailsTo('iasa@step.example', first)).toHaveLength(1);

    // The notifications service goes down and comes back (the supervisor restarts it); a second draft's reminder
    // then shows that its passes ran again, and the first reminder was not sent a second time.
    await product.stack.kill('notifications', 'SIGTERM');
    const second = await draft('เมล็ดพันธุ์ข้าว Chiang Rai');
    await eventually(
      () => mailsTo('iasa@step.example', second),
      (m) => m.length >= 1,
    );
    expect(mailsTo('iasa@step.example', second)).toHaveLength(1);
    expect(mailsTo('iasa@step.example', first)).toHaveLength(1);
  });
});
