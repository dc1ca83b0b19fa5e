import '../../../jest.text-encoding';
import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { setupI18n } from '../../i18n';
import { MonthCalendar } from './MonthCalendar';
import type { ActivityDetail } from './types';

const activity = (over: Partial<ActivityDetail>): ActivityDetail => ({
  id: 'a1',
  version: 1,
  status: 'scheduled',
  title: 'Northern needs workshop',
  kind: 'workshop',
  mouId: null,
  proposalId: null,
  organisationIds: [],
  leadTeam: 'NMCO',
  startsAt: '2013-11-01T02:00:00Z',
  endsAt: '2013-11-01T09:00:00Z',
  location: 'Chiang Mai',
  attendance: null,
  outcomes: [],
  completedAt: null,
  cancellation: null,
  followUpTasks: [],
  createdAt: '',
  updatedAt: '',
  ...over,
});

function show(lang: 'en' | 'th', items: ActivityDetail[]) {
  setupI18n(lang);
  return render(
    <MantineProvider>
      <MemoryRouter>
        <MonthCalendar month="2013-11" activities={items} />
      </MemoryRouter>
    </MantineProvider>,
  );
}

describe('month calendar', () => {
  it('shows each activity as a link on the Bangkok day it starts, and says when one was cancelled', () => {
    const { container } = show('en', [activity({}), activity({ id: 'a2', title: 'Late-night review', startsAt: '2013-11-14T18:00:00Z', status: 'cancelled' })]);
    const first = container.querySelector('td[data-date="2013-11-01"]') as HTMLElement;
    expect(within(first).getByRole('link', { name: 'Northern needs workshop' }).getAttribute('href')).toBe('/activities/a1');
    // 18:00 UTC on the 14th is 01:00 on the 15th in Bangkok
    const fifteenth = container.querySelector('td[data-date="2013-11-15"]') as HTMLElement;
    expect(within(fifteenth).getByRole('link').textContent).toBe('Late-night review (Cancelled)');
    expect(within(container.querySelector('td[data-date="2013-11-14"]') as HTMLElement).queryByRole('link')).toBeNull();
    expect(screen.getByText('November 2013')).toBeTruthy();
  });

  it('names the month in the Buddhist Era in Thai', () => {
    show('th', []);
    expect(screen.getByText('พฤศจิกายน 2556')).toBeTruthy();
  });
});
