import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { setupI18n } from '../i18n';
import { ConfidentialityForm } from './ConfidentialityForm';

setupI18n('en');

/** The API as fetch sees it: answers `status` with `body`, and keeps what was sent. */
function answer(status: number, body: unknown) {
  const sent: { url: string; init: RequestInit }[] = [];
  global.fetch = jest.fn(async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return { ok: status < 400, status, statusText: '', text: async () => JSON.stringify(body), headers: { get: () => null } };
  }) as unknown as typeof fetch;
  return sent;
}

/** Opens the dialog with the page's button and waits until it shows. */
async function open(button: string) {
  fireEvent.click(screen.getByRole('button', { name: button }));
  await screen.findByRole('switch', { name: 'Confidential' });
}

const switchOn = () => (screen.getByRole('switch', { name: 'Confidential' }) as HTMLInputElement).checked;

function renderForm(record: { id: string; version: number; confidential?: boolean }) {
  const onDone = jest.fn();
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MantineProvider>
        <ConfidentialityForm resource="mous" record={record} onDone={onDone} />
      </MantineProvider>
    </QueryClientProvider>,
  );
  return onDone;
}

describe('the confidentiality command', () => {
  it('makes an open record confidential, with the why and the version the user saw', async () => {
    const sent = answer(200, { id: 'm1', version: 4, confidential: true });
    const onDone = renderForm({ id: 'm1', version: 3 });
    await open('Make confidential');
    expect(switchOn()).toBe(true);
    expect(screen.getByText('Only the lead team, admins and auditors will see it. Needs a lead team.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Why (optional)'), { target: { value: 'terms under negotiation' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(sent[0].url).toBe('/api/v1/mous/m1/confidentiality');
    expect(sent[0].init.method).toBe('POST');
    expect((sent[0].init.headers as Record<string, string>)['If-Match']).toBe('"3"');
    expect(JSON.parse(String(sent[0].init.body))).toEqual({ confidential: true, reason: 'terms under negotiation' });
  });

  it('opens a confidential record to all', async () => {
    const sent = answer(200, { id: 'm1', version: 5, confidential: false });
    const onDone = renderForm({ id: 'm1', version: 4, confidential: true });
    await open('Open to all');
    expect(switchOn()).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(JSON.parse(String(sent[0].init.body))).toEqual({ confidential: false });
  });

  it('says in words why a record without a lead team cannot be made confidential, and stays open', async () => {
    answer(409, { type: 'about:blank', title: 'Conflict', detail: 'a confidential MOU needs a lead team', code: 'MOU.NO_LEAD_TEAM' });
    const onDone = renderForm({ id: 'm1', version: 3 });
    await open('Make confidential');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toContain('This record’s current state does not allow that: a confidential MOU needs a lead team');
    expect(onDone).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog')).toBeTruthy();
  });
});
