// One command as a form: fields from a spec, an optional "why" that becomes `reason`, If-Match with the version the
// page shows, API validation messages beside the field they name, and 409/412 explained in words.
import { Button, Group, Modal, MultiSelect, NativeSelect, NumberInput, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../components/ProblemAlert';
import { ApiError, request } from '../lib/api';
import { mapFieldErrors } from '../lib/form-errors';
import { KpiRows } from './KpiRows';
import { bodyFrom, type FieldSpec, type FormValues } from './fields';

export interface CommandFormProps {
  /** i18n key of the form's title and its opening button */
  title: string;
  /** POST path under /api/v1 */
  path: string;
  fields: FieldSpec[];
  /** The version the user is looking at (sent as If-Match); absent for creates. */
  version?: number;
  /** When the command's own body field is `reason` (terminate, withdraw), the why is that field and required. */
  reasonRequired?: boolean;
  /** Extra body fields not typed by the user. */
  fixed?: Record<string, unknown>;
  onDone(result: unknown): void;
  /** Called on a 412 to load the fresh record. */
  onReload?(): void;
  color?: string;
  variant?: string;
  buttonLabel?: ReactNode;
  /** Reshapes the typed body before it is sent (money text -> `{ amount, currency }`, one row -> a list). */
  transform?(body: Record<string, unknown>): Record<string, unknown>;
}

export function CommandForm(props: CommandFormProps) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button size="sm" variant={props.variant ?? 'light'} color={props.color} onClick={open}>
        {props.buttonLabel ?? t(props.title)}
      </Button>
      <Modal opened={opened} onClose={close} title={t(props.title)} size="lg" closeButtonProps={{ 'aria-label': t('form.close') }}>
        {opened && (
          <CommandFields
            {...props}
            onCancel={close}
            onDone={(r) => {
              close();
              props.onDone(r);
            }}
          />
        )}
      </Modal>
    </>
  );
}

/** The form itself, without the dialog: pages may also show it inline. */
export function CommandFields({
  title,
  path,
  fields,
  version,
  reasonRequired,
  fixed,
  onDone,
  onReload,
  onCancel,
  transform,
}: CommandFormProps & { onCancel?(): void }) {
  const { t } = useTranslation();
  const allFields: FieldSpec[] = [
    ...fields,
    { name: 'reason', label: reasonRequired ? 'form.reasonRequired' : 'form.reason', kind: 'textarea', required: reasonRequired, hint: 'form.reasonHint' },
  ];
  const [values, setValues] = useState<FormValues>(() => Object.fromEntries(allFields.map((f) => [f.name, f.initial ?? ''])));
  const mutation = useMutation({
    mutationFn: () => {
      const body = { ...bodyFrom(allFields, values), ...fixed };
      return request(path, { method: 'POST', body: transform ? transform(body) : body, ifMatch: version });
    },
    onSuccess: (r) => onDone(r.data),
  });
  const error = mutation.error;
  const mapped =
    error instanceof ApiError
      ? mapFieldErrors(
          error.fieldErrors,
          allFields.map((f) => f.name),
        )
      : null;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  const set = (name: string) => (value: string) => setValues((v) => ({ ...v, [name]: value }));

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t(title)}>
      <Stack>
        {error ? <ProblemAlert error={error} extra={mapped?.other} onReload={onReload} /> : null}
        {allFields.map((field) => (
          <Field key={field.name} field={field} value={values[field.name] ?? ''} onChange={set(field.name)} error={mapped?.fields[field.name]} />
        ))}
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('form.cancel')}
            </Button>
          )}
          <Button type="submit" loading={mutation.isPending}>
            {t('form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function Field({ field, value, onChange, error }: { field: FieldSpec; value: string; onChange(value: string): void; error?: string }) {
  const { t } = useTranslation();
  const common = { label: t(field.label), required: field.required, error, description: field.hint ? t(field.hint) : undefined, name: field.name };
  switch (field.kind) {
    case 'textarea':
    case 'lines':
      return <Textarea {...common} autosize minRows={2} value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'number':
    case 'integer':
      return <NumberInput {...common} value={value} allowDecimal={field.kind === 'number'} onChange={(v) => onChange(String(v))} />;
    case 'select':
      return (
        <NativeSelect
          {...common}
          value={value}
          data={[{ value: '', label: '—' }, ...(field.options ?? [])]}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'kpis':
      return <KpiRows label={common.label} value={value} onChange={onChange} error={error} />;
    case 'multiselect':
      return (
        <MultiSelect
          {...common}
          searchable
          value={value ? value.split('\n') : []}
          data={field.options ?? []}
          onChange={(picked) => onChange(picked.join('\n'))}
        />
      );
    case 'switch':
      // Mantine puts the description inside the <label>: aria-label keeps the name to the label, the hint stays a description
      return <Switch {...common} aria-label={common.label} checked={value === 'true'} onChange={(e) => onChange(e.currentTarget.checked ? 'true' : '')} />;
    case 'date':
      return <TextInput {...common} type="date" value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'datetime':
      return <TextInput {...common} type="datetime-local" value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
    default:
      return <TextInput {...common} value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}
