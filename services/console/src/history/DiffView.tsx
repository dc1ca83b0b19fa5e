// What changed between two dates (or versions), field by field, with the event that changed it.
import { Button, Code, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../components/ProblemAlert';
import { DateText } from '../components/text';
import { api } from '../lib/api';
import type { Diff } from '../lib/types';
import { endOfOfficeDay } from './AsOfControl';

/** A version number as typed, or the end of a typed office day. */
function bound(value: string): string {
  return /^\d+$/.test(value) ? value : endOfOfficeDay(value);
}

export function DiffView({ resource, id }: { resource: string; id: string }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [asked, setAsked] = useState<{ from: string; to: string } | null>(null);
  const query = useQuery({
    queryKey: [resource, id, 'diff', asked],
    queryFn: () => api.get<Diff>(`/${resource}/${id}/history/diff`, { from: bound(asked!.from), to: bound(asked!.to) }),
    enabled: !!asked,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (from && to) setAsked({ from, to });
  };
  return (
    <Stack>
      <form onSubmit={submit} aria-label={t('diff.title')}>
        <Group align="flex-end" gap="xs">
          <TextInput size="xs" label={t('diff.from')} description={t('diff.hint')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput size="xs" label={t('diff.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          <Button size="xs" type="submit">
            {t('diff.compare')}
          </Button>
        </Group>
      </form>
      {query.isError && <ProblemAlert error={query.error} />}
      {query.data && (
        <>
          <Text size="sm">{t('diff.between', { from: query.data.from.version, to: query.data.to.version })}</Text>
          {query.data.changes.length === 0 ? (
            <Text>{t('diff.none')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={600}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('diff.field')}</Table.Th>
                    <Table.Th>{t('diff.before')}</Table.Th>
                    <Table.Th>{t('diff.after')}</Table.Th>
                    <Table.Th>{t('diff.by')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {query.data.changes.map((c) => (
                    <Table.Tr key={`${c.path}-${c.version}`}>
                      <Table.Td>
                        <Code>{c.path}</Code>
                      </Table.Td>
                      <Table.Td>{show(c.before)}</Table.Td>
                      <Table.Td>{show(c.after)}</Table.Td>
                      <Table.Td>
                        {c.type} (v{c.version}), {c.actor}, <DateText value={c.occurredAt} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      )}
    </Stack>
  );
}

function show(value: unknown): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
