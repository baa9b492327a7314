import { AppError } from '@hotline/shared';
import { z } from 'zod';

/** Parses input with a zod schema; a failure is a 400 that names every bad field. */
export function parseInput<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const flat = z.flattenError(result.error);
    throw new AppError('VALIDATION_FAILED', 'The request is not valid', {
      fields: flat.fieldErrors,
      form: flat.formErrors,
    });
  }
  return result.data;
}
