// Money as horizontal bars (recharts). The bar lengths are drawing only; every figure a person reads is formatted from
// exact minor units, and the same figures stand in a table beside the chart (screen readers read that).
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { useLang } from '../../i18n';
import { formatMoney } from '../../lib/format';

export interface MoneyBar {
  /** i18n key of the bar's name */
  label: string;
  minor: bigint;
  currency: string;
}

const COLOURS = ['#4c6ef5', '#12b886', '#fab005', '#e64980', '#7950f2'];

export default function MoneyBars({ bars, height }: { bars: MoneyBar[]; height?: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const data = bars.map((b, i) => ({
    name: t(b.label),
    // drawing scale only: a bar's length, not a figure anyone reads
    value: Number(b.minor),
    text: formatMoney({ amount: b.minor.toString(), currency: b.currency }, lang),
    fill: COLOURS[i % COLOURS.length],
  }));
  // The chart is hidden from assistive technology (the same figures are text beside it), so it takes no keyboard focus.
  return (
    <div aria-hidden="true" style={{ width: '100%', height: height ?? 48 * data.length + 24 }}>
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ right: 140 }} accessibilityLayer={false}>
          <XAxis type="number" hide domain={[0, 'dataMax']} />
          <YAxis type="category" dataKey="name" width={110} fontSize={12} />
          <Bar dataKey="value" fill={COLOURS[0]} isAnimationActive={false}>
            <LabelList dataKey="text" position="right" fontSize={12} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
