// "Confidentiality" on an MOU, proposal, grant or activity page: make it confidential (only its lead team, admins and
// auditors see it) or open it to all, with the optional why. The switch starts at the change the button names.
import { useTranslation } from 'react-i18next';
import { CommandForm } from './CommandForm';

export interface ConfidentialityFormProps {
  /** API resource: `mous`, `proposals`, `grants`, `activities` */
  resource: string;
  record: { id: string; version: number; confidential?: boolean };
  onDone(result: unknown): void;
  onReload?(): void;
}

export function ConfidentialityForm({ resource, record, onDone, onReload }: ConfidentialityFormProps) {
  const { t } = useTranslation();
  const confidential = record.confidential === true;
  return (
    <CommandForm
      title="confidential.command"
      buttonLabel={t(confidential ? 'confidential.open' : 'confidential.make')}
      variant="default"
      path={`/${resource}/${record.id}/confidentiality`}
      version={record.version}
      fields={[{ name: 'confidential', label: 'confidential.label', kind: 'switch', hint: 'confidential.hint', initial: confidential ? '' : 'true' }]}
      onDone={onDone}
      onReload={onReload}
    />
  );
}
