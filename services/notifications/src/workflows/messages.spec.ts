import { describe, expect, it } from '@jest/globals';
import { formatMoney } from './dates';
import { approvedMessage, deadlineMessage, mouActivatedMessage, renewalMessage } from './messages';
import { notificationId, requestCommandId, reminderId, type Target } from './notification-ids';

describe('what the notifications say', () => {
  it('name the MOU in a Thai one-line subject, whatever its title holds', () => {
    expect(mouActivatedMessage({ title: 'ความร่วมมือ\nNIA–UNDP', activatedOn: '2025-01-07', endsOn: '2027-01-06' }).subject).toBe(
      'MOU มีผลบังคับใช้แล้ว: ความร่วมมือ NIA–UNDP',
    );
    expect(mouActivatedMessage({ title: 'ก'.repeat(600), activatedOn: null, endsOn: null }).subject).toHaveLength(500);
  });

  it('count the days left as of the day they go out', () => {
    expect(renewalMessage({ title: 'X', endsOn: '2027-01-06' }, '2026-12-30').body).toContain('(อีก 7 วัน)');
    expect(deadlineMessage({ title: 'Y', submissionDeadline: '2025-03-10' }, '2025-03-10').body).toContain('today');
  });

  it('give the amount awarded exactly, from minor units', () => {
    expect(formatMoney({ amount: 150_000_050, currency: 'THB' })).toBe('1,500,000.50 THB');
    expect(formatMoney({ amount: 5, currency: 'JPY' })).toBe('5 JPY');
    expect(approvedMessage({ title: 'Food Valley', grantId: 'g', awarded: '70,000,000.00 THB' }).subject).toBe('ข้อเสนอโครงการได้รับอนุมัติ: Food Valley');
  });
});

describe('notification ids', () => {
  const iasa: Target = { channel: 'email', recipient: 'IASA@step.example' };

  it('are the same for the same cause and recipient (an address in any case), different otherwise', () => {
    const cause = 'mou.activated|m1';
    expect(notificationId(cause, iasa)).toBe(notificationId(cause, { channel: 'email', recipient: 'iasa@step.example' }));
    expect(notificationId(cause, iasa)).not.toBe(notificationId(cause, { channel: 'in-app', recipient: 'iasa@step.example' }));
    expect(notificationId(cause, iasa)).not.toBe(notificationId('mou.activated|m2', iasa));
    expect(requestCommandId(notificationId(cause, iasa))).not.toBe(notificationId(cause, iasa));
  });

  it('of reminders differ by date reminded of and lead time', () => {
    const r = { topic: 'mou.renewal-due' as const, subjectId: 'm1', date: '2027-01-06', leadDays: 30, dueOn: '2026-12-07' };
    expect(reminderId(r)).toBe(reminderId({ ...r }));
    expect(reminderId(r)).not.toBe(reminderId({ ...r, leadDays: 7 }));
    expect(reminderId(r)).not.toBe(reminderId({ ...r, date: '2029-01-06' }));
  });
});
