import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen } from '@testing-library/react';
import { setupI18n } from '../i18n';
import { AsOfControl, asOfQuery, endOfOfficeDay, type AsOf } from './AsOfControl';

setupI18n('en');

function renderControl(value: AsOf = {}) {
  const onChange = jest.fn();
  render(
    <MantineProvider>
      <AsOfControl value={value} onChange={onChange} maxVersion={9} />
    </MantineProvider>,
  );
  return onChange;
}

describe('the as-of control', () => {
  it('asks for the record as it stood at the end of the chosen office day', () => {
    const onChange = renderControl();
    fireEvent.change(screen.getByLabelText('On date'), { target: { value: '2012-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(onChange).toHaveBeenCalledWith({ date: '2012-01-01' });
    // 23:59:59.999 in Bangkok is 16:59:59.999 UTC the same day
    expect(asOfQuery({ date: '2012-01-01' })).toEqual({ asOf: '2012-01-01T16:59:59.999Z' });
    expect(endOfOfficeDay('2025-01-07')).toBe('2025-01-07T16:59:59.999Z');
  });

  it('asks for a version when the user picks one', () => {
    const onChange = renderControl();
    fireEvent.click(screen.getByText('Version'));
    fireEvent.change(screen.getByRole('textbox', { name: 'Version number' }), { target: { value: '4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(onChange).toHaveBeenCalledWith({ version: 4 });
    expect(asOfQuery({ version: 4 })).toEqual({ version: '4' });
  });

  it('does nothing without a date, and offers the way back to now only on a past view', () => {
    const onChange = renderControl();
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.queryByRole('button', { name: 'Back to now' })).toBeNull();
    expect(asOfQuery({})).toBeNull();
  });

  it('returns to now from a past view', () => {
    const onChange = renderControl({ version: 3 });
    fireEvent.click(screen.getByRole('button', { name: 'Back to now' }));
    expect(onChange).toHaveBeenCalledWith({});
  });
});
