// `/mous/new`: draft an MOU. Parties and KPIs are rows named like the API's paths (parties[1].organisationId), so a
// refused field's message appears beside that row's input.
import { ActionIcon, Button, Card, Group, NativeSelect, NumberInput, Select, Stack, Switch, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLang } from '../../i18n';
import { api, ApiError, type Page } from '../../lib/api';
import { mapFieldErrors } from '../../lib/form-errors';
import type { Mou, Organisation } from '../../lib/types';
import { COLLABORATION_LEVELS } from './options';

interface PartyRow {
  organisationId: string;
  signatoryName: string;
  signatoryTitle: string;
}
interface KpiRow {
  name: string;
  target: string;
  unit: string;
  owner: string;
  dueOn: string;
}

const emptyParty = (): PartyRow => ({ organisationId: '', signatoryName: '', signatoryTitle: '' });
const emptyKpi = (): KpiRow => ({ name: '', target: '', unit: '', owner: '', dueOn: '' });

export default function MouCreate() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const orgs = useQuery({ queryKey: ['organisations', 'all'], queryFn: () => api.get<Page<Organisation>>('/organisations', { limit: 500 }) });
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [areas, setAreas] = useState('');
  const [level, setLevel] = useState('operational');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [termMonths, setTermMonths] = useState<string>('36');
  const [leadTeam, setLeadTeam] = useState('');
  const [confidential, setConfidential] = useState(false);
  const [reason, setReason] = useState('');
  const [parties, setParties] = useState<PartyRow[]>([emptyParty(), emptyParty()]);
  const [kpis, setKpis] = useState<KpiRow[]>([]);

  const body = () => ({
    title,
    ...(description && { description }),
    cooperationAreas: areas
      .split('\n')
      .map((a) => a.trim())
      .filter(Boolean),
    collaborationLevel: level,
    effectiveFrom,
    termMonths: Number(termMonths),
    ...(leadTeam && { leadTeam }),
    confidential,
    parties,
    kpis: kpis.map((k) => ({
      name: k.name,
      target: Number(k.target),
      ...(k.unit && { unit: k.unit }),
      ...(k.owner && { owner: k.owner }),
      ...(k.dueOn && { dueOn: k.dueOn }),
    })),
    ...(reason && { reason }),
  });
  const mutation = useMutation({ mutationFn: () => api.post<Mou>('/mous', body()), onSuccess: (mou) => navigate(`/mous/${mou.id}`) });
  const names = [
    'title',
    'description',
    'cooperationAreas',
    'collaborationLevel',
    'effectiveFrom',
    'termMonths',
    'leadTeam',
    'confidential',
    'reason',
    'parties',
    ...parties.flatMap((_, i) => [`parties[${i}]`, `parties[${i}].organisationId`, `parties[${i}].signatoryName`, `parties[${i}].signatoryTitle`]),
    'kpis',
    ...kpis.flatMap((_, i) => [`kpis[${i}]`, `kpis[${i}].name`, `kpis[${i}].target`, `kpis[${i}].unit`, `kpis[${i}].owner`, `kpis[${i}].dueOn`]),
  ];
  const mapped = mutation.error instanceof ApiError ? mapFieldErrors(mutation.error.fieldErrors, names) : null;
  const err = (name: string) => mapped?.fields[name];
  const orgOptions = (orgs.data?.items ?? []).map((o) => ({
    value: o.id,
    label: lang === 'en' && o.nameEn ? `${o.nameEn} (${o.name})` : o.nameEn ? `${o.name} (${o.nameEn})` : o.name,
  }));
  const setParty = (i: number, patch: Partial<PartyRow>) => setParties((ps) => ps.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const setKpi = (i: number, patch: Partial<KpiRow>) => setKpis((ks) => ks.map((k, j) => (j === i ? { ...k, ...patch } : k)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="mou-create-title">
      <Stack maw={900}>
        <Title order={1} id="mou-create-title">
          {t('mou.create')}
        </Title>
        {mutation.error ? <ProblemAlert error={mutation.error} extra={mapped?.other} /> : null}
        <TextInput label={t('mou.title')} name="title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={err('title')} />
        <Textarea
          label={t('mou.description')}
          name="description"
          autosize
          minRows={2}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={err('description')}
        />
        <Textarea
          label={t('mou.cooperationAreas')}
          description={t('form.onePerLine')}
          name="cooperationAreas"
          required
          autosize
          minRows={3}
          value={areas}
          onChange={(e) => setAreas(e.currentTarget.value)}
          error={err('cooperationAreas')}
        />
        <Group grow align="flex-start">
          <NativeSelect
            label={t('mou.collaborationLevel')}
            name="collaborationLevel"
            value={level}
            onChange={(e) => setLevel(e.currentTarget.value)}
            data={COLLABORATION_LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))}
            error={err('collaborationLevel')}
          />
          <TextInput
            label={t('mou.effectiveFrom')}
            name="effectiveFrom"
            type="date"
            required
            value={effectiveFrom}
            onChange={(e) => setEffectiveFrom(e.currentTarget.value)}
            error={err('effectiveFrom')}
          />
          <NumberInput
            label={t('mou.termMonths')}
            name="termMonths"
            required
            allowDecimal={false}
            value={termMonths}
            onChange={(v) => setTermMonths(String(v))}
            error={err('termMonths')}
          />
          <TextInput label={t('mou.leadTeam')} name="leadTeam" value={leadTeam} onChange={(e) => setLeadTeam(e.currentTarget.value)} error={err('leadTeam')} />
        </Group>
        <Switch
          label={t('confidential.label')}
          // the description sits inside Mantine's <label>: without this the hint would be part of the switch's name
          aria-label={t('confidential.label')}
          description={t('confidential.hint')}
          name="confidential"
          checked={confidential}
          onChange={(e) => setConfidential(e.currentTarget.checked)}
          error={err('confidential')}
        />

        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('mou.parties')}
          </Title>
          {err('parties') && <ProblemAlert error={mutation.error} extra={[err('parties')!]} />}
          <Stack>
            {parties.map((p, i) => (
              <Group key={i} align="flex-start" grow wrap="wrap">
                <Select
                  label={t('mou.partyN', { n: i + 1 })}
                  searchable
                  required
                  data={orgOptions}
                  value={p.organisationId || null}
                  onChange={(v) => setParty(i, { organisationId: v ?? '' })}
                  error={err(`parties[${i}].organisationId`) ?? err(`parties[${i}]`)}
                  nothingFoundMessage={t('common.none')}
                />
                <TextInput
                  label={t('mou.signatoryName')}
                  required
                  value={p.signatoryName}
                  onChange={(e) => setParty(i, { signatoryName: e.currentTarget.value })}
                  error={err(`parties[${i}].signatoryName`)}
                />
                <TextInput
                  label={t('mou.signatoryTitle')}
                  required
                  value={p.signatoryTitle}
                  onChange={(e) => setParty(i, { signatoryTitle: e.currentTarget.value })}
                  error={err(`parties[${i}].signatoryTitle`)}
                />
                {parties.length > 2 && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mt={28}
                    style={{ flexGrow: 0 }}
                    aria-label={t('mou.removeParty', { n: i + 1 })}
                    onClick={() => setParties((ps) => ps.filter((_, j) => j !== i))}
                  >
                    ×
                  </ActionIcon>
                )}
              </Group>
            ))}
            <Button variant="default" onClick={() => setParties((ps) => [...ps, emptyParty()])}>
              {t('mou.addParty')}
            </Button>
          </Stack>
        </Card>

        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('mou.kpis')}
          </Title>
          <Stack>
            {kpis.map((k, i) => (
              <Group key={i} align="flex-start" grow wrap="wrap">
                <TextInput
                  label={t('mou.kpiName', { n: i + 1 })}
                  required
                  value={k.name}
                  onChange={(e) => setKpi(i, { name: e.currentTarget.value })}
                  error={err(`kpis[${i}].name`) ?? err(`kpis[${i}]`)}
                />
                <NumberInput
                  label={t('mou.kpiTarget')}
                  required
                  value={k.target}
                  onChange={(v) => setKpi(i, { target: String(v) })}
                  error={err(`kpis[${i}].target`)}
                />
                <TextInput
                  label={t('mou.kpiUnit')}
                  value={k.unit}
                  onChange={(e) => setKpi(i, { unit: e.currentTarget.value })}
                  error={err(`kpis[${i}].unit`)}
                />
                <TextInput
                  label={t('mou.kpiOwner')}
                  value={k.owner}
                  onChange={(e) => setKpi(i, { owner: e.currentTarget.value })}
                  error={err(`kpis[${i}].owner`)}
                />
                <TextInput
                  label={t('mou.due')}
                  type="date"
                  value={k.dueOn}
                  onChange={(e) => setKpi(i, { dueOn: e.currentTarget.value })}
                  error={err(`kpis[${i}].dueOn`)}
                />
              </Group>
            ))}
            <Button variant="default" onClick={() => setKpis((ks) => [...ks, emptyKpi()])}>
              {t('mou.addKpi')}
            </Button>
          </Stack>
        </Card>

        <Textarea
          label={t('form.reason')}
          description={t('form.reasonHint')}
          name="reason"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={err('reason')}
        />
        <Group>
          <Button type="submit" loading={mutation.isPending}>
            {t('mou.createSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
