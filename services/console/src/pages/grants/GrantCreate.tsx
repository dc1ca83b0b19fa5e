// `/grants/new`: open a grant directly (a grant for an approved proposal opens by itself). The amount is typed in baht
// and sent in minor units; a confidential grant needs a lead team, and the API's message stands beside that field.
import { Card, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../auth/session';
import { CommandFields } from '../../forms/CommandForm';
import { moneyFromInput } from '../../lib/money';
import { useOrgOptions } from '../shared/orgs';
import type { GrantDetail } from './types';

export default function GrantCreate() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useSession();
  const orgs = useOrgOptions();

  return (
    <Stack maw={720}>
      <Title order={1}>{t('grant.create')}</Title>
      <Card withBorder>
        <CommandFields
          title="grant.create"
          path="/grants"
          fields={[
            { name: 'title', label: 'grant.name', kind: 'text' },
            { name: 'funderId', label: 'proposal.funder', kind: 'select', required: true, options: orgs },
            { name: 'partnerIds', label: 'proposal.partners', kind: 'multiselect', options: orgs },
            { name: 'leadTeam', label: 'proposal.leadTeam', kind: 'text', initial: user?.teams[0] ?? '' },
            { name: 'confidential', label: 'confidential.label', kind: 'switch', hint: 'confidential.hint' },
            { name: 'awardedAmount', label: 'proposal.awardedAmount', kind: 'text', required: true, hint: 'proposal.amountHint' },
            { name: 'startsOn', label: 'grant.startsOn', kind: 'date', required: true },
            { name: 'endsOn', label: 'grant.endsOn', kind: 'date', required: true },
          ]}
          transform={({ awardedAmount, ...body }) => ({
            ...body,
            ...(awardedAmount !== undefined && { awardedAmount: moneyFromInput(awardedAmount, 'THB') }),
          })}
          onDone={(created) => navigate(`/grants/${(created as GrantDetail).id}`)}
          onCancel={() => navigate('/grants')}
        />
      </Card>
    </Stack>
  );
}
