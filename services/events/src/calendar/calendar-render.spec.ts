import { describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { activityEntry, kpiEntries, type ActivityDoc } from './calendar-entries';
import { renderCalendar } from './calendar-render';
import type { CalendarMou } from './calendar-sources';

const activity: ActivityDoc = {
  id: 'a1',
  version: 2,
  status: 'scheduled',
  title: 'อบรมการแปรรูปลำไย',
  kind: 'training',
  leadTeam: null,
  startsAt: '2026-12-10T02:00:00.000Z',
  endsAt: '2026-12-10T09:00:00.000Z',
  location: null,
  attendance: null,
  updatedAt: '2026-11-23T13:00:00.000Z',
};

describe('calendar entries', () => {
  it('puts only activities with a time on the calendar', () => {
    expect(activityEntry(activity)).toMatchObject({ uid: 'activity-a1@partnership-tracker', allDay: false, sequence: 2 });
    for (const status of ['planned', 'cancelled'] as const) expect(activityEntry({ ...activity, status })).toBeNull();
    expect(activityEntry({ ...activity, startsAt: null, endsAt: null })).toBeNull();
  });

  it('gives each dated KPI an all-day entry named after the KPI and its MOU', () => {
    const mou: CalendarMou = {
      id: 'm1',
      version: 1,
      status: 'active',
      title: 'MOU',
      leadTeam: null,
      confidential: false,
      parties: [],
      endsOn: '2027-11-30',
      kpis: [
        { id: 'k1', name: 'ต้นแบบ', target: 20, unit: 'prototypes', owner: null, dueOn: '2027-06-30' },
        { id: 'k2', name: 'no date', target: 1, unit: null, owner: null, dueOn: null },
      ],
      updatedAt: '2026-11-23T13:00:00.000Z',
    };
    expect(kpiEntries(mou)).toEqual([
      expect.objectContaining({ uid: 'kpi-m1-k1@partnership-tracker', summary: 'KPI due: ต้นแบบ (MOU)', start: '2027-06-30', end: '2027-07-01', allDay: true }),
    ]);
  });

  it('writes a document that reads back with the same text, times and dates', () => {
    const text = renderCalendar(
      [
        activityEntry(activity)!,
        ...kpiEntries({
          id: 'm',
          version: 1,
          status: 'active',
          title: 'ม',
          leadTeam: null,
          confidential: false,
          parties: [],
          endsOn: '2027-01-01',
          kpis: [{ id: 'k', name: 'ก', target: 1, unit: null, owner: null, dueOn: '2027-01-01' }],
          updatedAt: activity.updatedAt,
        }),
      ],
      'ปฏิทิน',
    );
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('ปฏิทิน');
    const [first, second] = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect([first.summary, first.startDate.toString(), first.endDate.toString()]).toEqual(['อบรมการแปรรูปลำไย', '2026-12-10T02:00:00Z', '2026-12-10T09:00:00Z']);
    expect([second.summary, second.startDate.isDate, second.startDate.toString()]).toEqual(['KPI due: ก (ม)', true, '2027-01-01']);
  });
});
