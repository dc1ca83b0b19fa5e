import '../../jest.text-encoding';
import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { HistoryTimeline } from '../history/HistoryTimeline';
import { MemoryRouter } from 'react-router';
import { setupI18n } from '../i18n';
import { ApiError } from '../lib/api';
import { bodyFrom } from '../forms/fields';
import { ConfidentialBadge } from './ConfidentialBadge';
import { ProblemAlert } from './ProblemAlert';
import { RecordLoadError } from './RecordLoadError';

setupI18n('en');

const inFrame = (node: React.ReactNode) =>
  render(
    <MemoryRouter>
      <MantineProvider>{node}</MantineProvider>
    </MemoryRouter>,
  );

describe('confidential records in the console', () => {
  it('marks a confidential record with a badge that says who sees it, and an open one with none', () => {
    inFrame(
      <>
        <ConfidentialBadge record={{ confidential: true }} />
        <ConfidentialBadge record={{ confidential: false }} />
        <ConfidentialBadge record={{}} />
      </>,
    );
    expect(screen.getAllByRole('img', { name: 'Confidential: only the lead team, admins and auditors see this record' })).toHaveLength(1);
    expect(screen.getByText('Confidential')).toBeTruthy();
  });

  it('shows a record the API answers 404 for as a page of its own, with the way back to the list', () => {
    inFrame(<RecordLoadError error={new ApiError(404, { status: 404, title: 'Not Found' })} listPath="/mous" listLabel="nav.mous" />);
    expect(screen.getByRole('heading', { level: 1, name: 'Not found' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to the list: MOUs' }).getAttribute('href')).toBe('/mous');
  });

  it("words a role refusal itself, and shows a record's own 403 rule as the API words it", () => {
    const leadTeam = 'Only the lead team (IASA) or an admin may make this MOU confidential';
    inFrame(
      <>
        <ProblemAlert error={new ApiError(403, { status: 403, code: 'AUTH.FORBIDDEN', detail: 'This needs one of the roles: staff, admin' })} />
        <ProblemAlert error={new ApiError(403, { status: 403, code: 'MOU.NOT_LEAD_TEAM', detail: leadTeam })} />
      </>,
    );
    expect(screen.getByText('Your role does not allow this.')).toBeTruthy();
    expect(screen.getByText(leadTeam)).toBeTruthy();
  });

  it("shows the history of a record the API answers 404 for as the record's not-found page, under the history page's own title", async () => {
    const fetchBefore = global.fetch;
    global.fetch = jest.fn(async () => ({
      ok: false,
      status: 404,
      statusText: 'Not Found',
      text: async () => JSON.stringify({ type: 'urn:pmt:problem:MOU.NOT_FOUND', title: 'Not Found', status: 404, code: 'MOU.NOT_FOUND' }),
      headers: { get: () => null },
    })) as unknown as typeof fetch;
    try {
      inFrame(
        <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
          <HistoryTimeline resource="mous" id="01a241f8-3b78-71f3-9c14-3fa7422ce200" />
        </QueryClientProvider>,
      );
      expect(await screen.findByRole('heading', { level: 2, name: 'Not found' })).toBeTruthy();
      expect(screen.getByRole('link', { name: 'Back to the list: MOUs' }).getAttribute('href')).toBe('/mous');
    } finally {
      global.fetch = fetchBefore;
    }
  });

  it('keeps other failures as the usual alert', () => {
    inFrame(
      <RecordLoadError
        error={new ApiError(503, { status: 503, title: 'Service Unavailable', detail: 'mous is not answering' })}
        listPath="/mous"
        listLabel="nav.mous"
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('mous is not answering');
    expect(screen.queryByRole('heading', { name: 'Not found' })).toBeNull();
  });

  it('sends the confidential switch as true or false, never leaves it out', () => {
    const fields = [{ name: 'confidential', label: 'confidential.label', kind: 'switch' as const }];
    expect(bodyFrom(fields, { confidential: 'true' })).toEqual({ confidential: true });
    expect(bodyFrom(fields, { confidential: '' })).toEqual({ confidential: false });
    expect(bodyFrom(fields, {})).toEqual({ confidential: false });
  });
});
