// `/proposals/new`: draft a proposal. `?activityId=` links it to the activity it came out of (story 4: a workshop's
// stated need becomes a proposal). Any number of partners are picked from the organisations.
import { Card, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../auth/session';
import { CommandFields } from '../../forms/CommandForm';
import { moneyFromInput } from '../../lib/money';
import { useOrgOptions } from '../shared/orgs';
import type { ProposalDetail } from './types';

export default function ProposalCreate() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useSession();
  const [params] = useSearchParams();
  const orgs = useOrgOptions();
  const activityId = params.get('activityId');

  return (
    <Stack maw={720}>
      <Title order={1}>{t('proposal.create')}</Title>
      <Card withBorder>
        <CommandFields
          title="proposal.create"
          path="/proposals"
          fields={[
            { name: 'title', label: 'proposal.title', kind: 'text', required: true, initial: params.get('title') ?? '' },
            { name: 'programme', label: 'proposal.programme', kind: 'text', required: true },
            { name: 'leadTeam', label: 'proposal.leadTeam', kind: 'text', required: true, initial: user?.teams[0] ?? '' },
            { name: 'confidential', label: 'confidential.label', kind: 'switch', hint: 'confidential.hint' },
            { name: 'funderId', label: 'proposal.funder', kind: 'select', required: true, options: orgs },
            { name: 'partnerIds', label: 'proposal.partners', kind: 'multiselect', options: orgs },
            { name: 'requestedAmount', label: 'proposal.requestedAmount', kind: 'text', required: true, hint: 'proposal.amountHint' },
            { name: 'submissionDeadline', label: 'proposal.deadline', kind: 'date', required: true },
            { name: 'description', label: 'proposal.description', kind: 'textarea' },
          ]}
          fixed={activityId ? { activityId } : undefined}
          transform={({ requestedAmount, ...body }) => ({
            ...body,
            ...(requestedAmount !== undefined && { requestedAmount: moneyFromInput(requestedAmount, 'THB') }),
          })}
          onDone={(created) => navigate(`/proposals/${(created as ProposalDetail).id}`)}
          onCancel={() => navigate('/proposals')}
        />
      </Card>
    </Stack>
  );
}
