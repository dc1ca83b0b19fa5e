import { z } from 'zod';

export const signIn = z.object({
  email: z.string().trim().min(1, 'the email is required').max(320),
  password: z.string().min(1, 'the password is required').max(1024),
});
