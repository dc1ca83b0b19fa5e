// `/proposals`: a board with one column per state, filtered like GET /proposals (lead team, funder, deadline before).
import { Anchor, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCanWrite } from '../../auth/session';
import { ConfidentialBadge } from '../../components/ConfidentialBadge';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { DateText, MoneyText } from '../../components/text';
import { api, type Page } from '../../lib/api';
import { useOrgOptions } from '../shared/orgs';
import { PROPOSAL_STATUSES, type ProposalDetail } from './types';

const FILTERS = ['leadTeam', 'funderId', 'deadlineBefore'] as const;

export default function ProposalsBoard() {
  const { t } = useTranslation();
  const canWrite = useCanWrite();
  const orgs = useOrgOptions();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined]));
  // The board shows every state at once: one list call, grouped here (the list is at most 500 per page).
  const query = useQuery({ queryKey: ['proposals', 'list', filters], queryFn: () => api.get<Page<ProposalDetail>>('/proposals', { ...filters, limit: 500 }) });
  const setFilter = (name: string, value: string) =>
    setParams((p) => {
      if (value) p.set(name, value);
      else p.delete(name);
      return p;
    });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('proposal.listTitle')}</Title>
        {canWrite && (
          <Button component={Link} to="/proposals/new">
            {t('proposal.create')}
          </Button>
        )}
      </Group>
      <Group align="flex-end" gap="sm" role="search" aria-label={t('common.filter')}>
        <TextInput label={t('proposal.leadTeam')} value={filters.leadTeam ?? ''} onChange={(e) => setFilter('leadTeam', e.currentTarget.value)} />
        <NativeSelect
          label={t('proposal.funder')}
          value={filters.funderId ?? ''}
          onChange={(e) => setFilter('funderId', e.currentTarget.value)}
          data={[{ value: '', label: t('common.all') }, ...orgs]}
        />
        <TextInput
          label={t('proposal.deadlineBefore')}
          type="date"
          value={filters.deadlineBefore ?? ''}
          onChange={(e) => setFilter('deadlineBefore', e.currentTarget.value)}
        />
      </Group>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ProblemAlert error={query.error} />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {PROPOSAL_STATUSES.map((status) => {
            const items = query.data.items.filter((p) => p.status === status);
            return (
              <Card key={status} withBorder component="section" aria-labelledby={`col-${status}`}>
                <Group justify="space-between" mb="xs">
                  <Title order={2} size="h4" id={`col-${status}`}>
                    {t(`status.${status}`)}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {items.length}
                  </Text>
                </Group>
                <Stack gap="xs">
                  {items.length === 0 && <Text size="sm">{t('common.none')}</Text>}
                  {items.map((p) => (
                    <Card key={p.id} withBorder padding="xs">
                      <Anchor component={Link} to={`/proposals/${p.id}`} fw={600}>
                        {p.title}
                      </Anchor>
                      {p.confidential && (
                        <Group gap="xs">
                          <ConfidentialBadge record={p} />
                        </Group>
                      )}
                      <Text size="sm">
                        <MoneyText value={p.awardedAmount ?? p.requestedAmount} />
                      </Text>
                      <Group gap="xs">
                        <Text size="xs">
                          {t('proposal.deadline')}: <DateText value={p.submissionDeadline} />
                        </Text>
                        {p.leadTeam && (
                          <Text size="xs" c="dimmed">
                            {p.leadTeam}
                          </Text>
                        )}
                      </Group>
                    </Card>
                  ))}
                </Stack>
              </Card>
            );
          })}
        </SimpleGrid>
      )}
    </Stack>
  );
}
