// A month as a table of weeks (Monday first), each day listing the activities that start on it (office day).
import { Anchor, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLang } from '../../i18n';
import { byOfficeDay, monthGrid } from './month';
import type { ActivityDetail } from './types';

const DATE_LOCALE = { th: 'th-TH-u-ca-buddhist', en: 'en-GB' } as const;

export function MonthCalendar({ month, activities }: { month: string; activities: ActivityDetail[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const grid = monthGrid(month);
  const days = byOfficeDay(activities);
  const weekday = new Intl.DateTimeFormat(DATE_LOCALE[lang], { weekday: 'short', timeZone: 'UTC' });
  const caption = new Intl.DateTimeFormat(DATE_LOCALE[lang], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
  return (
    <div className="month-calendar" style={{ overflowX: 'auto' }}>
      <table style={{ width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed', minWidth: 560 }}>
        <caption style={{ textAlign: 'start', fontWeight: 600, paddingBottom: 8 }}>{caption}</caption>
        <thead>
          <tr>
            {grid[0].map((d) => (
              <th key={d.date} scope="col" style={{ fontSize: 12, padding: 4 }}>
                {weekday.format(new Date(`${d.date}T00:00:00Z`))}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.map((week) => (
            <tr key={week[0].date}>
              {week.map((d) => {
                const items = days.get(d.date) ?? [];
                return (
                  <td
                    key={d.date}
                    data-date={d.date}
                    // days of the next or previous month are shaded, not faded: faded text would fail contrast
                    style={{
                      verticalAlign: 'top',
                      border: '1px solid var(--mantine-color-gray-3)',
                      padding: 4,
                      height: 84,
                      background: d.inMonth ? undefined : 'var(--mantine-color-gray-1)',
                    }}
                  >
                    <Text size="xs" fw={d.inMonth ? 700 : 400}>
                      {Number(d.date.slice(8))}
                    </Text>
                    <Stack gap={2}>
                      {items.map((a) => (
                        <Anchor key={a.id} component={Link} to={`/activities/${a.id}`} size="xs" lineClamp={2}>
                          {a.title}
                          {a.status === 'cancelled' && ` (${t('status.cancelled')})`}
                          {a.confidential && ` (${t('confidential.label')})`}
                        </Anchor>
                      ))}
                    </Stack>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
