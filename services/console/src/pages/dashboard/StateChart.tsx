// Counts by state as bars (recharts), with the same numbers as a table for screen readers.
import { VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export default function StateChart({ items }: { items: { status: string }[] }) {
  const { t } = useTranslation();
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i.status, (counts.get(i.status) ?? 0) + 1);
  const data = [...counts.entries()].map(([status, count]) => ({ status: t(`status.${status}`, { defaultValue: status }), count }));
  if (data.length === 0) return <>{t('common.none')}</>;
  return (
    <>
      <div aria-hidden="true" style={{ width: '100%', height: 220 }}>
        <ResponsiveContainer>
          <BarChart data={data} accessibilityLayer={false}>
            <XAxis dataKey="status" fontSize={12} />
            <YAxis allowDecimals={false} fontSize={12} />
            <Tooltip />
            <Bar dataKey="count" fill="#4c6ef5" />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <VisuallyHidden>
        <table>
          <tbody>
            {data.map((d) => (
              <tr key={d.status}>
                <th scope="row">{d.status}</th>
                <td>{d.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </>
  );
}
