// Plain words for the proposal, grant and activity events (contracts-proposals, contracts-funding, the events
// service), for the shared history timeline. Loaded with these resources' history pages (WorkHistory.tsx).
import { registerDescribers } from '../../history/describe';

const list = (v: unknown) => (Array.isArray(v) ? v.join('; ') : '');
const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);

registerDescribers({
  ProposalDrafted: (d, { t, money, date }) =>
    t('workHistory.proposalDrafted', { title: d.title, amount: money(d.requestedAmount), deadline: date(d.submissionDeadline) }),
  ProposalDraftRevised: (d, { t }) => t('workHistory.proposalRevised', { fields: Object.keys((d.changes as object) ?? {}).join(', ') }),
  ProposalReviewNoted: (d, { t }) => t('workHistory.reviewNoted', { note: d.note }),
  ProposalSubmitted: (d, { t, date }) =>
    t('workHistory.submitted', { on: date(d.submittedOn) }) + (d.late ? ` ${t('workHistory.late', { reason: d.lateReason ?? '' })}` : ''),
  ProposalApproved: (d, { t, money }) => t('workHistory.approved', { amount: money(d.awardedAmount), reasons: list(d.reasons) }),
  ProposalRejected: (d, { t }) => t('workHistory.rejected', { reasons: list(d.reasons) }),
  ProposalRevisionRequested: (d, { t }) => t('workHistory.revisionRequested', { reasons: list(d.reasons) }),
  ProposalResubmitted: (d, { t, money }) => t('workHistory.resubmitted', { amount: money(d.requestedAmount) }),
  ProposalWithdrawn: (d, { t }) => t('workHistory.withdrawn', { reason: d.reason }),
  GrantOpened: (d, { t, money, date }) => t('workHistory.grantOpened', { amount: money(d.awardedAmount), from: date(d.startsOn), until: date(d.endsOn) }),
  TranchesScheduled: (d, { t }) => t('workHistory.tranches', { count: count(d.tranches) }),
  FundsDisbursed: (d, { t, money, date }) => t('workHistory.disbursed', { amount: money(d.amount), on: date(d.disbursedOn) }),
  DisbursementRequested: (d, { t, money, date }) =>
    t('workHistory.disbursementRequested', { amount: money(d.amount), on: date(d.disbursedOn), by: d.requestedBy }),
  DisbursementConfirmed: (d, { t, money, date }) =>
    t('workHistory.disbursementConfirmed', { amount: money(d.amount), on: date(d.disbursedOn), by: d.confirmedBy }),
  ExpenditureRecorded: (d, { t, money, date }) => t('workHistory.spent', { amount: money(d.amount), on: date(d.spentOn), category: d.category }),
  CoInvestmentCommitted: (d, { t, money, date }) => t('workHistory.coInvested', { amount: money(d.amount), on: date(d.committedOn) }),
  GrantClosedOut: (d, { t, money }) => t('workHistory.closedOut', { undisbursed: money(d.undisbursed), unspent: money(d.unspent) }),
  ActivityPlanned: (d, { t }) => t('workHistory.activityPlanned', { title: d.title }),
  ActivityScheduled: (d, { t, lang }) =>
    t('workHistory.activityScheduled', {
      from:
        typeof d.startsAt === 'string'
          ? new Intl.DateTimeFormat(lang === 'th' ? 'th-TH-u-ca-buddhist' : 'en-GB', {
              dateStyle: 'long',
              timeStyle: 'short',
              timeZone: 'Asia/Bangkok',
            }).format(new Date(d.startsAt))
          : '',
      location: d.location ?? '—',
    }),
  ActivityCompleted: (d, { t }) => t('workHistory.activityCompleted', { attendance: d.attendance, outcomes: count(d.outcomes) }),
  ActivityCancelled: (d, { t }) => t('workHistory.activityCancelled', { reason: d.reason }),
  FollowUpTaskAdded: (d, { t, date }) => t('workHistory.taskAdded', { title: d.title, owner: d.owner, due: date(d.dueOn) }),
  FollowUpTaskCompleted: (_d, { t }) => t('workHistory.taskCompleted'),
});
