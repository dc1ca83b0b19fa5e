// The portfolio's groups as grouped bars (one currency: the first the totals carry). Bar lengths are drawing only; the
// exact figures are in the table beside it.
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLang } from '../../i18n';
import { formatMoney } from '../../lib/format';
import { amountIn, MONEY_COLUMNS, type PortfolioGroup } from './csv';

const COLOURS = { requested: '#868e96', awarded: '#4c6ef5', disbursed: '#12b886', coInvested: '#fab005' } as const;

export default function PortfolioChart({ groups, label, currency }: { groups: PortfolioGroup[]; label(key: string | null): string; currency: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (groups.length === 0) return <>{t('common.none')}</>;
  const data = groups.map((g) => ({
    name: label(g.key),
    // drawing scale only; the tooltip reads the exact text beside it
    ...Object.fromEntries(MONEY_COLUMNS.map((c) => [c, Number(amountIn(g[c], currency))])),
    ...Object.fromEntries(
      MONEY_COLUMNS.map((c) => [`${c}Text`, formatMoney({ amount: g[c].find((m) => m.currency === currency)?.amount ?? 0, currency }, lang)]),
    ),
  }));
  // The chart is hidden from assistive technology (the same figures are text beside it), so it takes no keyboard focus.
  return (
    <div aria-hidden="true" style={{ width: '100%', height: 320 }}>
      <ResponsiveContainer>
        <BarChart data={data} accessibilityLayer={false}>
          <XAxis dataKey="name" fontSize={12} />
          <YAxis fontSize={12} width={90} />
          <Tooltip formatter={(_value, _name, item) => (item.payload as Record<string, string>)[`${String(item.dataKey)}Text`]} />
          <Legend />
          {MONEY_COLUMNS.map((c) => (
            <Bar key={c} dataKey={c} name={t(`money.${c}`)} fill={COLOURS[c]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
