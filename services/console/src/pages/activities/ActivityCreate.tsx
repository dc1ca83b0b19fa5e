// `/activities/new`: plan an activity. With a start and an end it is scheduled at once; without, it is planned and
// dated later. `?mouId=` or `?proposalId=` links it to the MOU or proposal it serves.
import { Card, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../auth/session';
import { CommandFields } from '../../forms/CommandForm';
import { useOrgOptions } from '../shared/orgs';
import { ACTIVITY_KINDS, type ActivityDetail } from './types';

export default function ActivityCreate() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useSession();
  const [params] = useSearchParams();
  const orgs = useOrgOptions();
  const links = Object.fromEntries(['mouId', 'proposalId'].flatMap((k) => (params.get(k) ? [[k, params.get(k)]] : [])));

  return (
    <Stack maw={720}>
      <Title order={1}>{t('activity.create')}</Title>
      <Card withBorder>
        <CommandFields
          title="activity.create"
          path="/activities"
          fields={[
            { name: 'title', label: 'activity.title', kind: 'text', required: true },
            {
              name: 'kind',
              label: 'activity.kind',
              kind: 'select',
              required: true,
              options: ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`activityKind.${k}`) })),
              initial: 'workshop',
            },
            { name: 'organisationIds', label: 'activity.organisations', kind: 'multiselect', required: true, options: orgs },
            { name: 'startsAt', label: 'activity.startsAt', kind: 'datetime', hint: 'activity.datesHint' },
            { name: 'endsAt', label: 'activity.endsAt', kind: 'datetime' },
            { name: 'location', label: 'activity.location', kind: 'text' },
            { name: 'leadTeam', label: 'proposal.leadTeam', kind: 'text', initial: user?.teams[0] ?? '' },
            { name: 'confidential', label: 'confidential.label', kind: 'switch', hint: 'confidential.hint' },
          ]}
          fixed={links}
          onDone={(created) => navigate(`/activities/${(created as ActivityDetail).id}`)}
          onCancel={() => navigate('/activities')}
        />
      </Card>
    </Stack>
  );
}
