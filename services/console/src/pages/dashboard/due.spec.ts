import type { Activity, Grant, Mou, Proposal } from '../../lib/types';
import { dueItems, windowOf } from './due';

const TODAY = '2025-06-01';
const mou = (over: Partial<Mou>): Mou => ({ id: 'm1', version: 1, status: 'active', title: 'MOU', kpis: [], endsOn: '2030-01-01', ...over }) as Mou;

describe('what the dashboard lists as due', () => {
  it('sorts into overdue, 7, 30 and 90 days, and leaves out what is further', () => {
    expect(windowOf(TODAY, '2025-05-31')).toBe('overdue');
    expect(windowOf(TODAY, '2025-06-08')).toBe(7);
    expect(windowOf(TODAY, '2025-06-09')).toBe(30);
    expect(windowOf(TODAY, '2025-08-30')).toBe(90);
    expect(windowOf(TODAY, '2025-09-01')).toBeNull();
  });

  it('puts overdue items first, then the soonest', () => {
    const items = dueItems(TODAY, {
      endingMous: [mou({ id: 'a', title: 'ends in 20 days', endsOn: '2025-06-21' })],
      activeMous: [mou({ id: 'b', kpis: [{ id: 'k', name: 'KPI late', dueOn: '2025-05-01', percent: 40 } as Mou['kpis'][0]] })],
      openProposals: [{ id: 'p', title: 'deadline in 3 days', submissionDeadline: '2025-06-04' } as Proposal],
      heldActivities: [
        { id: 'x', title: 'Workshop', followUpTasks: [{ id: 't', title: 'send minutes', owner: 'NMCO', dueOn: '2025-05-20', status: 'open' }] } as Activity,
      ],
      openGrants: [],
    });
    expect(items.map((i) => [i.title, i.window])).toEqual([
      ['KPI late', 'overdue'],
      ['send minutes', 'overdue'],
      ['deadline in 3 days', 7],
      ['ends in 20 days', 30],
    ]);
    expect(items.map((i) => i.link)).toEqual(['/mous/b', '/activities/x', '/proposals/p', '/mous/a']);
  });

  it('leaves out KPIs already met and tasks already done', () => {
    const items = dueItems(TODAY, {
      endingMous: [],
      activeMous: [mou({ kpis: [{ id: 'k', name: 'met', dueOn: '2025-06-02', percent: 100 } as Mou['kpis'][0]] })],
      openProposals: [],
      heldActivities: [{ id: 'x', title: 'W', followUpTasks: [{ id: 't', title: 'done', owner: 'IMO', dueOn: '2025-06-02', status: 'done' }] } as Activity],
      openGrants: [],
    });
    expect(items).toEqual([]);
  });

  it('lists a grant with money not yet disbursed whatever its end date, and not one fully disbursed', () => {
    const grant = (id: string, remaining: number) =>
      ({ id, title: id, endsOn: '2027-12-03', totals: { remaining: { amount: remaining, currency: 'THB' } } }) as unknown as Grant & { endsOn: string };
    const items = dueItems(TODAY, {
      endingMous: [],
      activeMous: [],
      openProposals: [],
      heldActivities: [],
      openGrants: [grant('owed', 100), grant('paid', 0)],
    });
    expect(items.map((i) => [i.title, i.window])).toEqual([['owed', 'later']]);
  });
});
