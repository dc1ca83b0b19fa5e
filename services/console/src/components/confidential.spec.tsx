import '../../jest.text-encoding';
import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { setupI18n } from '../i18n';
import { ApiError } from '../lib/api';
import { bodyFrom } from '../forms/fields';
import { ConfidentialBadge } from './ConfidentialBadge';
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
