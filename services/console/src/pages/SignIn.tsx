// Local accounts sign in with email and password; an OIDC button appears when the gateway says one is configured.
import { Alert, Button, Center, Divider, Group, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSession, type Providers } from '../auth/session';
import { ProblemAlert } from '../components/ProblemAlert';
import { LanguageToggle } from '../layout/LanguageToggle';
import { api, ApiError } from '../lib/api';
import { mapFieldErrors } from '../lib/form-errors';

/** Only same-origin paths: a returnTo of another site would make this page an open redirect. */
export function safeReturnTo(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/sign-in') ? value : '/';
}

export default function SignIn() {
  const { t } = useTranslation();
  const { user, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const providers = useQuery({ queryKey: ['session', 'providers'], queryFn: () => api.get<Providers>('/session/providers'), retry: false });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (user) return <Navigate to={returnTo} replace />;

  const fieldErrors = error instanceof ApiError && error.status === 400 ? mapFieldErrors(error.fieldErrors, ['email', 'password']) : null;
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
      navigate(returnTo, { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const oidc = providers.data?.oidc;

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder p="xl" radius="md" w="100%" maw={420}>
        <Stack>
          <Group justify="space-between">
            <Title order={1} size="h2">
              {t('session.title')}
            </Title>
            <LanguageToggle />
          </Group>
          {error instanceof ApiError && error.status === 401 ? (
            <Alert color="red" role="alert">
              {t('session.failed')}
            </Alert>
          ) : error && !fieldErrors ? (
            <ProblemAlert error={error} />
          ) : null}
          <form onSubmit={onSubmit} noValidate>
            <Stack>
              <TextInput
                label={t('session.email')}
                name="email"
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={fieldErrors?.fields.email}
              />
              <PasswordInput
                label={t('session.password')}
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={fieldErrors?.fields.password}
                visibilityToggleButtonProps={{ 'aria-label': t('session.showPassword') }}
              />
              <Button type="submit" loading={busy}>
                {t('session.submit')}
              </Button>
            </Stack>
          </form>
          {oidc && (
            <>
              <Divider label={t('session.or')} />
              <Button component="a" variant="outline" href={`${oidc.loginUrl}?returnTo=${encodeURIComponent(returnTo)}`}>
                {t('session.oidc')}
              </Button>
            </>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
