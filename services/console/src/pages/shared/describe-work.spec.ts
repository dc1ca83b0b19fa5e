import i18next from 'i18next';
import { describeEvent } from '../../history/describe';
import { setupI18n } from '../../i18n';
import './describe-work';

describe('proposal, grant and activity events in plain words', () => {
  it('says what an approval, a disbursement and a held workshop changed, with exact money and Thai dates', () => {
    setupI18n('en');
    const t = i18next.t.bind(i18next);
    expect(
      describeEvent({ type: 'ProposalApproved', data: { awardedAmount: { amount: 120000025, currency: 'THB' }, reasons: ['fits the call'] } }, t, 'en'),
    ).toMatch(/^Approved: THB\s+1,200,000\.25 awarded\. fits the call$/);
    expect(describeEvent({ type: 'ProposalSubmitted', data: { submittedOn: '2013-11-20', late: true, lateReason: 'funder agreed' } }, t, 'en')).toBe(
      'Submitted on 20 November 2013 (after the deadline: funder agreed)',
    );
    expect(describeEvent({ type: 'ActivityCompleted', data: { attendance: 130, outcomes: [{ title: 'a' }, { title: 'b' }] } }, t, 'en')).toBe(
      'Held: 130 people, 2 outcome(s)',
    );
    expect(
      describeEvent(
        { type: 'DisbursementConfirmed', data: { amount: { amount: 100, currency: 'THB' }, disbursedOn: '2013-11-01', confirmedBy: 'bob@office.example' } },
        t,
        'en',
      ),
    ).toContain('confirmed by bob@office.example');
    setupI18n('th');
    expect(
      describeEvent(
        { type: 'FundsDisbursed', data: { amount: { amount: 40000010, currency: 'THB' }, disbursedOn: '2013-11-01' } },
        i18next.t.bind(i18next),
        'th',
      ),
    ).toMatch(/^เบิกจ่าย .*400,000\.10 เมื่อ 1 พฤศจิกายน 2556$/);
  });
});
